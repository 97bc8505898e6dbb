/**
 * Measures (åtgärder): what a meeting decided or a safety walk found, with an owner organisation,
 * a due date and a status that moves only along the allowed transitions (src/lib/measures).
 * Every change is a new version with its history; a write names the version it is based on.
 * Shared by meetings (decisions) and safety walks (findings).
 *
 * Who changes a measure (auth/access.ts): the organisation that carries it out (the owner) and
 * the one that made it (decided it in a meeting, turned a finding into it) – not everyone who
 * sees it. They may hand it over to another organisation; anyone else gets a 403 naming them.
 *
 * Who sees a measure:
 * - One decided in a meeting (origin meeting): the meeting's organisations and the system administrator, as the
 *   meeting itself (canSeeMeeting), and the organisation that owns the measure – it has to carry it
 *   out. To anyone else it does not exist: not listed (whatever the filter), 404 by id, no photos.
 * - One made at a weekly meeting's focus place (focus_place_measures.made_here): as the focus place
 *   (canSeeFocusPlace: those who see every report, i.e. the weekly meeting's organisations, and the
 *   focus place's owner), and the measure's owner and maker. The place came from reports others
 *   may not see; its measure must not tell them.
 * - Any other: every account.
 * - A place on a layer the viewer may not see is only `{ hidden: true }`, without position or
 *   photos (a photo shows the place); filtering by such a place is a 404 as for an unknown layer.
 *
 * Runs on SQLite and PostgreSQL alike (db/app-database.ts; measure-store.test.ts runs on both).
 */
import { randomUUID } from 'node:crypto';
import { sql, type RawBuilder } from 'kysely';
import type { AppDatabase } from '../db/app-database';
import { canSeeFocusPlace, canSeeMeeting, isSystemAdmin, mayEditMeasure, requireMeasureEdit, requireRole, type MeasureAccess, type Viewer } from '../auth/access';
import { stockholmDate } from '$lib/dates';
import { checkTransition, isOpen, isOverdue, MEASURE_TRANSITIONS, type MeasureInput, type MeasureStatus } from '$lib/measures/status';
import type { Measure, MeasureOrigin } from '$lib/measures/measure';
import type { LayerView } from '../layer-view';
import { BadParamError, InvalidFeatureError, NotFoundError, TransitionError, VersionConflictError } from '../errors';

export type { Measure, MeasureOrigin } from '$lib/measures/measure';

export interface MeasureChange {
	title?: string;
	description?: string;
	ownerOrganisationId?: string;
	dueDate?: string;
	status?: MeasureStatus;
}

export interface MeasureFilter {
	status?: 'open' | 'all' | MeasureStatus;
	owner?: string;
	origin?: MeasureOrigin['kind'];
	originId?: string;
	overdue?: boolean;
	place?: { layerId: string; featureId: string };
}

interface Row {
	id: string;
	title: string;
	description: string;
	owner_organisation_id: string;
	owner_name: string;
	maker_organisation_id: string;
	maker_name: string;
	due_date: string;
	status: MeasureStatus;
	place_layer_id: string | null;
	place_feature_id: string | null;
	position: string | null;
	origin_kind: MeasureOrigin['kind'] | null;
	origin_id: string | null;
	/** JSON list of the origin meeting's organisations (null: not from a meeting, or the meeting is gone). */
	origin_organisation_ids: string | null;
	/** The owner of the focus place the measure was made at (null: not made at one). */
	focus_owner_id: string | null;
	version: number;
	created_at: string;
	created_by: string;
	updated_at: string;
	updated_by: string;
}

/** A measure's row with what its visibility needs; `where` is the rest of the query. */
const selectMeasures = (where: RawBuilder<unknown>) => sql<Row>`SELECT m.*, o.name AS owner_name, mk.name AS maker_name, mt.organisation_ids AS origin_organisation_ids,
	(SELECT fp.owner_organisation_id FROM focus_place_measures fpm JOIN focus_places fp ON fp.id = fpm.focus_place_id
	 WHERE fpm.measure_id = m.id AND fpm.made_here = ${true} LIMIT 1) AS focus_owner_id
	FROM measures m JOIN organisations o ON o.id = m.owner_organisation_id JOIN organisations mk ON mk.id = m.maker_organisation_id
	LEFT JOIN meetings mt ON m.origin_kind = 'meeting' AND mt.id = m.origin_id ${where}`;

/**
 * Whether the viewer may see a measure at all (see the note at the top). `operatorId`: the
 * organisation that operates the installation (it sees every report, and so every focus place).
 */
function visibleTo(row: Row, viewer: Viewer, operatorId: string | null): boolean {
	const own = isSystemAdmin(viewer) || row.owner_organisation_id === viewer.organisation.id || row.maker_organisation_id === viewer.organisation.id;
	if (row.focus_owner_id !== null) return own || canSeeFocusPlace(viewer, row.focus_owner_id, operatorId);
	if (row.origin_kind !== 'meeting') return true;
	return own || (row.origin_organisation_ids !== null && canSeeMeeting(viewer, JSON.parse(row.origin_organisation_ids) as string[]));
}

const accessOf = (row: Row): MeasureAccess => ({
	title: row.title,
	owner: { id: row.owner_organisation_id, name: row.owner_name },
	maker: { id: row.maker_organisation_id, name: row.maker_name }
});

const notFound = (id: string) => new NotFoundError(`Åtgärden ${id} finns inte (eller så får ditt konto inte se den).`);

/** What the history records of a measure (no derived fields). */
const snapshot = (row: Row) => ({
	title: row.title,
	description: row.description,
	ownerOrganisationId: row.owner_organisation_id,
	dueDate: row.due_date,
	status: row.status
});

export class MeasureStore {
	readonly #database: AppDatabase;
	readonly #now: () => number;
	readonly #operator: () => string | null;

	/** `operator`: the organisation operating the installation, now (accounts.operator()). */
	constructor(database: AppDatabase, now: () => number = Date.now, operator: () => string | null = () => null) {
		this.#database = database;
		this.#now = now;
		this.#operator = operator;
	}

	#visible(row: Row, viewer: Viewer): boolean {
		return visibleTo(row, viewer, this.#operator());
	}

	async #rows(where: RawBuilder<unknown>): Promise<Row[]> {
		return (await selectMeasures(where).execute(this.#database.query)).rows;
	}

	/** The measure's row; with a viewer, only if they may see it (else 404 as for an unknown id). */
	async #row(id: string, viewer?: Viewer): Promise<Row> {
		const [row] = await this.#rows(sql`WHERE m.id = ${id}`);
		if (!row || (viewer && !this.#visible(row, viewer))) throw notFound(id);
		return row;
	}

	/** Whether the measure exists and the viewer may see it. */
	async sees(id: string, viewer: Viewer): Promise<boolean> {
		return (await this.visibilityOf([id])).get(id)?.(viewer) ?? false;
	}

	/**
	 * Who may see each of these measures, read in one query (the live updates ask for a whole batch
	 * of changes and every subscriber): a check per existing id; an unknown id is absent.
	 */
	async visibilityOf(ids: readonly string[]): Promise<Map<string, (viewer: Viewer) => boolean>> {
		if (ids.length === 0) return new Map();
		const rows = await this.#rows(sql`WHERE m.id IN (${sql.join(ids)})`);
		const operator = this.#operator();
		return new Map(rows.map((row) => [row.id, (viewer: Viewer) => visibleTo(row, viewer, operator)]));
	}

	/** An origin named by a client must exist, and a meeting must be one the maker may see. */
	async #checkOrigin(origin: MeasureOrigin, viewer: Viewer): Promise<void> {
		const query = this.#database.query;
		if (origin.kind === 'meeting') {
			const { rows } = await sql<{ organisation_ids: string }>`SELECT organisation_ids FROM meetings WHERE id = ${origin.id}`.execute(query);
			if (!rows[0] || !canSeeMeeting(viewer, JSON.parse(rows[0].organisation_ids) as string[])) {
				throw new BadParamError('origin.id', `Mötet ${origin.id} finns inte (eller så deltar din organisation inte i det). Ange ett möte från GET /api/meetings.`);
			}
		} else if ((await sql`SELECT 1 FROM inventories WHERE id = ${origin.id}`.execute(query)).rows.length === 0) {
			throw new BadParamError('origin.id', `Inventeringen ${origin.id} finns inte. Ange en inventering från GET /api/inventories.`);
		}
	}

	async #organisation(id: string): Promise<void> {
		if ((await sql`SELECT 1 FROM organisations WHERE id = ${id}`.execute(this.#database.query)).rows.length === 0) {
			throw new InvalidFeatureError(`Organisationen ${id} finns inte.`, 'ownerOrganisationId');
		}
	}

	/** The photos of each measure, oldest first (one query for a whole list). */
	async #photos(ids: readonly string[]): Promise<Map<string, Measure['photos']>> {
		const photos = new Map<string, Measure['photos']>(ids.map((id) => [id, []]));
		if (ids.length === 0) return photos;
		const { rows } = await sql<{ id: string; kind: 'before' | 'after'; measure_id: string }>`SELECT id, kind, measure_id FROM photos
			WHERE measure_id IN (${sql.join(ids)}) ORDER BY created_at`.execute(this.#database.query);
		for (const { id, kind, measure_id } of rows) photos.get(measure_id)!.push({ id, kind });
		return photos;
	}

	/** Rows shaped for a viewer (see #view), their photos read in one query. */
	async #views(rows: readonly Row[], layers: LayerView): Promise<Measure[]> {
		// Photos of a place on a layer the viewer may not see would show that place.
		const showPhotos = (row: Row) => !row.place_layer_id || layers.sees(row.place_layer_id);
		const photos = await this.#photos(rows.filter(showPhotos).map((row) => row.id));
		return rows.map((row) => this.#view(row, layers, photos.get(row.id) ?? []));
	}

	/**
	 * Shapes a row for a viewer: a place on a layer the viewer may not see is only `{ hidden: true }`,
	 * and then its position is left out too (it would show where the hidden object is).
	 */
	#view(row: Row, layers: LayerView, photos: Measure['photos']): Measure {
		let place: Measure['place'] = null;
		let position = row.position ? (JSON.parse(row.position) as [number, number]) : null;
		if (row.place_layer_id && row.place_feature_id) {
			try {
				const feature = layers.feature(row.place_layer_id, row.place_feature_id);
				place = { layerId: row.place_layer_id, featureId: row.place_feature_id, name: typeof feature.properties.name === 'string' ? feature.properties.name : null };
			} catch {
				// A hidden or since deleted object: hidden either way (a deleted one may still be restored).
				// The organisation assigned the measure must know where to act: it is given the place's
				// point rounded to about 100 m – never the shape, name or photos (docs/meeting-mode.md).
				const reason = layers.sees(row.place_layer_id) ? 'deleted' : 'layer';
				const assigned = reason === 'layer' && row.owner_organisation_id === layers.viewer.organisation.id && position !== null;
				position = assigned && position ? roundedPosition(position) : null;
				place = { hidden: true, reason, positionRounded: assigned };
			}
		}
		return {
			id: row.id,
			title: row.title,
			description: row.description,
			ownerOrganisationId: row.owner_organisation_id,
			ownerOrganisationName: row.owner_name,
			makerOrganisationId: row.maker_organisation_id,
			makerOrganisationName: row.maker_name,
			mayEdit: mayEditMeasure(layers.viewer, accessOf(row)),
			dueDate: row.due_date,
			status: row.status,
			open: isOpen(row.status),
			overdue: isOverdue({ status: row.status, dueDate: row.due_date }, stockholmDate(new Date(this.#now()))),
			place,
			position,
			origin: row.origin_kind && row.origin_id ? { kind: row.origin_kind, id: row.origin_id } : null,
			photos,
			version: row.version,
			createdAt: row.created_at,
			createdBy: row.created_by,
			updatedAt: row.updated_at,
			updatedBy: row.updated_by
		};
	}

	async #viewOf(row: Row, layers: LayerView): Promise<Measure> {
		return (await this.#views([row], layers))[0]!;
	}

	/**
	 * Makes a measure; the place (if any) must be an object the viewer can see. Runs in its own
	 * transaction, or as a savepoint inside the caller's (a meeting decision, a finding).
	 */
	async create(input: MeasureInput, layers: LayerView, origin?: MeasureOrigin): Promise<Measure> {
		const by = layers.by;
		requireRole(layers.viewer, 'redaktör');
		return this.#database.write(async () => {
			await this.#organisation(input.ownerOrganisationId);
			if (origin) await this.#checkOrigin(origin, layers.viewer);
			let position = input.position ?? null;
			if (input.place) {
				const feature = layers.feature(input.place.layerId, input.place.featureId);
				// A measure at a place is mapped at that place unless told otherwise.
				position ??= representativePoint(feature.geometry);
			}
			const id = randomUUID();
			const at = new Date(this.#now()).toISOString();
			const query = this.#database.query;
			await sql`INSERT INTO measures (id, title, description, owner_organisation_id, due_date, status, place_layer_id, place_feature_id, position, origin_kind, origin_id, version, created_at, created_by, updated_at, updated_by, maker_organisation_id)
				VALUES (${id}, ${input.title}, ${input.description ?? ''}, ${input.ownerOrganisationId}, ${input.dueDate}, ${input.status}, ${input.place?.layerId ?? null}, ${input.place?.featureId ?? null},
					${position ? JSON.stringify(position) : null}, ${origin?.kind ?? null}, ${origin?.id ?? null}, 1, ${at}, ${by}, ${at}, ${by}, ${layers.viewer.organisation.id})`.execute(query);
			const row = await this.#row(id);
			await sql`INSERT INTO measure_history (measure_id, version, at, by, before, after) VALUES (${id}, 1, ${at}, ${by}, NULL, ${JSON.stringify(snapshot(row))})`.execute(query);
			return this.#viewOf(row, layers);
		});
	}

	/**
	 * Checks a change before its body is read: 404 when the measure is unknown or not visible, 403
	 * unless the viewer's organisation carries it out or made it.
	 */
	async authorise(id: string, layers: LayerView): Promise<void> {
		requireRole(layers.viewer, 'redaktör');
		requireMeasureEdit(layers.viewer, accessOf(await this.#row(id, layers.viewer)));
	}

	/** @throws NotFoundError (404) for an unknown measure and for one the viewer may not see alike. */
	async get(id: string, layers: LayerView): Promise<Measure> {
		return this.#viewOf(await this.#row(id, layers.viewer), layers);
	}

	async list(filter: MeasureFilter, layers: LayerView): Promise<Measure[]> {
		const where: RawBuilder<unknown>[] = [];
		const status = filter.status ?? 'open';
		if (status === 'open') where.push(sql`m.status IN ('föreslagen', 'beslutad', 'pågår')`);
		else if (status !== 'all') where.push(sql`m.status = ${status}`);
		if (filter.owner) where.push(sql`m.owner_organisation_id = ${filter.owner}`);
		if (filter.origin) where.push(sql`m.origin_kind = ${filter.origin}`);
		if (filter.originId) where.push(sql`m.origin_id = ${filter.originId}`);
		if (filter.place) {
			// A place on a layer the viewer may not see is answered like an unknown layer (404), as
			// GET /api/layers/{id} does: an empty list would still say "there is such a place".
			layers.requireLayer(filter.place.layerId);
			where.push(sql`m.place_layer_id = ${filter.place.layerId} AND m.place_feature_id = ${filter.place.featureId}`);
		}
		const rows = await this.#rows(sql`${where.length ? sql`WHERE ${sql.join(where, sql` AND `)}` : sql``} ORDER BY m.due_date, m.created_at`);
		// Measures of a meeting the viewer may not see are not listed, whatever the filter (originId included).
		const measures = await this.#views(rows.filter((row) => this.#visible(row, layers.viewer)), layers);
		return filter.overdue ? measures.filter((m) => m.overdue) : measures;
	}

	async update(id: string, baseVersion: number, change: MeasureChange, layers: LayerView): Promise<Measure> {
		const by = layers.by;
		return this.#database.write(async () => {
			const row = await this.#row(id, layers.viewer);
			requireMeasureEdit(layers.viewer, accessOf(row));
			if (row.version !== baseVersion) {
				const current = await this.#viewOf(row, layers);
				throw new VersionConflictError(
					`Åtgärden har ändrats av ${current.updatedBy} sedan du läste den (du utgick från version ${baseVersion}, nu version ${current.version}).`,
					{ baseVersion, current, yours: change }
				);
			}
			if (change.status && change.status !== row.status) {
				const problem = checkTransition(row.status, change.status);
				if (problem) throw new TransitionError(problem, MEASURE_TRANSITIONS[row.status]);
			}
			if (change.ownerOrganisationId) await this.#organisation(change.ownerOrganisationId);
			const at = new Date(this.#now()).toISOString();
			const query = this.#database.query;
			await sql`UPDATE measures SET title = ${change.title ?? row.title}, description = ${change.description ?? row.description},
				owner_organisation_id = ${change.ownerOrganisationId ?? row.owner_organisation_id}, due_date = ${change.dueDate ?? row.due_date},
				status = ${change.status ?? row.status}, version = version + 1, updated_at = ${at}, updated_by = ${by} WHERE id = ${id}`.execute(query);
			const after = await this.#row(id);
			await sql`INSERT INTO measure_history (measure_id, version, at, by, before, after)
				VALUES (${id}, ${after.version}, ${at}, ${by}, ${JSON.stringify(snapshot(row))}, ${JSON.stringify(snapshot(after))})`.execute(query);
			return this.#viewOf(after, layers);
		});
	}

	/** The measure's versions; with `layers`, only if the viewer may see the measure (else 404). */
	async history(id: string, layers?: LayerView): Promise<{ version: number; at: string; by: string; before: unknown; after: unknown }[]> {
		await this.#row(id, layers?.viewer);
		const { rows } = await sql<{ version: number; at: string; by: string; before: string | null; after: string }>`SELECT version, at, by, before, after
			FROM measure_history WHERE measure_id = ${id} ORDER BY seq`.execute(this.#database.query);
		return rows.map((h) => ({ ...h, before: h.before ? JSON.parse(h.before) : null, after: JSON.parse(h.after) }));
	}

	/**
	 * A stored photo's bytes, if the viewer may see what it belongs to: a measure they may see whose
	 * place (if any) is on a layer they may see, or a finding (safety walks are read by every account).
	 * @throws NotFoundError (404) otherwise, as for an unknown photo.
	 */
	async photo(id: string, layers: LayerView): Promise<{ mime: string; bytes: Buffer }> {
		const { rows } = await sql<{ mime: string; bytes: Buffer; measure_id: string | null }>`SELECT mime, bytes, measure_id FROM photos WHERE id = ${id}`.execute(
			this.#database.query
		);
		const photo = rows[0];
		const missing = () => new NotFoundError(`Bilden ${id.slice(0, 60)} finns inte (eller så får ditt konto inte se den).`);
		if (!photo) throw missing();
		if (photo.measure_id) {
			const [row] = await this.#rows(sql`WHERE m.id = ${photo.measure_id}`);
			if (!row || !this.#visible(row, layers.viewer) || (row.place_layer_id && !layers.sees(row.place_layer_id))) throw missing();
		}
		return { mime: photo.mime, bytes: Buffer.from(photo.bytes) };
	}

	/** A before or after photo, by those who may change the measure; its own write, or part of the caller's. */
	async addPhoto(
		measureId: string,
		photo: { kind: 'before' | 'after'; mime: string; bytes: Uint8Array; width: number | null; height: number | null },
		layers: LayerView
	): Promise<{ id: string; kind: 'before' | 'after'; mime: string; width: number | null; height: number | null }> {
		const by = layers.by;
		return this.#database.write(async () => {
			await this.authorise(measureId, layers);
			const id = randomUUID();
			await sql`INSERT INTO photos (id, measure_id, kind, mime, bytes, width, height, created_at, created_by)
				VALUES (${id}, ${measureId}, ${photo.kind}, ${photo.mime}, ${Buffer.from(photo.bytes)}, ${photo.width}, ${photo.height}, ${new Date(this.#now()).toISOString()}, ${by})`.execute(
				this.#database.query
			);
			return { id, kind: photo.kind, mime: photo.mime, width: photo.width, height: photo.height };
		});
	}
}

/**
 * A point rounded to a grid of about 100 m (0.001° of latitude is 111 m; 0.002° of longitude is
 * 113 m at Järva's 59.4° N): near enough to find the place on the street, too coarse to draw it.
 */
export function roundedPosition([lon, lat]: [number, number]): [number, number] {
	return [Number((Math.round(lon / 0.002) * 0.002).toFixed(3)), Number((Math.round(lat / 0.001) * 0.001).toFixed(3))];
}

/** A point that lies on the object: the point itself, or the first ring's vertex mean for areas (good enough to place a pin). */
function representativePoint(geometry: GeoJSON.Geometry): [number, number] | null {
	if (geometry.type === 'Point') return [geometry.coordinates[0]!, geometry.coordinates[1]!];
	const ring = geometry.type === 'Polygon' ? geometry.coordinates[0] : geometry.type === 'MultiPolygon' ? geometry.coordinates[0]?.[0] : undefined;
	if (!ring || ring.length < 2) return null;
	const points = ring.slice(0, -1);
	const mean = (i: 0 | 1) => points.reduce((sum, p) => sum + p[i]!, 0) / points.length;
	return [Number(mean(0).toFixed(6)), Number(mean(1).toFixed(6))];
}
