/**
 * The analysts' summary of "Lägesbild Järva {year}": editable sections (a title and paragraphs
 * separated by a blank line), one summary per edition year, versioned in the object history
 * (kind 'report-summary', object id the year) like meetings and walks. A year nobody has written
 * yet is version 0 with its starting text: for 2023 the summary of the lägesbild itself
 * (demo/lagesbild-2023.ts, marked as the team's summary), for other years no sections.
 *
 * Every account reads every year's summary (it is printed in every edition); who writes it is
 * auth/access.ts `requireLagesbildEdit`. A write names the version it is based on (409 otherwise).
 */
import * as v from 'valibot';
import type { ReportSection } from '$lib/report/model';
import { DEMO_SUMMARY } from '$lib/report/demo/lagesbild-2023';
import { requireLagesbildEdit, type Viewer } from '../auth/access';
import { write, type Db } from '../db/database';
import { SqliteObjectHistory, type ObjectVersion } from '../db/object-history';
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

export class ReportSummaryStore {
	readonly #db: Db;
	readonly #history: SqliteObjectHistory;
	readonly #now: () => number;

	constructor(db: Db, now: () => number = Date.now) {
		this.#db = db;
		this.#history = new SqliteObjectHistory(db);
		this.#now = now;
	}

	#row(year: number): Row | undefined {
		return this.#db.prepare('SELECT * FROM report_summaries WHERE year = ?').get(year) as Row | undefined;
	}

	get(year: number): ReportSummary {
		const row = this.#row(year);
		if (!row) return { year, sections: startingSummary(year), version: 0, updatedAt: null, updatedBy: null };
		return { year, sections: JSON.parse(row.sections) as ReportSection[], version: row.version, updatedAt: row.updated_at, updatedBy: row.updated_by };
	}

	/** The years whose summary has been saved, ascending. */
	years(): number[] {
		return (this.#db.prepare('SELECT year FROM report_summaries ORDER BY year').all() as { year: number }[]).map((r) => r.year);
	}

	/**
	 * Replaces the year's sections (a new version). The caller holds the write with its audit row.
	 * @throws ForbiddenError, VersionConflictError (409) when `baseVersion` is not the current one.
	 */
	update(year: number, change: { baseVersion: number; sections: ReportSection[] }, viewer: Viewer, by: string, action: 'update' | 'restore' = 'update'): ReportSummary {
		requireLagesbildEdit(viewer);
		const sections = change.sections.map((s) => ({ title: s.title.trim(), body: s.body.replace(/\r\n/g, '\n').trim() }));
		return write(this.#db, () => {
			const current = this.get(year);
			if (current.version !== change.baseVersion) {
				throw new VersionConflictError(
					`Sammanfattningen för ${year} har ändrats sedan version ${change.baseVersion}: nu version ${current.version}${current.updatedBy ? ` (${current.updatedBy})` : ''}. Läs in den igen och gör din ändring där.`,
					{ baseVersion: change.baseVersion, current, yours: change }
				);
			}
			const at = new Date(this.#now()).toISOString();
			const version = current.version + 1;
			this.#db
				.prepare(
					`INSERT INTO report_summaries (year, sections, version, updated_at, updated_by) VALUES (?, ?, ?, ?, ?)
					 ON CONFLICT (year) DO UPDATE SET sections = excluded.sections, version = excluded.version, updated_at = excluded.updated_at, updated_by = excluded.updated_by`
				)
				.run(year, JSON.stringify(sections), version, at, by);
			this.#history.record<SummarySnapshot>('report-summary', String(year), {
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
	history(year: number): ObjectVersion<SummarySnapshot>[] {
		return this.#history.list<SummarySnapshot>('report-summary', String(year));
	}

	/** Makes `version` current again, as a new version. @throws NotFoundError for a version never saved. */
	restore(year: number, version: number, baseVersion: number, viewer: Viewer, by: string): ReportSummary {
		requireLagesbildEdit(viewer);
		const snapshot = this.#history.snapshot<SummarySnapshot>('report-summary', String(year), version);
		if (!snapshot) throw new NotFoundError(`Sammanfattningen för ${year} har ingen version ${version} att återställa.`);
		return this.update(year, { baseVersion, sections: snapshot.sections }, viewer, by, 'restore');
	}

	/** The fields the latest version changed, for the audit log. */
	lastChanged(year: number): string[] {
		return this.#history.lastChanged('report-summary', String(year));
	}
}
