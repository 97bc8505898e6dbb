/**
 * Importing reports from CSV (issue 16, item 2): the mappings saved per organisation and source
 * (presets), and the import itself – previewed without writing, then all or nothing.
 *
 * The reports belong to the importing organisation and are seen like the ones it reports in the
 * form (auth/access.ts canSeeReport). Each keeps its source and its id there; an id the
 * organisation already imported from that source is counted as "redan importerad" and skipped, so
 * the same file twice adds nothing (a unique index in migration 13 holds it even against a race).
 * Who may import: whoever may report for their organisation (access.ts mayImportReports).
 */
import { randomUUID } from 'node:crypto';
import * as v from 'valibot';
import { sql } from 'kysely';
import type { AppDatabase } from '../db/app-database';
import { requireReportImport, type Viewer } from '../auth/access';
import { BadParamError, RefusedInputError } from '../errors';
import type { ReportStore } from './report-store';
import {
	buildImport,
	decodeCsv,
	ENCODING_LABELS,
	fitMapping,
	guessMapping,
	maskPersonnummer,
	readCsvTable,
	streetKey,
	type ImportMapping,
	type ImportOutcome
} from '$lib/reports/import-csv';
import type { LonLat } from '$lib/inventory/fields';
import { isoWeek } from '$lib/analysis/iso-week';

const column = v.pipe(v.string('en kolumn anges med sitt namn'), v.maxLength(200));
const optionalColumn = v.nullish(column, null);

/** A mapping as the API takes it (and the preset table keeps it). */
export const MappingSchema = v.object({
	category: column,
	date: column,
	time: optionalColumn,
	endDate: optionalColumn,
	position: v.variant('kind', [
		v.object({ kind: v.literal('wgs84'), lat: column, lon: column }),
		v.object({ kind: v.literal('sweref99tm'), north: column, east: column }),
		v.object({ kind: v.literal('address'), address: column })
	]),
	text: column,
	sourceId: column,
	placeName: optionalColumn,
	categories: v.pipe(v.record(v.pipe(v.string(), v.maxLength(200)), v.pipe(v.string(), v.maxLength(60))), v.check((r) => Object.keys(r).length <= 500, 'högst 500 kategorivärden'))
});

export interface ImportPreset {
	source: string;
	mapping: ImportMapping;
	updatedAt: string;
	updatedBy: string;
}

/** Where the street names of Järva come from (the walking network's named ways). */
export type StreetSource = () => readonly { name: string; bbox: readonly [number, number, number, number] }[];

export class ReportImports {
	readonly #database: AppDatabase;
	readonly #reports: ReportStore;
	readonly #streets: StreetSource;
	readonly #now: () => number;
	#streetIndex: { source: readonly unknown[]; byKey: Map<string, { name: string; position: LonLat }> } | null = null;

	constructor(database: AppDatabase, reports: ReportStore, streets: StreetSource, now: () => number = Date.now) {
		this.#database = database;
		this.#reports = reports;
		this.#streets = streets;
		this.#now = now;
	}

	/** The viewer's organisation's saved mappings, the latest first. */
	async presets(viewer: Viewer): Promise<ImportPreset[]> {
		requireReportImport(viewer);
		const { rows } = await sql<{ source: string; mapping: string; updated_at: string; updated_by: string }>`SELECT source, mapping, updated_at, updated_by
			FROM report_import_presets WHERE organisation_id = ${viewer.organisation.id} ORDER BY updated_at DESC`.execute(this.#database.query);
		return rows.map((r) => ({ source: r.source, mapping: JSON.parse(r.mapping) as ImportMapping, updatedAt: r.updated_at, updatedBy: r.updated_by }));
	}

	/** The source's preset: `source` is compared without regard to case (the column's COLLATE NOCASE, on both databases). */
	async #preset(organisationId: string, source: string): Promise<ImportMapping | null> {
		const { rows } = await sql<{ mapping: string }>`SELECT mapping FROM report_import_presets WHERE organisation_id = ${organisationId} AND source = ${source}`.execute(this.#database.query);
		return rows[0] ? (JSON.parse(rows[0].mapping) as ImportMapping) : null;
	}

	async savePreset(organisationId: string, source: string, mapping: ImportMapping, by: string): Promise<void> {
		await this.#database.write(() =>
			sql`INSERT INTO report_import_presets (organisation_id, source, mapping, updated_at, updated_by)
				VALUES (${organisationId}, ${source}, ${JSON.stringify(mapping)}, ${new Date(this.#now()).toISOString()}, ${by})
				ON CONFLICT (organisation_id, source) DO UPDATE SET mapping = excluded.mapping, updated_at = excluded.updated_at, updated_by = excluded.updated_by`.execute(this.#database.query)
		);
	}

	/** A street by its key (streetKey), placed in the middle of the box around its ways. */
	#findStreet = (key: string): { name: string; position: LonLat } | null => {
		const streets = this.#streets();
		if (this.#streetIndex?.source !== streets) {
			const byKey = new Map<string, { name: string; position: LonLat }>();
			for (const street of streets) {
				const [w, s, e, n] = street.bbox;
				byKey.set(streetKey(street.name), { name: street.name, position: [(w + e) / 2, (s + n) / 2] });
			}
			this.#streetIndex = { source: streets, byKey };
		}
		return this.#streetIndex.byKey.get(key) ?? null;
	};

	/**
	 * Reads `bytes` with `mapping` (or the source's preset, or a guess) and, unless `dryRun`,
	 * imports every new row – only if no row has a problem (422 with them all otherwise). A
	 * successful import saves the mapping as the source's preset.
	 */
	async run(input: { bytes: Uint8Array; fileName: string | null; source: string; mapping: ImportMapping | null; dryRun: boolean }, viewer: Viewer, by: string): Promise<ImportOutcome> {
		requireReportImport(viewer);
		const source = input.source.replace(/\s+/g, ' ').trim();
		if (source.includes('\u0000')) throw new BadParamError('source', 'Källans namn får inte innehålla nolltecken (NUL).');
		if (source.length < 2) throw new BadParamError('source', 'Skriv vilken källa filen kommer från (till exempel Tyck till eller företagets system), minst 2 tecken.');
		const { text, encoding } = decodeCsv(input.bytes);
		const table = readCsvTable(text);
		if ('problem' in table) throw new RefusedInputError(`${table.problem} Inget är importerat.`, { problems: [{ row: 1, message: table.problem }] });

		const preset = input.mapping ? null : await this.#preset(viewer.organisation.id, source);
		const mapping = input.mapping ?? (preset ? fitMapping(preset, table.headers) : guessMapping(table.headers));
		const categories = (await this.#reports.categories()).filter((c) => c.active);
		const built = buildImport(table, mapping, { categories, findStreet: this.#findStreet });
		const already = await this.#reports.importedSourceIds(
			viewer.organisation.id,
			source,
			built.rows.map((r) => r.sourceId)
		);
		const fresh = built.rows.filter((r) => !already.has(r.sourceId));
		const labels = new Map(categories.map((c) => [c.id, c.label]));
		const weeks = fresh.map((r) => isoWeekOf(r.date)).sort();
		const outcome: ImportOutcome = {
			file: {
				name: input.fileName,
				encoding,
				encodingLabel: ENCODING_LABELS[encoding],
				delimiter: table.delimiter,
				rows: table.rows.length,
				headers: table.headers,
				sample: table.rows.slice(0, 5).map((row) => row.map(maskPersonnummer))
			},
			source,
			mapping,
			mappingFrom: input.mapping ? 'given' : preset ? 'preset' : 'guess',
			categoryValues: built.categoryValues,
			problems: built.problems,
			moreProblems: built.moreProblems,
			newCount: fresh.length,
			alreadyImported: already.size,
			preview: fresh.slice(0, 10).map((r) => ({ ...r, categoryLabel: labels.get(r.category) ?? r.category })),
			weeks: weeks.length ? { first: weeks[0]!, last: weeks.at(-1)! } : null,
			imported: false
		};
		if (input.dryRun) return outcome;
		if (built.problems.length) {
			const count = built.problems.length + built.moreProblems;
			throw new RefusedInputError(`Filen har ${count === 1 ? 'ett problem' : `problem på ${count} rader`}; inget är importerat. Rätta raderna (eller kopplingen) och försök igen.`, { ...outcome });
		}
		return this.#database.write(async () => {
			// Checked again inside the write: another import of the same file may just have committed.
			const now = await this.#reports.importedSourceIds(viewer.organisation.id, source, fresh.map((r) => r.sourceId));
			const rows = fresh.filter((r) => !now.has(r.sourceId));
			await this.#reports.seed(
				rows.map((r) => ({
					clientId: `import-${randomUUID()}`,
					category: r.category,
					date: r.date,
					time: r.time,
					endDate: r.endDate,
					position: r.position,
					placeName: r.placeName,
					text: r.text,
					organisationId: viewer.organisation.id,
					source,
					sourceId: r.sourceId
				})),
				by
			);
			await this.savePreset(viewer.organisation.id, source, mapping, by);
			return { ...outcome, newCount: rows.length, alreadyImported: already.size + now.size, imported: true };
		});
	}
}

const isoWeekOf = (date: string) => isoWeek(`${date}T12:00:00Z`);
