/**
 * Reports of the weekly lägesbild (issue 16): what partners' staff report, one row per report,
 * keyed by the device's clientId so a resend after a lost answer is answered with the stored
 * report (the phone's outbox relies on it). Every change is a new version with its history
 * (report_history, through ObjectHistory); a write names the version it is based on.
 *
 * Who sees a report: one rule in auth/access.ts (`canSeeReport`): the reporting organisation, the
 * operating organisation, the police and the system administrator. To anyone else it does not
 * exist: not listed, 404 by id. Who changes it: a redaktör of the reporting organisation.
 *
 * No personal data: the text is checked for anything shaped like a personnummer by the schema
 * (src/lib/reports/model.ts) before it reaches this store, and checked again here, so no path
 * (an import, a script) stores one.
 *
 * Runs on SQLite and PostgreSQL alike (db/app-database.ts; report-store.test.ts runs on both).
 */
import { sql, type RawBuilder } from 'kysely';
import type { AppDatabase } from '../db/app-database';
import { ObjectHistory, type ObjectVersion } from '../db/object-history';
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
	/** 1/0 on SQLite, true/false on PostgreSQL: read with Boolean(). */
	example: number | boolean;
	source: string | null;
	source_id: string | null;
	version: number;
	deleted: number | boolean;
	created_at: string;
	created_by: string;
	updated_at: string;
	updated_by: string;
}

const SELECT = sql`SELECT r.*, c.label AS category_label, o.name AS organisation_name
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
	readonly #database: AppDatabase;
	readonly #history: ObjectHistory;
	readonly #operator: () => string | null;
	readonly #districtOf: (position: LonLat) => string | null;
	readonly #now: () => number;

	/**
	 * `operator`: the operating organisation's id (AccountStore.operator); `districtOf`: the
	 * district a point lies in (from the stadsdelar layer).
	 */
	constructor(database: AppDatabase, operator: () => string | null, districtOf: (position: LonLat) => string | null, now: () => number = Date.now) {
		this.#database = database;
		this.#history = new ObjectHistory(database, 'report_history');
		this.#operator = operator;
		this.#districtOf = districtOf;
		this.#now = now;
	}

	#at = () => new Date(this.#now()).toISOString();

	async #rows<T = Row>(query: RawBuilder<unknown>): Promise<T[]> {
		return (await query.execute(this.#database.query)).rows as T[];
	}

	// Categories

	async categories(): Promise<ReportCategory[]> {
		const rows = await this.#rows<{ id: string; label: string; active: number | boolean }>(sql`SELECT id, label, active FROM report_categories ORDER BY position, label`);
		return rows.map((c) => ({ id: c.id, label: c.label, active: Boolean(c.active) }));
	}

	/** Only the system administrator changes the category list: checked before a route reads the body. */
	authoriseCategories(viewer: Viewer, operator: OrgRef | null): void {
		requireSystemAdmin(viewer, 'ändra listan över rapportkategorier', operator);
	}

	/** A new category (the system administrator): its id is made from the label. */
	async addCategory(label: string, viewer: Viewer, operator: OrgRef | null): Promise<ReportCategory> {
		requireSystemAdmin(viewer, 'lägga till rapportkategorier', operator);
		const id = slug(label);
		if (!id) throw new BadParamError('label', 'Kategorins namn behöver minst en bokstav eller siffra.');
		return this.#database.write(async () => {
			if ((await this.#rows(sql`SELECT 1 FROM report_categories WHERE id = ${id} OR label = ${label} COLLATE NOCASE`)).length) {
				throw new ConflictError(`Kategorin ”${label}” finns redan.`);
			}
			const [next] = await this.#rows<{ p: number }>(sql`SELECT COALESCE(MAX(position), 0) + 1 AS p FROM report_categories`);
			await sql`INSERT INTO report_categories (id, label, position, active, created_at) VALUES (${id}, ${label}, ${next!.p}, ${true}, ${this.#at()})`.execute(this.#database.query);
			return { id, label, active: true };
		});
	}

	/** Retire a category (not offered for new reports; old reports keep it) or bring it back. */
	async setCategoryActive(id: string, active: boolean, viewer: Viewer, operator: OrgRef | null): Promise<ReportCategory> {
		requireSystemAdmin(viewer, 'ändra rapportkategorier', operator);
		const [row] = await this.#database.write(() =>
			this.#rows<{ id: string; label: string; active: number | boolean }>(sql`UPDATE report_categories SET active = ${active} WHERE id = ${id} RETURNING id, label, active`)
		);
		if (!row) throw new NotFoundError(`Rapportkategorin ${id.slice(0, 60)} finns inte.`);
		return { id: row.id, label: row.label, active: Boolean(row.active) };
	}

	/** @param known the categories read once for many reports (a seed, an import), inside the same write. */
	async #checkCategory(id: string, isNew: boolean, known?: ReportCategory[]): Promise<void> {
		const [row] = known
			? known.filter((c) => c.id === id)
			: id.includes('\u0000')
				? []
				: await this.#rows<{ active: number | boolean }>(sql`SELECT active FROM report_categories WHERE id = ${id}`);
		if (!row || (isNew && !row.active)) {
			const offered = (await this.categories()).filter((c) => c.active);
			throw new BadParamError('category', `Okänd kategori "${id.slice(0, 60)}". Välj en av: ${offered.map((c) => c.label).join(', ')}.`, offered.map((c) => c.id));
		}
	}

	// Reports

	async #row(id: string, viewer?: Viewer): Promise<Row> {
		// PostgreSQL cannot hold a NUL in text (it refuses the query): no report has such an id.
		if (id.includes('\u0000')) throw notFound(id);
		const [row] = await this.#rows(sql`${SELECT} WHERE r.id = ${id} AND r.deleted = ${false}`);
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
			example: Boolean(row.example),
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

	async get(id: string, viewer: Viewer): Promise<Report> {
		return this.view(await this.#row(id, viewer), viewer);
	}

	/** Reports the viewer may see, oldest first, filtered. */
	async list(filter: ReportFilter, viewer: Viewer): Promise<Report[]> {
		const where = [sql`r.deleted = ${false}`];
		if (!this.seesAll(viewer)) where.push(sql`r.organisation_id = ${viewer.organisation.id}`);
		if (filter.fromWeek && filter.toWeek) where.push(sql`r.week BETWEEN ${filter.fromWeek} AND ${filter.toWeek}`);
		const among = (column: string, values?: string[]) => {
			if (!values?.length) return;
			// A value with a NUL names nothing stored (and PostgreSQL refuses it in a query).
			const storable = values.filter((value) => !value.includes('\u0000'));
			where.push(storable.length ? sql`${sql.ref(column)} IN (${sql.join(storable)})` : sql`1 = 0`);
		};
		among('r.category', filter.categories);
		among('r.organisation_id', filter.organisations);
		among('r.district', filter.districts);
		// A period has no time: COALESCE sorts it first on both databases (PostgreSQL puts NULLs last).
		const rows = await this.#rows(sql`${SELECT} WHERE ${sql.join(where, sql` AND `)} ORDER BY r.date, COALESCE(r.time, ''), r.created_at`);
		const times = filter.timesOfDay?.length ? new Set(filter.timesOfDay) : null;
		return rows.filter((row) => !times || times.has(timeOfDay(row.end_date ? null : row.time))).map((row) => this.view(row, viewer));
	}

	/** A write's rights, checked before the endpoint reads the body. */
	async authorise(id: string, viewer: Viewer): Promise<void> {
		requireRole(viewer, 'redaktör');
		const row = await this.#row(id, viewer);
		requireReportEdit(viewer, { organisation: { id: row.organisation_id, name: row.organisation_name } });
	}

	/**
	 * Stores a report under the device's clientId, reported by the viewer's organisation. The
	 * same clientId again (a resend) answers with the stored report (`created: false`), whatever
	 * the body; an id taken by another organisation's report is a 409.
	 */
	async create(input: NewReport, viewer: Viewer, by: string): Promise<{ report: Report; created: boolean }> {
		requireRole(viewer, 'redaktör');
		return this.#database.write(async () => {
			if (input.clientId.includes('\u0000')) throw new BadParamError('clientId', 'Rapport-id får inte innehålla nolltecken (NUL).');
			const [existing] = await this.#rows(sql`${SELECT} WHERE r.id = ${input.clientId}`);
			if (existing) {
				if (existing.organisation_id !== viewer.organisation.id || existing.deleted) throw new ConflictError(`Rapport-id ${input.clientId} används redan; skicka rapporten med ett nytt id.`);
				return { report: this.view(existing, viewer), created: false };
			}
			await this.#insert([{ ...input, organisationId: viewer.organisation.id }], by);
			return { report: await this.get(input.clientId, viewer), created: true };
		});
	}

	/** Many reports at once, all or nothing (the demo's script, an import); no viewer: the caller checked. */
	async seed(reports: ReportSeed[], by: string): Promise<number> {
		return this.#database.write(async () => {
			await this.#insert(reports, by);
			return reports.length;
		});
	}

	/**
	 * Inserts reports, each checked first (text, category), with their first versions: 500 to a
	 * statement, so an import or the demo year (thousands) is a few round trips, not thousands.
	 */
	async #insert(reports: readonly ReportSeed[], by: string): Promise<void> {
		if (reports.length === 0) return;
		// The categories once, not once a report.
		const categories = await this.categories();
		for (let i = 0; i < reports.length; i += 500) {
			const rows: { id: string; at: string; snapshot: ReportSnapshot; values: RawBuilder<unknown> }[] = [];
			for (const input of reports.slice(i, i + 500)) {
				this.#checkText(input.text, input.placeName);
				for (const [field, value] of [['clientId', input.clientId], ['category', input.category], ['source', input.source], ['sourceId', input.sourceId]] as const) {
					if (value?.includes('\u0000')) throw new BadParamError(field, `${field} får inte innehålla nolltecken (NUL).`);
				}
				await this.#checkCategory(input.category, true, categories);
				const at = input.createdAt ?? this.#at();
				// What a version records, as read back (snapshot(row)): the stored values.
				const stored: ReportSnapshot = {
					category: input.category,
					date: input.date,
					time: input.endDate ? null : (input.time ?? null),
					endDate: input.endDate ?? null,
					position: [input.position[0], input.position[1]],
					placeName: input.placeName ?? null,
					district: this.#districtOf(input.position),
					text: input.text
				};
				rows.push({
					id: input.clientId,
					at,
					snapshot: stored,
					values: sql`(${input.clientId}, ${stored.category}, ${stored.date}, ${stored.time}, ${stored.endDate}, ${isoWeek(`${stored.date}T12:00:00Z`)},
						${stored.position[0]}, ${stored.position[1]}, ${stored.placeName}, ${stored.district}, ${stored.text}, ${input.organisationId}, ${Boolean(input.example)},
						${input.source ?? null}, ${input.sourceId ?? null}, 1, ${false}, ${at}, ${by}, ${at}, ${by})`
				});
			}
			await sql`INSERT INTO reports (id, category, date, time, end_date, week, lon, lat, place_name, district, text, organisation_id, example, source, source_id, version, deleted, created_at, created_by, updated_at, updated_by)
				VALUES ${sql.join(rows.map((r) => r.values))}`.execute(this.#database.query);
			await this.#history.recordMany(
				'report',
				rows.map((r) => ({ objectId: r.id, version: 1, action: 'create' as const, at: r.at, by, before: null, after: r.snapshot }))
			);
		}
	}

	#checkText(...texts: (string | null | undefined)[]): void {
		for (const text of texts) {
			// On SQLite it would be stored; PostgreSQL refuses it: refused alike on both, with a message.
			if (text?.includes('\u0000')) throw new BadParamError('text', 'Texten innehåller ett osynligt nolltecken (NUL); ta bort det och skicka igen.');
			const found = text ? findPersonnummer(text) : null;
			if (found) throw new BadParamError('text', personnummerMessage(found));
		}
	}

	async update(id: string, change: ReportChange, viewer: Viewer, by: string): Promise<Report> {
		const { baseVersion, ...fields } = change;
		return this.#database.write(async () => {
			await this.authorise(id, viewer);
			const row = await this.#row(id, viewer);
			if (row.version !== baseVersion) {
				const current = this.view(row, viewer);
				throw new VersionConflictError(`Rapporten har ändrats av ${current.updatedBy} sedan du läste den (du utgick från version ${baseVersion}, nu version ${current.version}).`, {
					baseVersion,
					current,
					yours: change
				});
			}
			this.#checkText(fields.text, fields.placeName);
			if (fields.category !== undefined && fields.category !== row.category) await this.#checkCategory(fields.category, true);
			const next = { ...snapshot(row), ...Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) } as ReportSnapshot;
			if (next.endDate) next.time = null;
			if (next.endDate && next.endDate < next.date) throw new BadParamError('endDate', 'En period kan inte sluta före den börjar.');
			if (fields.position) next.district = this.#districtOf(next.position);
			const at = this.#at();
			await sql`UPDATE reports SET category = ${next.category}, date = ${next.date}, time = ${next.time}, end_date = ${next.endDate}, week = ${isoWeek(`${next.date}T12:00:00Z`)},
				lon = ${next.position[0]}, lat = ${next.position[1]}, place_name = ${next.placeName}, district = ${next.district}, text = ${next.text},
				version = version + 1, updated_at = ${at}, updated_by = ${by} WHERE id = ${id}`.execute(this.#database.query);
			await this.#history.record('report', id, { version: row.version + 1, action: 'update', at, by, before: snapshot(row), after: next });
			return this.get(id, viewer);
		});
	}

	async remove(id: string, baseVersion: number, viewer: Viewer, by: string): Promise<void> {
		await this.#database.write(async () => {
			await this.authorise(id, viewer);
			const row = await this.#row(id, viewer);
			if (row.version !== baseVersion) {
				throw new VersionConflictError(`Rapporten har ändrats sedan du läste den (du utgick från version ${baseVersion}, nu version ${row.version}).`, {
					baseVersion,
					current: this.view(row, viewer),
					yours: null
				});
			}
			const at = this.#at();
			await sql`UPDATE reports SET deleted = ${true}, version = version + 1, updated_at = ${at}, updated_by = ${by} WHERE id = ${id}`.execute(this.#database.query);
			await this.#history.record('report', id, { version: row.version + 1, action: 'delete', at, by, before: snapshot(row), after: null });
		});
	}

	async history(id: string, viewer: Viewer): Promise<ObjectVersion<ReportSnapshot>[]> {
		await this.#row(id, viewer);
		return this.#history.list<ReportSnapshot>('report', id);
	}

	/** Which of `sourceIds` the organisation has already imported from `source` (deleted ones too: never twice). */
	async importedSourceIds(organisationId: string, source: string, sourceIds: readonly string[]): Promise<Set<string>> {
		const found = new Set<string>();
		// In chunks: a file of thousands of rows in one IN list would pass the databases' parameter limits.
		for (let i = 0; i < sourceIds.length; i += 500) {
			const chunk = sourceIds.slice(i, i + 500);
			const rows = await this.#rows<{ source_id: string }>(
				sql`SELECT source_id FROM reports WHERE organisation_id = ${organisationId} AND source = ${source} AND source_id IN (${sql.join(chunk)})`
			);
			for (const row of rows) found.add(row.source_id);
		}
		return found;
	}

	/** How many reports are stored (deleted ones included): the demo's script seeds only an empty store. */
	async count(): Promise<number> {
		const [row] = await this.#rows<{ n: number }>(sql`SELECT COUNT(*) AS n FROM reports`);
		return Number(row!.n);
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
