/**
 * The weekly meeting's focus places (issue 16, item 5), one row per place and week: a hot-spot
 * cell, a point or an object on a layer; an owning organisation; a short text; and the short-term
 * measures – the app's own measures (MeasureStore), made from the focus place or linked to it
 * (focus_place_measures), never a second kind of measure. Next week's meeting records the
 * follow-up on the row (klar, inte klar, fortsätter; who and when); "fortsätter" carries the place
 * into the next week as a new focus place (`carriedFrom`) with its open measures.
 *
 * Every change is a new version in object_history (kind 'focus-place'); a write names the version
 * it is based on, and a stale one is a VersionConflictError (409). Who writes and who sees: one
 * rule in auth/access.ts (mayRunWeekMeeting, canSeeFocusPlace). A focus place someone may not see
 * is a 404, as if it did not exist.
 *
 * Runs on SQLite and PostgreSQL alike (db/app-database.ts; focus-store.test.ts runs on both).
 */
import { randomUUID } from 'node:crypto';
import { sql, type RawBuilder } from 'kysely';
import type { AppDatabase } from '../db/app-database';
import { ObjectHistory, type ObjectVersion } from '../db/object-history';
import { canSeeFocusPlace, mayRunWeekMeeting, requireWeekMeeting, type Viewer } from '../auth/access';
import { BadParamError, ConflictError, NotFoundError, VersionConflictError } from '../errors';
import { addWeeks } from '$lib/analysis/iso-week';
import { cellById } from '$lib/analysis/new-places';
import { AnalysisInputError } from '$lib/analysis/errors';
import type { FocusMeasure, FocusPlace, FocusPlaceChange, FocusPlaceInput, FocusMeasureInput, FollowUpInput } from '$lib/weekly/focus';
import type { LonLat } from '$lib/inventory/fields';
import type { LayerView } from '../layer-view';
import type { MeasureStore } from '../measures/measure-store';

interface Row {
	id: string;
	week: string;
	place_kind: 'cell' | 'point' | 'feature';
	lon: number;
	lat: number;
	cell_id: string | null;
	cell_size: number | null;
	layer_id: string | null;
	feature_id: string | null;
	name: string;
	owner_organisation_id: string;
	owner_name: string;
	text: string;
	carried_from: string | null;
	follow_up: 'klar' | 'inte-klar' | 'fortsatter' | null;
	follow_up_note: string | null;
	follow_up_at: string | null;
	follow_up_by: string | null;
	version: number;
	/** 1/0 on SQLite, true/false on PostgreSQL. */
	deleted: number | boolean;
	created_at: string;
	created_by: string;
	updated_at: string;
	updated_by: string;
}

const SELECT = sql`SELECT f.*, o.name AS owner_name FROM focus_places f JOIN organisations o ON o.id = f.owner_organisation_id`;

/** What the history records of a focus place (no derived fields). */
const snapshot = (row: Row) => ({
	week: row.week,
	name: row.name,
	ownerOrganisationId: row.owner_organisation_id,
	text: row.text,
	followUp: row.follow_up,
	followUpNote: row.follow_up_note
});
export type FocusSnapshot = ReturnType<typeof snapshot>;

const notFound = (id: string) => new NotFoundError(`Fokusplatsen ${id.slice(0, 60)} finns inte (eller så får ditt konto inte se den).`);

export class FocusPlaceStore {
	readonly #database: AppDatabase;
	readonly #measures: MeasureStore;
	readonly #history: ObjectHistory;
	readonly #operator: () => string | null;
	readonly #districtOf: (position: LonLat) => string | null;
	readonly #now: () => number;

	constructor(database: AppDatabase, measures: MeasureStore, operator: () => string | null, districtOf: (position: LonLat) => string | null, now: () => number = Date.now) {
		this.#database = database;
		this.#measures = measures;
		this.#history = new ObjectHistory(database);
		this.#operator = operator;
		this.#districtOf = districtOf;
		this.#now = now;
	}

	#at = () => new Date(this.#now()).toISOString();

	async #rows<T = Row>(query: RawBuilder<unknown>): Promise<T[]> {
		return (await query.execute(this.#database.query)).rows as T[];
	}

	/** Whether the viewer runs the weekly meeting (sets focus places, records follow-up). */
	mayEdit(viewer: Viewer): boolean {
		return mayRunWeekMeeting(viewer, this.#operator());
	}

	/** Checked before a route reads the body: 403 unless the viewer runs the weekly meeting. */
	authorise(viewer: Viewer, what = 'sätta veckans fokusplatser och följa upp dem'): void {
		requireWeekMeeting(viewer, this.#operator(), what);
	}

	async #row(id: string, viewer: Viewer): Promise<Row> {
		// PostgreSQL cannot hold a NUL in text (it refuses the query): no focus place has such an id.
		if (id.includes('\u0000')) throw notFound(id);
		const [row] = await this.#rows(sql`${SELECT} WHERE f.id = ${id} AND f.deleted = ${false}`);
		if (!row || !canSeeFocusPlace(viewer, row.owner_organisation_id, this.#operator())) throw notFound(id);
		return row;
	}

	async #measureIds(id: string): Promise<string[]> {
		// rowid: the order they were linked in (a real column on PostgreSQL, docs/postgresql.md).
		return (await this.#rows<{ measure_id: string }>(sql`SELECT measure_id FROM focus_place_measures WHERE focus_place_id = ${id} ORDER BY rowid`)).map((r) => r.measure_id);
	}

	async view(row: Row, layers: LayerView): Promise<FocusPlace> {
		const measures: FocusMeasure[] = [];
		for (const measureId of await this.#measureIds(row.id)) {
			try {
				const m = await this.#measures.get(measureId, layers);
				measures.push({ id: m.id, title: m.title, ownerOrganisationName: m.ownerOrganisationName, dueDate: m.dueDate, status: m.status, open: m.open });
			} catch (err) {
				if (!(err instanceof NotFoundError)) throw err;
			}
		}
		const place: FocusPlace['place'] =
			row.place_kind === 'cell'
				? { kind: 'cell', cellId: row.cell_id!, cellSize: row.cell_size!, geometry: cellById(row.cell_id!, row.cell_size!).geometry }
				: row.place_kind === 'feature'
					? { kind: 'feature', layerId: row.layer_id!, featureId: row.feature_id! }
					: { kind: 'point' };
		return {
			id: row.id,
			week: row.week,
			name: row.name,
			place,
			position: [row.lon, row.lat],
			ownerOrganisationId: row.owner_organisation_id,
			ownerOrganisationName: row.owner_name,
			text: row.text,
			carriedFrom: row.carried_from,
			followUp: row.follow_up ? { outcome: row.follow_up, note: row.follow_up_note, at: row.follow_up_at!, by: row.follow_up_by! } : null,
			measures,
			mayEdit: this.mayEdit(layers.viewer),
			version: row.version,
			createdAt: row.created_at,
			createdBy: row.created_by,
			updatedAt: row.updated_at,
			updatedBy: row.updated_by
		};
	}

	/** The week's focus places the viewer may see, in the order they were set. */
	async list(week: string, layers: LayerView): Promise<FocusPlace[]> {
		const rows = await this.#rows(sql`${SELECT} WHERE f.week = ${week} AND f.deleted = ${false} ORDER BY f.created_at, f.id`);
		const places: FocusPlace[] = [];
		for (const row of rows) if (canSeeFocusPlace(layers.viewer, row.owner_organisation_id, this.#operator())) places.push(await this.view(row, layers));
		return places;
	}

	async get(id: string, layers: LayerView): Promise<FocusPlace> {
		return this.view(await this.#row(id, layers.viewer), layers);
	}

	async history(id: string, viewer: Viewer): Promise<ObjectVersion<FocusSnapshot>[]> {
		await this.#row(id, viewer);
		return this.#history.list<FocusSnapshot>('focus-place', id);
	}

	async #organisation(id: string): Promise<void> {
		if (id.includes('\u0000') || !(await this.#rows(sql`SELECT 1 FROM organisations WHERE id = ${id}`)).length) {
			throw new BadParamError('ownerOrganisationId', `Organisationen ${id.slice(0, 60)} finns inte. Välj en av organisationerna i GET /api/admin/organisations.`);
		}
	}

	/** Where the input's place is, and its name unless one is given. */
	#place(input: FocusPlaceInput, layers: LayerView): { position: LonLat; name: string; cell?: { id: string; size: number }; feature?: { layerId: string; featureId: string } } {
		const place = input.place;
		if (place.kind === 'cell') {
			let centre: LonLat;
			try {
				centre = cellById(place.cellId, place.cellSize).centre;
			} catch (err) {
				if (err instanceof AnalysisInputError) throw new BadParamError('place.cellId', err.message);
				throw err;
			}
			const district = this.#districtOf(centre);
			return { position: centre, name: input.name || `Ruta ${place.cellId}${district ? ` (${district})` : ''}`, cell: { id: place.cellId, size: place.cellSize } };
		}
		if (place.kind === 'point') {
			const district = this.#districtOf(place.position);
			return { position: place.position, name: input.name || `Punkt${district ? ` i ${district}` : ''}` };
		}
		const feature = layers.feature(place.layerId, place.featureId);
		const position = pointOf(feature.geometry);
		if (!position) throw new BadParamError('place.featureId', `Objektet ${place.featureId} har ingen punkt att visa fokusplatsen vid.`);
		const name = typeof feature.properties.name === 'string' ? feature.properties.name : place.featureId;
		return { position, name: input.name || name, feature: { layerId: place.layerId, featureId: place.featureId } };
	}

	/** PostgreSQL refuses a NUL in text: refused on both, with a message, before anything is written. */
	#checkText(fields: Record<string, string | null | undefined>): void {
		for (const [field, value] of Object.entries(fields)) {
			if (value?.includes('\u0000')) throw new BadParamError(field, 'Texten innehåller ett osynligt nolltecken (NUL); ta bort det och skicka igen.');
		}
	}

	async #insert(
		fields: { week: string; position: LonLat; name: string; cell?: { id: string; size: number }; feature?: { layerId: string; featureId: string }; owner: string; text: string; carriedFrom?: string },
		by: string
	): Promise<string> {
		const id = randomUUID();
		const at = this.#at();
		const kind = fields.cell ? 'cell' : fields.feature ? 'feature' : 'point';
		const [row] = await this.#rows(sql`INSERT INTO focus_places (id, week, place_kind, lon, lat, cell_id, cell_size, layer_id, feature_id, name, owner_organisation_id, text, carried_from, version, created_at, created_by, updated_at, updated_by)
			VALUES (${id}, ${fields.week}, ${kind}, ${fields.position[0]}, ${fields.position[1]}, ${fields.cell?.id ?? null}, ${fields.cell?.size ?? null}, ${fields.feature?.layerId ?? null},
				${fields.feature?.featureId ?? null}, ${fields.name}, ${fields.owner}, ${fields.text}, ${fields.carriedFrom ?? null}, 1, ${at}, ${by}, ${at}, ${by})
			RETURNING *`);
		await this.#history.record('focus-place', id, { version: 1, action: 'create', at, by, before: null, after: snapshot(row!), parentId: fields.week });
		return id;
	}

	async create(input: FocusPlaceInput, layers: LayerView): Promise<FocusPlace> {
		this.authorise(layers.viewer);
		this.#checkText({ name: input.name, text: input.text });
		return this.#database.write(async () => {
			await this.#organisation(input.ownerOrganisationId);
			const place = this.#place(input, layers);
			const id = await this.#insert({ week: input.week, ...place, owner: input.ownerOrganisationId, text: input.text }, layers.by);
			return this.get(id, layers);
		});
	}

	async #checkVersion(row: Row, baseVersion: number, yours: unknown, layers: LayerView): Promise<void> {
		if (row.version === baseVersion) return;
		throw new VersionConflictError(
			`Fokusplatsen ”${row.name}” har ändrats av ${row.updated_by} sedan du läste den (du utgick från version ${baseVersion}, nu version ${row.version}). Läs in den igen och gör ändringen på nytt.`,
			{ baseVersion, current: await this.view(row, layers), yours }
		);
	}

	async #save(
		row: Row,
		next: Partial<Pick<Row, 'name' | 'owner_organisation_id' | 'text' | 'follow_up' | 'follow_up_note' | 'follow_up_at' | 'follow_up_by'>>,
		by: string,
		action: 'update' | 'delete' = 'update'
	): Promise<void> {
		const at = this.#at();
		const after = { ...row, ...next };
		await sql`UPDATE focus_places SET name = ${after.name}, owner_organisation_id = ${after.owner_organisation_id}, text = ${after.text}, follow_up = ${after.follow_up},
			follow_up_note = ${after.follow_up_note}, follow_up_at = ${after.follow_up_at}, follow_up_by = ${after.follow_up_by}, deleted = ${action === 'delete'},
			version = version + 1, updated_at = ${at}, updated_by = ${by} WHERE id = ${row.id}`.execute(this.#database.query);
		await this.#history.record('focus-place', row.id, { version: row.version + 1, action, at, by, before: snapshot(row), after: action === 'delete' ? null : snapshot(after), parentId: row.week });
	}

	async update(id: string, change: FocusPlaceChange, layers: LayerView): Promise<FocusPlace> {
		this.authorise(layers.viewer);
		this.#checkText({ name: change.name, text: change.text });
		return this.#database.write(async () => {
			const row = await this.#row(id, layers.viewer);
			await this.#checkVersion(row, change.baseVersion, change, layers);
			if (change.ownerOrganisationId) await this.#organisation(change.ownerOrganisationId);
			await this.#save(row, { name: change.name ?? row.name, owner_organisation_id: change.ownerOrganisationId ?? row.owner_organisation_id, text: change.text ?? row.text }, layers.by);
			return this.get(id, layers);
		});
	}

	/** Removes a focus place (kept in its history); its measures stay, they are the measures' own. */
	async remove(id: string, baseVersion: number, layers: LayerView): Promise<void> {
		this.authorise(layers.viewer);
		await this.#database.write(async () => {
			const row = await this.#row(id, layers.viewer);
			await this.#checkVersion(row, baseVersion, { deleted: true }, layers);
			await this.#save(row, {}, layers.by, 'delete');
		});
	}

	/**
	 * Last week's follow-up, recorded in this week's meeting: klar, inte klar or fortsätter, who and
	 * when. "fortsätter" makes the same place a focus place of the next week (once), with the same
	 * owner and text and its open measures. Changed from "fortsätter" to another outcome, the
	 * carried place is removed again – unless someone has changed it since, which is a 409.
	 */
	async followUp(id: string, input: FollowUpInput, layers: LayerView): Promise<{ focusPlace: FocusPlace; carried: FocusPlace | null }> {
		this.authorise(layers.viewer, 'följa upp förra veckans fokusplatser');
		this.#checkText({ note: input.note });
		return this.#database.write(async () => {
			const row = await this.#row(id, layers.viewer);
			await this.#checkVersion(row, input.baseVersion, input, layers);
			const next = addWeeks(row.week, 1);
			const [carriedRow] = await this.#rows(sql`${SELECT} WHERE f.carried_from = ${id} AND f.deleted = ${false}`);
			if (input.outcome !== 'fortsatter' && carriedRow) {
				if (carriedRow.version !== 1) {
					throw new ConflictError(
						`Fokusplatsen fortsätter redan i vecka ${next.slice(6)} och har ändrats där (version ${carriedRow.version}). Ta bort den i vecka ${next.slice(6)} först om den inte ska fortsätta.`
					);
				}
				await this.#save(carriedRow, {}, layers.by, 'delete');
			}
			await this.#save(row, { follow_up: input.outcome, follow_up_note: input.note || null, follow_up_at: this.#at(), follow_up_by: layers.by }, layers.by);
			let carried: FocusPlace | null = null;
			if (input.outcome === 'fortsatter') {
				const carriedId =
					carriedRow?.id ??
					(await this.#insert(
						{
							week: next,
							position: [row.lon, row.lat],
							name: row.name,
							cell: row.cell_id ? { id: row.cell_id, size: row.cell_size! } : undefined,
							feature: row.layer_id ? { layerId: row.layer_id, featureId: row.feature_id! } : undefined,
							owner: row.owner_organisation_id,
							text: row.text,
							carriedFrom: row.id
						},
						layers.by
					));
				if (!carriedRow) {
					const open = await this.#rows<{ measure_id: string }>(
						sql`SELECT l.measure_id FROM focus_place_measures l JOIN measures m ON m.id = l.measure_id WHERE l.focus_place_id = ${id} AND m.status IN ('föreslagen', 'beslutad', 'pågår') ORDER BY l.rowid`
					);
					for (const m of open) await sql`INSERT INTO focus_place_measures (focus_place_id, measure_id) VALUES (${carriedId}, ${m.measure_id})`.execute(this.#database.query);
				}
				carried = await this.get(carriedId, layers);
			}
			return { focusPlace: await this.get(id, layers), carried };
		});
	}

	/**
	 * A short-term measure for the focus place: a new measure (made by the measure store, placed at
	 * the focus place: its object, or its point) or an existing one the viewer may see, linked. The
	 * measure and the link are one transaction.
	 */
	async addMeasure(id: string, input: FocusMeasureInput, layers: LayerView): Promise<{ focusPlace: FocusPlace; measureId: string }> {
		this.authorise(layers.viewer, 'lägga till åtgärder för veckans fokusplatser');
		return this.#database.write(async () => {
			const row = await this.#row(id, layers.viewer);
			let measureId: string;
			// Made here: the measure is seen as the focus place is (measure-store.ts); linked: as it was.
			let madeHere = false;
			if ('measure' in input) {
				madeHere = true;
				const place = row.layer_id && row.feature_id ? { layerId: row.layer_id, featureId: row.feature_id } : undefined;
				const measure = await this.#measures.create({ ...input.measure, place, position: place ? undefined : [row.lon, row.lat] }, layers);
				measureId = measure.id;
			} else {
				measureId = (await this.#measures.get(input.measureId, layers)).id;
				if ((await this.#rows(sql`SELECT 1 FROM focus_place_measures WHERE focus_place_id = ${id} AND measure_id = ${measureId}`)).length) {
					throw new ConflictError(`Åtgärden hör redan till fokusplatsen ”${row.name}”.`);
				}
			}
			await sql`INSERT INTO focus_place_measures (focus_place_id, measure_id, made_here) VALUES (${id}, ${measureId}, ${madeHere})`.execute(this.#database.query);
			return { focusPlace: await this.get(id, layers), measureId };
		});
	}
}

/** A point on the object: the point itself, or the mean of an area's outer ring. */
function pointOf(geometry: GeoJSON.Geometry): LonLat | null {
	if (geometry.type === 'Point') return [geometry.coordinates[0]!, geometry.coordinates[1]!];
	const ring = geometry.type === 'Polygon' ? geometry.coordinates[0] : geometry.type === 'MultiPolygon' ? geometry.coordinates[0]?.[0] : geometry.type === 'LineString' ? geometry.coordinates : undefined;
	if (!ring || ring.length === 0) return null;
	const points = geometry.type === 'LineString' ? ring : ring.slice(0, -1);
	const mean = (i: 0 | 1) => points.reduce((sum, p) => sum + p[i]!, 0) / points.length;
	return [Number(mean(0).toFixed(6)), Number(mean(1).toFixed(6))];
}
