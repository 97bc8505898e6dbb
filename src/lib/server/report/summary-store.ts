/**
 * The analysts' summary of "Lägesbild Järva {year}": editable sections (a title and paragraphs
 * separated by a blank line), one summary per edition year, versioned in the object history
 * (kind 'report-summary', object id the year) like meetings and walks. A year nobody has written
 * yet is version 0 with its starting text: for 2023 the summary of the lägesbild itself
 * (demo/lagesbild-2023.ts, marked as the team's summary), for other years no sections.
 *
 * Every account reads every year's summary (it is printed in every edition); who writes it is
 * auth/access.ts `requireLagesbildEdit`. A write names the version it is based on (409 otherwise).
 * Runs on SQLite and PostgreSQL alike (db/app-database.ts; summary-store.test.ts runs on both).
 */
import * as v from 'valibot';
import { sql } from 'kysely';
import type { ReportSection } from '$lib/report/model';
import { DEMO_SUMMARY } from '$lib/report/demo/lagesbild-2023';
import { requireLagesbildEdit, type Viewer } from '../auth/access';
import type { AppDatabase } from '../db/app-database';
import { ObjectHistory, type ObjectVersion } from '../db/object-history';
import { BadParamError, NotFoundError, VersionConflictError } from '../errors';

export interface ReportSummary {
	year: number;
	sections: ReportSection[];
	/** 0: never saved (the starting text). */
	version: number;
	updatedAt: string | null;
	updatedBy: string | null;
}

/** What a version of a summary holds. */
export interface SummarySnapshot {
	sections: ReportSection[];
}

export const FIRST_YEAR = 2000;
export const LAST_YEAR = 2100;
export const MAX_SECTIONS = 20;

const title = v.pipe(
	v.string('rubriken ska vara text'),
	v.trim(),
	v.minLength(1, 'varje avsnitt behöver en rubrik'),
	v.maxLength(120, 'en rubrik får vara högst 120 tecken')
);
const body = v.pipe(v.string('texten ska vara text'), v.maxLength(20_000, 'ett avsnitt får vara högst 20 000 tecken'));
export const SummarySections = v.pipe(
	v.array(v.object({ title, body }), 'avsnitten ska vara en lista'),
	v.maxLength(MAX_SECTIONS, `sammanfattningen får ha högst ${MAX_SECTIONS} avsnitt`)
);
const baseVersion = v.pipe(v.number('ange versionen som ett heltal'), v.integer('ange versionen som ett heltal'), v.minValue(0, 'versionen är 0 eller mer'));
/** PUT body: the whole list of sections, based on `baseVersion` (0 for a year never saved). */
export const SummaryChange = v.object({ baseVersion, sections: SummarySections });
export const SummaryRestore = v.object({ version: v.pipe(v.number(), v.integer(), v.minValue(1, 'versionen är 1 eller mer')), baseVersion });

/** The edition year from a path parameter. @throws BadParamError (400) naming the range. */
export function editionYear(text: string): number {
	const year = /^\d{4}$/.test(text) ? Number(text) : NaN;
	if (!(year >= FIRST_YEAR && year <= LAST_YEAR)) {
		throw new BadParamError('year', `”${text.slice(0, 20)}” är inget årtal för en lägesbild: skriv ett år mellan ${FIRST_YEAR} och ${LAST_YEAR}, till exempel 2023.`);
	}
	return year;
}

/** The text a year starts with before anyone saves it. */
export const startingSummary = (year: number): ReportSection[] => (year === 2023 ? DEMO_SUMMARY.map((s) => ({ ...s })) : []);

interface Row {
	year: number;
	sections: string;
	version: number;
	updated_at: string;
	updated_by: string;
}

/** A year the table can hold: an edition year outside it has no saved summary (PostgreSQL's integer refuses it). */
const storable = (year: number) => Number.isInteger(year) && year >= FIRST_YEAR && year <= LAST_YEAR;

export class ReportSummaryStore {
	readonly #database: AppDatabase;
	readonly #history: ObjectHistory;
	readonly #now: () => number;

	constructor(database: AppDatabase, now: () => number = Date.now) {
		this.#database = database;
		this.#history = new ObjectHistory(database);
		this.#now = now;
	}

	async #row(year: number): Promise<Row | undefined> {
		if (!storable(year)) return undefined;
		const { rows } = await sql<Row>`SELECT * FROM report_summaries WHERE year = ${year}`.execute(this.#database.query);
		return rows[0];
	}

	async get(year: number): Promise<ReportSummary> {
		const row = await this.#row(year);
		if (!row) return { year, sections: startingSummary(year), version: 0, updatedAt: null, updatedBy: null };
		return { year, sections: JSON.parse(row.sections) as ReportSection[], version: row.version, updatedAt: row.updated_at, updatedBy: row.updated_by };
	}

	/** The years whose summary has been saved, ascending. */
	async years(): Promise<number[]> {
		const { rows } = await sql<{ year: number }>`SELECT year FROM report_summaries ORDER BY year`.execute(this.#database.query);
		return rows.map((r) => r.year);
	}

	/**
	 * Replaces the year's sections (a new version). The caller holds the write with its audit row.
	 * @throws ForbiddenError, BadParamError for a year outside FIRST_YEAR–LAST_YEAR, VersionConflictError
	 * (409) when `baseVersion` is not the current one.
	 */
	async update(year: number, change: { baseVersion: number; sections: ReportSection[] }, viewer: Viewer, by: string, action: 'update' | 'restore' = 'update'): Promise<ReportSummary> {
		requireLagesbildEdit(viewer);
		if (!storable(year)) editionYear(String(year));
		const sections = change.sections.map((s) => ({ title: s.title.trim(), body: s.body.replace(/\r\n/g, '\n').trim() }));
		return this.#database.write(async () => {
			const current = await this.get(year);
			if (current.version !== change.baseVersion) {
				throw new VersionConflictError(
					`Sammanfattningen för ${year} har ändrats sedan version ${change.baseVersion}: nu version ${current.version}${current.updatedBy ? ` (${current.updatedBy})` : ''}. Läs in den igen och gör din ändring där.`,
					{ baseVersion: change.baseVersion, current, yours: change }
				);
			}
			const at = new Date(this.#now()).toISOString();
			const version = current.version + 1;
			await sql`INSERT INTO report_summaries (year, sections, version, updated_at, updated_by) VALUES (${year}, ${JSON.stringify(sections)}, ${version}, ${at}, ${by})
				ON CONFLICT (year) DO UPDATE SET sections = excluded.sections, version = excluded.version, updated_at = excluded.updated_at, updated_by = excluded.updated_by`.execute(
				this.#database.query
			);
			await this.#history.record<SummarySnapshot>('report-summary', String(year), {
				version,
				action: current.version === 0 ? 'create' : action,
				at,
				by,
				before: current.version === 0 ? null : { sections: current.sections },
				after: { sections }
			});
			return this.get(year);
		});
	}

	/** Every saved version of the year's summary, oldest first. */
	history(year: number): Promise<ObjectVersion<SummarySnapshot>[]> {
		return this.#history.list<SummarySnapshot>('report-summary', String(year));
	}

	/** Makes `version` current again, as a new version. @throws NotFoundError for a version never saved. */
	async restore(year: number, version: number, baseVersion: number, viewer: Viewer, by: string): Promise<ReportSummary> {
		requireLagesbildEdit(viewer);
		const snapshot = await this.#history.snapshot<SummarySnapshot>('report-summary', String(year), version);
		if (!snapshot) throw new NotFoundError(`Sammanfattningen för ${year} har ingen version ${version} att återställa.`);
		return this.update(year, { baseVersion, sections: snapshot.sections }, viewer, by, 'restore');
	}

	/** The fields the latest version changed, for the audit log. */
	lastChanged(year: number): Promise<string[]> {
		return this.#history.lastChanged('report-summary', String(year));
	}
}
