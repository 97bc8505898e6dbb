/**
 * A report (händelserapport) of the weekly lägesbild: what a partner's staff saw or dealt with,
 * where and when. The types the server answers with and the valibot schemas the form and the
 * endpoint both check input against. No I/O.
 *
 * When: a day and, if known, a time of day (`date`, `time`), or a period (`date` to `endDate`,
 * no time). Where: always a point (`position`); when the reporter picked a street or place by
 * search, its name is kept in `placeName`. The reporting organisation is the reporter's own,
 * never a field of the body.
 */
import * as v from 'valibot';
import { calendarDate, isRealDate, stockholmPosition, type LonLat } from '$lib/inventory/fields';
import { findPersonnummer, personnummerMessage } from './personnummer';

export const MAX_REPORT_TEXT = 1000;
/** A period may span at most this many days (longer is not an incident of a week). */
export const MAX_PERIOD_DAYS = 31;

export interface Report {
	/** The device's clientId. */
	id: string;
	category: string;
	categoryLabel: string;
	/** YYYY-MM-DD (the start of a period). */
	date: string;
	/** HH:MM, Stockholm time, or null. */
	time: string | null;
	/** The last day of a period, or null. */
	endDate: string | null;
	/** ISO week of `date`, e.g. "2026-W05". */
	week: string;
	position: LonLat;
	placeName: string | null;
	/** The district (stadsdel) the point lies in, or null outside Järva's districts. */
	district: string | null;
	text: string;
	organisationId: string;
	organisationName: string;
	/** Invented by the demo's seeded script ("Exempel – påhittade händelser"). */
	example: boolean;
	/** Imported from a file: its source ("Tyck till", a partner's system) and the id there; null from the form. */
	source: string | null;
	sourceId: string | null;
	/** Whether the asking account may change it (a redaktör of the reporting organisation). */
	mayEdit: boolean;
	version: number;
	createdAt: string;
	createdBy: string;
	updatedAt: string;
	updatedBy: string;
}

const time = v.pipe(
	v.string('tid ska vara TT:MM'),
	v.regex(/^([01]\d|2[0-3]):[0-5]\d$/, (issue) => `tiden ${JSON.stringify(issue.input)} är ingen tid: ange TT:MM, t.ex. 21:30`)
);

const text = v.pipe(
	v.string('text ska vara en text'),
	v.trim(),
	v.minLength(3, 'skriv kort vad som hände (minst 3 tecken)'),
	v.maxLength(MAX_REPORT_TEXT, `texten får vara högst ${MAX_REPORT_TEXT} tecken`),
	v.check((value) => findPersonnummer(value) === null, (issue) => personnummerMessage(findPersonnummer(String(issue.input)) ?? ''))
);

const placeName = v.nullish(v.pipe(v.string(), v.trim(), v.maxLength(120, 'platsens namn får vara högst 120 tecken'), v.check((value) => findPersonnummer(value) === null, 'platsens namn ser ut att innehålla ett personnummer')));

function days(from: string, to: string): number {
	return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** The fields of a report a person gives (the form, a PATCH). */
export const ReportFields = {
	category: v.pipe(v.string('kategori saknas'), v.minLength(1, 'välj en kategori'), v.maxLength(60)),
	date: calendarDate('datum'),
	time: v.nullish(time),
	endDate: v.nullish(calendarDate('slutdatum')),
	position: stockholmPosition,
	placeName,
	text
};

type When = { date: string; time?: string | null; endDate?: string | null };
const whenIsConsistent = (input: When) =>
	!input.endDate || !isRealDate(input.date) || (days(input.date, input.endDate) >= 0 && days(input.date, input.endDate) <= MAX_PERIOD_DAYS);

const NewReportObject = v.object({
	clientId: v.pipe(v.string('clientId saknas'), v.uuid('clientId ska vara ett UUID från enheten')),
	...ReportFields
});

export const NewReport = v.pipe(
	NewReportObject,
	v.forward(
		v.partialCheck([['date'], ['endDate']], (input) => whenIsConsistent(input), `en period slutar samma dag eller upp till ${MAX_PERIOD_DAYS} dagar efter att den börjar`),
		['endDate']
	),
	v.forward(
		v.partialCheck([['time'], ['endDate']], (input: Partial<When>) => !(input.endDate && input.time), 'ange antingen en tid eller en period, inte båda'),
		['time']
	)
);
export type NewReport = v.InferOutput<typeof NewReportObject>;

export const ReportChange = v.pipe(
	v.object({
		baseVersion: v.pipe(v.number('ange versionen som ett heltal'), v.integer(), v.minValue(1)),
		category: v.optional(ReportFields.category),
		date: v.optional(ReportFields.date),
		time: v.optional(v.nullable(time)),
		endDate: v.optional(v.nullable(calendarDate('slutdatum'))),
		position: v.optional(ReportFields.position),
		placeName: v.optional(v.nullable(v.pipe(v.string(), v.trim(), v.maxLength(120)))),
		text: v.optional(text)
	})
);
export type ReportChange = v.InferOutput<typeof ReportChange>;

/**
 * The first problem with a report the form is about to save, in the words the server would use,
 * or null. The form checks before queueing, so a report that would be refused never waits in the
 * phone's queue.
 */
export function reportProblem(input: unknown): { field: string; message: string } | null {
	const parsed = v.safeParse(NewReport, input);
	if (parsed.success) return null;
	const issue = parsed.issues[0];
	return { field: v.getDotPath(issue) ?? 'report', message: issue.message };
}
