/**
 * Reports of the weekly lägesbild (issue 16): what partners' staff report, one row per report,
 * keyed by the device's clientId so a resend after a lost answer is answered with the stored
 * report (the phone's outbox relies on it). Every change is a new version with its history
 * (report_history, through SqliteObjectHistory); a write names the version it is based on.
 *
 * Who sees a report: one rule in auth/access.ts (`canSeeReport`): the reporting organisation, the
 * operating organisation, the police and the system administrator. To anyone else it does not
 * exist: not listed, 404 by id. Who changes it: a redaktör of the reporting organisation.
 *
 * No personal data: the text is checked for anything shaped like a personnummer by the schema
 * (src/lib/reports/model.ts) before it reaches this store, and checked again here, so no path
 * (an import, a script) stores one.
 */
import type Database from 'better-sqlite3';
import { write, type Db } from '../db/database';
import { SqliteObjectHistory, type ObjectVersion } from '../db/object-history';
import { canSeeReport, mayEditReport, requireReportEdit, requireRole, requireSystemAdmin, seesAllReports, type OrgRef, type Viewer } from '../auth/access';
import { BadParamError, ConflictError, NotFoundError, VersionConflictError } from '../errors';
import { isoWeek } from '$lib/analysis/iso-week';
import { findPersonnummer, personnummerMessage } from '$lib/reports/personnummer';
import { timeOfDay, type ReportCategory, type TimeOfDay } from '$lib/reports/categories';
import type { NewReport, Report, ReportChange } from '$lib/reports/model';
import type { LonLat } from '$lib/inventory/fields';

export interface ReportFilter {
	/** ISO weeks, inclusive; both or neither. */
	fromWeek?: string;
	toWeek?: string;
	categories?: string[];
	organisations?: string[];
	districts?: string[];
	timesOfDay?: TimeOfDay[];
}

interface Row {
	id: string;
	category: string;
	category_label: string;
	date: string;
	time: string | null;
	end_date: string | null;
	week: string;
	lon: number;
	lat: number;
	place_name: string | null;
	district: string | null;
	text: string;
	organisation_id: string;
	organisation_name: string;
	example: number;
	source: string | null;
	source_id: string | null;
	version: number;
	deleted: number;
	created_at: string;
	created_by: string;
	updated_at: string;
	updated_by: string;
}

const SELECT = `SELECT r.*, c.label AS category_label, o.name AS organisation_name
	FROM reports r JOIN report_categories c ON c.id = r.category JOIN organisations o ON o.id = r.organisation_id`;

/** What a version records of a report (no derived fields). */
export type ReportSnapshot = Pick<Report, 'category' | 'date' | 'time' | 'endDate' | 'position' | 'placeName' | 'district' | 'text'>;

const snapshot = (row: Row): ReportSnapshot => ({
	category: row.category,
	date: row.date,
	time: row.time,
	endDate: row.end_date,
	position: [row.lon, row.lat],
	placeName: row.place_name,
	district: row.district,
	text: row.text
});

const notFound = (id: string) => new NotFoundError(`Rapporten ${id} finns inte (eller så får ditt konto inte se den).`);

/** A report made by something other than a person at a form: the demo's script, an import. */
export type ReportSeed = NewReport & {
	organisationId: string;
	example?: boolean;
	createdAt?: string;
	/** Imported: the source ("Tyck till") and the report's id there. */
	source?: string | null;
	sourceId?: string | null;
};

export class ReportStore {
	readonly #db: Db;
	readonly #history: SqliteObjectHistory;
	readonly #operator: () => string | null;
	readonly #districtOf: (position: LonLat) => string | null;
	readonly #now: () => number;

	/**
	 * `operator`: the operating organisation's id (AccountStore.operator); `districtOf`: the
	 * district a point lies in (from the stadsdelar layer).
	 */
	constructor(db: Db, operator: () => string | null, districtOf: (position: LonLat) => string | null, now: () => number = Date.now) {
		this.#db = db;
		this.#history = new SqliteObjectHistory(db, 'report_history');
		this.#operator = operator;
		this.#districtOf = districtOf;
		this.#now = now;
	}

	#at = () => new Date(this.#now()).toISOString();

	// Categories

	categories(): ReportCategory[] {
		return (this.#db.prepare('SELECT id, label, active FROM report_categories ORDER BY position, label').all() as { id: string; label: string; active: number }[]).map((c) => ({
			id: c.id,
			label: c.label,
			active: c.active === 1
		}));
	}

	/** Only the system administrator changes the category list: checked before a route reads the body. */
	authoriseCategories(viewer: Viewer, operator: OrgRef | null): void {
		requireSystemAdmin(viewer, 'ändra listan över rapportkategorier', operator);
	}

	/** A new category (the system administrator): its id is made from the label. */
	addCategory(label: string, viewer: Viewer, operator: OrgRef | null): ReportCategory {
		requireSystemAdmin(viewer, 'lägga till rapportkategorier', operator);
		const id = slug(label);
		if (!id) throw new BadParamError('label', 'Kategorins namn behöver minst en bokstav eller siffra.');
		if (this.#db.prepare('SELECT 1 FROM report_categories WHERE id = ? OR label = ? COLLATE NOCASE').get(id, label)) {
			throw new ConflictError(`Kategorin ”${label}” finns redan.`);
		}
		const position = (this.#db.prepare('SELECT COALESCE(MAX(position), 0) + 1 AS p FROM report_categories').get() as { p: number }).p;
		this.#db.prepare('INSERT INTO report_categories (id, label, position, active, created_at) VALUES (?, ?, ?, 1, ?)').run(id, label, position, this.#at());
		return { id, label, active: true };
	}

	/** Retire a category (not offered for new reports; old reports keep it) or bring it back. */
	setCategoryActive(id: string, active: boolean, viewer: Viewer, operator: OrgRef | null): ReportCategory {
		requireSystemAdmin(viewer, 'ändra rapportkategorier', operator);
		const result = this.#db.prepare('UPDATE report_categories SET active = ? WHERE id = ?').run(active ? 1 : 0, id);
		if (result.changes === 0) throw new NotFoundError(`Rapportkategorin ${id} finns inte.`);
		return this.categories().find((c) => c.id === id)!;
	}

	#checkCategory(id: string, isNew: boolean): void {
		const row = this.#statement('SELECT active FROM report_categories WHERE id = ?').get(id) as { active: number } | undefined;
		if (!row || (isNew && row.active === 0)) {
			const offered = this.categories().filter((c) => c.active);
			throw new BadParamError('category', `Okänd kategori "${id.slice(0, 60)}". Välj en av: ${offered.map((c) => c.label).join(', ')}.`, offered.map((c) => c.id));
		}
	}

	readonly #statements = new Map<string, Database.Statement>();
	/** A prepared statement, kept: an import inserts thousands of reports in one write. */
	#statement(sql: string): Database.Statement {
		let statement = this.#statements.get(sql);
		if (!statement) this.#statements.set(sql, (statement = this.#db.prepare(sql)));
		return statement;
	}

	// Reports

	#row(id: string, viewer?: Viewer): Row {
		const row = this.#db.prepare(`${SELECT} WHERE r.id = ? AND r.deleted = 0`).get(id) as Row | undefined;
		if (!row || (viewer && !canSeeReport(viewer, row.organisation_id, this.#operator()))) throw notFound(id);
		return row;
	}

	view(row: Row, viewer: Viewer): Report {
		return {
			id: row.id,
			category: row.category,
			categoryLabel: row.category_label,
			date: row.date,
			time: row.time,
			endDate: row.end_date,
			week: row.week,
			position: [row.lon, row.lat],
			placeName: row.place_name,
			district: row.district,
			text: row.text,
			organisationId: row.organisation_id,
			organisationName: row.organisation_name,
			example: row.example === 1,
			source: row.source,
			sourceId: row.source_id,
			mayEdit: mayEditReport(viewer, { organisation: { id: row.organisation_id, name: row.organisation_name } }),
			version: row.version,
			createdAt: row.created_at,
			createdBy: row.created_by,
			updatedAt: row.updated_at,
			updatedBy: row.updated_by
		};
	}

	/** Whether the viewer sees every organisation's reports (else only their own organisation's). */
	seesAll(viewer: Viewer): boolean {
		return seesAllReports(viewer, this.#operator());
	}

	get(id: string, viewer: Viewer): Report {
		return this.view(this.#row(id, viewer), viewer);
	}

	/** Reports the viewer may see, oldest first, filtered. */
	list(filter: ReportFilter, viewer: Viewer): Report[] {
		const where = ['r.deleted = 0'];
		const params: unknown[] = [];
		if (!this.seesAll(viewer)) {
			where.push('r.organisation_id = ?');
			params.push(viewer.organisation.id);
		}
		if (filter.fromWeek && filter.toWeek) {
			where.push('r.week BETWEEN ? AND ?');
			params.push(filter.fromWeek, filter.toWeek);
		}
		const among = (column: string, values?: string[]) => {
			if (!values?.length) return;
			where.push(`${column} IN (${values.map(() => '?').join(', ')})`);
			params.push(...values);
		};
		among('r.category', filter.categories);
		among('r.organisation_id', filter.organisations);
		among('r.district', filter.districts);
		const rows = this.#db.prepare(`${SELECT} WHERE ${where.join(' AND ')} ORDER BY r.date, r.time, r.created_at`).all(...params) as Row[];
		const times = filter.timesOfDay?.length ? new Set(filter.timesOfDay) : null;
		return rows.filter((row) => !times || times.has(timeOfDay(row.end_date ? null : row.time))).map((row) => this.view(row, viewer));
	}

	/** A write's rights, checked before the endpoint reads the body. */
	authorise(id: string, viewer: Viewer): void {
		requireRole(viewer, 'redaktör');
		const row = this.#row(id, viewer);
		requireReportEdit(viewer, { organisation: { id: row.organisation_id, name: row.organisation_name } });
	}

	/**
	 * Stores a report under the device's clientId, reported by the viewer's organisation. The
	 * same clientId again (a resend) answers with the stored report (`created: false`), whatever
	 * the body; an id taken by another organisation's report is a 409.
	 */
	create(input: NewReport, viewer: Viewer, by: string): { report: Report; created: boolean } {
		requireRole(viewer, 'redaktör');
		return write(this.#db, () => {
			const existing = this.#db.prepare(`${SELECT} WHERE r.id = ?`).get(input.clientId) as Row | undefined;
			if (existing) {
				if (existing.organisation_id !== viewer.organisation.id || existing.deleted) throw new ConflictError(`Rapport-id ${input.clientId} används redan; skicka rapporten med ett nytt id.`);
				return { report: this.view(existing, viewer), created: false };
			}
			this.#insert({ ...input, organisationId: viewer.organisation.id }, by);
			return { report: this.get(input.clientId, viewer), created: true };
		});
	}

	/** Many reports at once, all or nothing (the demo's script, an import); no viewer: the caller checked. */
	seed(reports: ReportSeed[], by: string): number {
		return write(this.#db, () => {
			for (const report of reports) this.#insert(report, by);
			return reports.length;
		});
	}

	#insert(input: ReportSeed, by: string): void {
		this.#checkText(input.text, input.placeName);
		this.#checkCategory(input.category, true);
		const at = input.createdAt ?? this.#at();
		const district = this.#districtOf(input.position);
		this.#statement(
			`INSERT INTO reports (id, category, date, time, end_date, week, lon, lat, place_name, district, text, organisation_id, example, source, source_id, version, deleted, created_at, created_by, updated_at, updated_by)
			 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, 0, ?, ?, ?, ?)`
		).run(
				input.clientId,
				input.category,
				input.date,
				input.endDate ? null : (input.time ?? null),
				input.endDate ?? null,
				isoWeek(`${input.date}T12:00:00Z`),
				input.position[0],
				input.position[1],
				input.placeName ?? null,
				district,
				input.text,
				input.organisationId,
				input.example ? 1 : 0,
				input.source ?? null,
				input.sourceId ?? null,
				at,
				by,
				at,
				by
			);
		const row = this.#statement(`${SELECT} WHERE r.id = ?`).get(input.clientId) as Row;
		this.#history.record('report', input.clientId, { version: 1, action: 'create', at, by, before: null, after: snapshot(row) });
	}

	#checkText(...texts: (string | null | undefined)[]): void {
		for (const text of texts) {
			const found = text ? findPersonnummer(text) : null;
			if (found) throw new BadParamError('text', personnummerMessage(found));
		}
	}

	update(id: string, change: ReportChange, viewer: Viewer, by: string): Report {
		const { baseVersion, ...fields } = change;
		return write(this.#db, () => {
			this.authorise(id, viewer);
			const row = this.#row(id, viewer);
			if (row.version !== baseVersion) {
				const current = this.view(row, viewer);
				throw new VersionConflictError(`Rapporten har ändrats av ${current.updatedBy} sedan du läste den (du utgick från version ${baseVersion}, nu version ${current.version}).`, {
					baseVersion,
					current,
					yours: change
				});
			}
			this.#checkText(fields.text, fields.placeName);
			if (fields.category !== undefined && fields.category !== row.category) this.#checkCategory(fields.category, true);
			const next = { ...snapshot(row), ...Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) } as ReportSnapshot;
			if (next.endDate) next.time = null;
			if (next.endDate && next.endDate < next.date) throw new BadParamError('endDate', 'En period kan inte sluta före den börjar.');
			if (fields.position) next.district = this.#districtOf(next.position);
			const at = this.#at();
			this.#db
				.prepare(
					'UPDATE reports SET category = ?, date = ?, time = ?, end_date = ?, week = ?, lon = ?, lat = ?, place_name = ?, district = ?, text = ?, version = version + 1, updated_at = ?, updated_by = ? WHERE id = ?'
				)
				.run(next.category, next.date, next.time, next.endDate, isoWeek(`${next.date}T12:00:00Z`), next.position[0], next.position[1], next.placeName, next.district, next.text, at, by, id);
			this.#history.record('report', id, { version: row.version + 1, action: 'update', at, by, before: snapshot(row), after: next });
			return this.get(id, viewer);
		});
	}

	remove(id: string, baseVersion: number, viewer: Viewer, by: string): void {
		write(this.#db, () => {
			this.authorise(id, viewer);
			const row = this.#row(id, viewer);
			if (row.version !== baseVersion) {
				throw new VersionConflictError(`Rapporten har ändrats sedan du läste den (du utgick från version ${baseVersion}, nu version ${row.version}).`, {
					baseVersion,
					current: this.view(row, viewer),
					yours: null
				});
			}
			const at = this.#at();
			this.#db.prepare('UPDATE reports SET deleted = 1, version = version + 1, updated_at = ?, updated_by = ? WHERE id = ?').run(at, by, id);
			this.#history.record('report', id, { version: row.version + 1, action: 'delete', at, by, before: snapshot(row), after: null });
		});
	}

	history(id: string, viewer: Viewer): ObjectVersion<ReportSnapshot>[] {
		this.#row(id, viewer);
		return this.#history.list<ReportSnapshot>('report', id);
	}

	/** Which of `sourceIds` the organisation has already imported from `source` (deleted ones too: never twice). */
	importedSourceIds(organisationId: string, source: string, sourceIds: readonly string[]): Set<string> {
		const found = new Set<string>();
		const query = this.#statement('SELECT source_id FROM reports WHERE organisation_id = ? AND source = ? AND source_id = ?').pluck();
		for (const id of sourceIds) if (query.get(organisationId, source, id) !== undefined) found.add(id);
		return found;
	}

	/** How many reports are stored (deleted ones included): the demo's script seeds only an empty store. */
	count(): number {
		return (this.#db.prepare('SELECT COUNT(*) AS n FROM reports').get() as { n: number }).n;
	}
}

/** "Trasiga bänkar" → "trasiga-bankar". */
export function slug(label: string): string {
	return label
		.toLowerCase()
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-+|-+$/g, '')
		.slice(0, 60);
}
