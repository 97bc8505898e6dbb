/**
 * A measure (åtgärd) is what a trygghetsinventering ends in: something an organisation has
 * promised to do by a date. This module holds its life cycle (statuses and the steps allowed
 * between them), the schema a measure is checked against, and when it counts as overdue.
 */
import * as v from 'valibot';
import { calendarDate, formatValue, isRealDate, stockholmPosition } from '../inventory/fields';

export const MEASURE_STATUSES = ['föreslagen', 'beslutad', 'pågår', 'klar', 'avslagen'] as const;
export type MeasureStatus = (typeof MEASURE_STATUSES)[number];

export const MEASURE_STATUS_LABELS = {
	föreslagen: { sv: 'Föreslagen', en: 'Proposed' },
	beslutad: { sv: 'Beslutad', en: 'Decided' },
	pågår: { sv: 'Pågår', en: 'In progress' },
	klar: { sv: 'Klar', en: 'Done' },
	avslagen: { sv: 'Avslagen', en: 'Rejected' }
} as const satisfies Record<MeasureStatus, { sv: string; en: string }>;

/**
 * The steps a status may take. Backward steps exist because plans change: a decided measure
 * can go back to proposal (the budget fell through), a started one back to decided (paused),
 * and a closed one (klar, avslagen) can be reopened when the problem comes back.
 */
export const MEASURE_TRANSITIONS = {
	föreslagen: ['beslutad', 'avslagen'],
	beslutad: ['pågår', 'avslagen', 'föreslagen'],
	pågår: ['klar', 'beslutad'],
	klar: ['pågår'],
	avslagen: ['föreslagen']
} as const satisfies Record<MeasureStatus, readonly MeasureStatus[]>;

export function isMeasureStatus(value: unknown): value is MeasureStatus {
	return (MEASURE_STATUSES as readonly unknown[]).includes(value);
}

/**
 * Still to be done: föreslagen, beslutad and pågår. klar and avslagen are closed.
 *
 * @example
 * isOpen('pågår'); // true
 * isOpen('avslagen'); // false
 */
export function isOpen(status: MeasureStatus): boolean {
	return status === 'föreslagen' || status === 'beslutad' || status === 'pågår';
}

/** "a", "a eller b", "a, b eller c": the allowed statuses as a sentence. */
function either(statuses: readonly string[]): string {
	const quoted = statuses.map((s) => `"${s}"`);
	return quoted.length <= 1 ? quoted.join('') : `${quoted.slice(0, -1).join(', ')} eller ${quoted.at(-1)}`;
}

/**
 * Null when a measure may go from `from` to `to`, otherwise a Swedish sentence for the user
 * that names both statuses and the ones `from` may go to. Keeping the same status is not a
 * step and is always allowed, so an edit of the title alone passes.
 *
 * @example
 * checkTransition('föreslagen', 'beslutad'); // null
 * checkTransition('klar', 'beslutad');
 * // 'Statusen kan inte ändras från "klar" till "beslutad": från "klar" går det bara till "pågår".'
 */
export function checkTransition(from: MeasureStatus, to: MeasureStatus): string | null {
	for (const status of [from, to]) {
		if (!isMeasureStatus(status)) {
			return `Okänd status ${formatValue(status)}: välj en av ${either(MEASURE_STATUSES)}.`;
		}
	}
	if (from === to) return null;
	const allowed: readonly MeasureStatus[] = MEASURE_TRANSITIONS[from];
	if (allowed.includes(to)) return null;
	return `Statusen kan inte ändras från "${from}" till "${to}": från "${from}" går det bara till ${either(allowed)}.`;
}

/** The parts of a measure its schedule depends on. */
export interface Schedule {
	status: MeasureStatus;
	/** "YYYY-MM-DD", the last day the measure may be finished on. */
	dueDate: string;
}

/**
 * An open measure whose due date has passed. A measure due today is not overdue until
 * tomorrow: the deadline is the end of that day. Dates are compared as calendar dates, so pass
 * today as the date in Stockholm (`stockholmDate()`), not the UTC date.
 *
 * @example
 * isOverdue({ status: 'beslutad', dueDate: '2025-05-31' }, '2025-06-01'); // true
 * isOverdue({ status: 'klar', dueDate: '2025-05-31' }, '2025-06-01'); // false
 */
export function isOverdue(measure: Schedule, today: string): boolean {
	if (!isRealDate(today)) throw new RangeError(`Ogiltigt dagens datum ${formatValue(today)}: ange ÅÅÅÅ-MM-DD`);
	if (!isRealDate(measure.dueDate)) {
		throw new RangeError(`Ogiltigt slutdatum ${formatValue(measure.dueDate)}: ange ÅÅÅÅ-MM-DD`);
	}
	// "YYYY-MM-DD" strings sort as the dates they name
	return isOpen(measure.status) && measure.dueDate < today;
}


/** A reference to a feature on one of the map's layers, e.g. the insecure place a measure is for. */
const placeReference = v.object({
	layerId: v.pipe(v.string('layerId ska vara text'), v.nonEmpty('layerId är tomt')),
	featureId: v.pipe(v.string('featureId ska vara text'), v.nonEmpty('featureId är tomt'))
});

/**
 * A measure as a form or an import sends it. Whether its status may change is a separate
 * question (`checkTransition`), answered against the stored measure.
 *
 * @example
 * const result = v.safeParse(MeasureInput, body);
 * if (!result.success) error(400, result.issues[0].message);
 */
export const MeasureInput = v.object({
	title: v.pipe(
		v.string('Rubriken ska vara text'),
		v.trim(),
		v.minLength(3, (issue) => `Rubriken ${formatValue(issue.input)} är för kort: skriv minst 3 tecken`),
		v.maxLength(200, (issue) => `Rubriken har ${issue.received} tecken; högst 200 får plats`)
	),
	description: v.optional(
		v.pipe(
			v.string('Beskrivningen ska vara text'),
			v.trim(),
			v.maxLength(4000, (issue) => `Beskrivningen har ${issue.received} tecken; högst 4000 får plats`)
		),
		''
	),
	ownerOrganisationId: v.pipe(
		v.string('Ange vilken organisation som äger åtgärden'),
		v.trim(),
		v.nonEmpty('Ange vilken organisation som äger åtgärden')
	),
	dueDate: calendarDate('Slutdatumet'),
	status: v.picklist(
		MEASURE_STATUSES,
		(issue) => `Okänd status ${formatValue(issue.input)}: välj en av ${either(MEASURE_STATUSES)}`
	),
	place: v.optional(placeReference),
	position: v.optional(stockholmPosition)
});

export type MeasureInput = v.InferOutput<typeof MeasureInput>;
