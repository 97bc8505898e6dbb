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
 */
import { randomUUID } from 'node:crypto';
import { write, type Db } from '../db/database';
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

const SELECT = `SELECT m.*, o.name AS owner_name, mk.name AS maker_name, mt.organisation_ids AS origin_organisation_ids,
	(SELECT fp.owner_organisation_id FROM focus_place_measures fpm JOIN focus_places fp ON fp.id = fpm.focus_place_id
	 WHERE fpm.measure_id = m.id AND fpm.made_here = 1 LIMIT 1) AS focus_owner_id
	FROM measures m JOIN organisations o ON o.id = m.owner_organisation_id JOIN organisations mk ON mk.id = m.maker_organisation_id
	LEFT JOIN meetings mt ON m.origin_kind = 'meeting' AND mt.id = m.origin_id`;

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
	readonly #db: Db;
	readonly #now: () => number;

	/** `operator`: the organisation operating the installation, now (accounts.operator()). */
	constructor(db: Db, now: () => number = Date.now, operator: () => string | null = () => null) {
		this.#db = db;
		this.#now = now;
		this.#operator = operator;
	}

	readonly #operator: () => string | null;

	#visible(row: Row, viewer: Viewer): boolean {
		return visibleTo(row, viewer, this.#operator());
	}

	/** The measure's row; with a viewer, only if they may see it (else 404 as for an unknown id). */
	#row(id: string, viewer?: Viewer): Row {
		const row = this.#db.prepare(`${SELECT} WHERE m.id = ?`).get(id) as Row | undefined;
		if (!row || (viewer && !this.#visible(row, viewer))) throw notFound(id);
		return row;
	}

	/** Whether the measure exists and the viewer may see it (the live updates ask before sending its change). */
	sees(id: string, viewer: Viewer): boolean {
		const row = this.#db.prepare(`${SELECT} WHERE m.id = ?`).get(id) as Row | undefined;
		return Boolean(row && this.#visible(row, viewer));
	}

	/** An origin named by a client must exist, and a meeting must be one the maker may see. */
	#checkOrigin(origin: MeasureOrigin, viewer: Viewer): void {
		if (origin.kind === 'meeting') {
			const meeting = this.#db.prepare('SELECT organisation_ids FROM meetings WHERE id = ?').get(origin.id) as { organisation_ids: string } | undefined;
			if (!meeting || !canSeeMeeting(viewer, JSON.parse(meeting.organisation_ids) as string[])) {
				throw new BadParamError('origin.id', `Mötet ${origin.id} finns inte (eller så deltar din organisation inte i det). Ange ett möte från GET /api/meetings.`);
			}
		} else if (!this.#db.prepare('SELECT 1 FROM inventories WHERE id = ?').get(origin.id)) {
			throw new BadParamError('origin.id', `Inventeringen ${origin.id} finns inte. Ange en inventering från GET /api/inventories.`);
		}
	}

	#organisation(id: string) {
		if (!this.#db.prepare('SELECT 1 FROM organisations WHERE id = ?').get(id)) {
			throw new InvalidFeatureError(`Organisationen ${id} finns inte.`, 'ownerOrganisationId');
		}
	}

	/**
	 * Shapes a row for a viewer: a place on a layer the viewer may not see is only `{ hidden: true }`,
	 * and then its position is left out too (it would show where the hidden object is).
	 */
	view(row: Row, layers: LayerView): Measure {
		let place: Measure['place'] = null;
		let position = row.position ? (JSON.parse(row.position) as [number, number]) : null;
		// Photos of a place on a layer the viewer may not see would show that place.
		const showPhotos = !row.place_layer_id || layers.sees(row.place_layer_id);
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
		const photos = showPhotos ? (this.#db.prepare('SELECT id, kind FROM photos WHERE measure_id = ? ORDER BY created_at').all(row.id) as Measure['photos']) : [];
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

	/**
	 * Makes a measure; the place (if any) must be an object the viewer can see. Runs in its own
	 * transaction, or as a savepoint inside the caller's (a meeting decision, a finding).
	 */
	create(input: MeasureInput, layers: LayerView, origin?: MeasureOrigin): Measure {
		const by = layers.by;
		requireRole(layers.viewer, 'redaktör');
		return write(this.#db, () => {
			this.#organisation(input.ownerOrganisationId);
			if (origin) this.#checkOrigin(origin, layers.viewer);
			let position = input.position ?? null;
			if (input.place) {
				const feature = layers.feature(input.place.layerId, input.place.featureId);
				// A measure at a place is mapped at that place unless told otherwise.
				position ??= representativePoint(feature.geometry);
			}
			const id = randomUUID();
			const at = new Date(this.#now()).toISOString();
			this.#db
				.prepare(
					`INSERT INTO measures (id, title, description, owner_organisation_id, due_date, status, place_layer_id, place_feature_id, position, origin_kind, origin_id, version, created_at, created_by, updated_at, updated_by, maker_organisation_id)
					 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?)`
				)
				.run(id, input.title, input.description ?? '', input.ownerOrganisationId, input.dueDate, input.status, input.place?.layerId ?? null, input.place?.featureId ?? null, position ? JSON.stringify(position) : null, origin?.kind ?? null, origin?.id ?? null, at, by, at, by, layers.viewer.organisation.id);
			const row = this.#row(id);
			this.#db.prepare('INSERT INTO measure_history (measure_id, version, at, by, before, after) VALUES (?, 1, ?, ?, NULL, ?)').run(id, at, by, JSON.stringify(snapshot(row)));
			return this.view(row, layers);
		});
	}

	/**
	 * Checks a change before its body is read: 404 when the measure is unknown or not visible, 403
	 * unless the viewer's organisation carries it out or made it.
	 */
	authorise(id: string, layers: LayerView): void {
		requireRole(layers.viewer, 'redaktör');
		requireMeasureEdit(layers.viewer, accessOf(this.#row(id, layers.viewer)));
	}

	/** @throws NotFoundError (404) for an unknown measure and for one the viewer may not see alike. */
	get(id: string, layers: LayerView): Measure {
		return this.view(this.#row(id, layers.viewer), layers);
	}

	list(filter: MeasureFilter, layers: LayerView): Measure[] {
		const where: string[] = [];
		const args: unknown[] = [];
		const status = filter.status ?? 'open';
		if (status === 'open') where.push(`m.status IN ('föreslagen', 'beslutad', 'pågår')`);
		else if (status !== 'all') (where.push('m.status = ?'), args.push(status));
		if (filter.owner) (where.push('m.owner_organisation_id = ?'), args.push(filter.owner));
		if (filter.origin) (where.push('m.origin_kind = ?'), args.push(filter.origin));
		if (filter.originId) (where.push('m.origin_id = ?'), args.push(filter.originId));
		if (filter.place) {
			// A place on a layer the viewer may not see is answered like an unknown layer (404), as
			// GET /api/layers/{id} does: an empty list would still say "there is such a place".
			layers.requireLayer(filter.place.layerId);
			where.push('m.place_layer_id = ? AND m.place_feature_id = ?');
			args.push(filter.place.layerId, filter.place.featureId);
		}
		const rows = this.#db.prepare(`${SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY m.due_date, m.created_at`).all(...args) as Row[];
		// Measures of a meeting the viewer may not see are not listed, whatever the filter (originId included).
		const measures = rows.filter((row) => this.#visible(row, layers.viewer)).map((row) => this.view(row, layers));
		return filter.overdue ? measures.filter((m) => m.overdue) : measures;
	}

	update(id: string, baseVersion: number, change: MeasureChange, layers: LayerView): Measure {
		const by = layers.by;
		return write(this.#db, () => {
			const row = this.#row(id, layers.viewer);
			requireMeasureEdit(layers.viewer, accessOf(row));
			if (row.version !== baseVersion) {
				const current = this.view(row, layers);
				throw new VersionConflictError(
					`Åtgärden har ändrats av ${current.updatedBy} sedan du läste den (du utgick från version ${baseVersion}, nu version ${current.version}).`,
					{ baseVersion, current, yours: change }
				);
			}
			if (change.status && change.status !== row.status) {
				const problem = checkTransition(row.status, change.status);
				if (problem) throw new TransitionError(problem, MEASURE_TRANSITIONS[row.status]);
			}
			if (change.ownerOrganisationId) this.#organisation(change.ownerOrganisationId);
			const at = new Date(this.#now()).toISOString();
			this.#db
				.prepare(
					`UPDATE measures SET title = ?, description = ?, owner_organisation_id = ?, due_date = ?, status = ?, version = version + 1, updated_at = ?, updated_by = ? WHERE id = ?`
				)
				.run(change.title ?? row.title, change.description ?? row.description, change.ownerOrganisationId ?? row.owner_organisation_id, change.dueDate ?? row.due_date, change.status ?? row.status, at, by, id);
			const after = this.#row(id);
			this.#db.prepare('INSERT INTO measure_history (measure_id, version, at, by, before, after) VALUES (?, ?, ?, ?, ?, ?)').run(id, after.version, at, by, JSON.stringify(snapshot(row)), JSON.stringify(snapshot(after)));
			return this.view(after, layers);
		});
	}

	/** The measure's versions; with `layers`, only if the viewer may see the measure (else 404). */
	history(id: string, layers?: LayerView): { version: number; at: string; by: string; before: unknown; after: unknown }[] {
		this.#row(id, layers?.viewer);
		return (this.#db.prepare('SELECT version, at, by, before, after FROM measure_history WHERE measure_id = ? ORDER BY seq').all(id) as { version: number; at: string; by: string; before: string | null; after: string }[]).map((h) => ({
			...h,
			before: h.before ? JSON.parse(h.before) : null,
			after: JSON.parse(h.after)
		}));
	}

	/**
	 * A stored photo's bytes, if the viewer may see what it belongs to: a measure they may see whose
	 * place (if any) is on a layer they may see, or a finding (safety walks are read by every account).
	 * @throws NotFoundError (404) otherwise, as for an unknown photo.
	 */
	photo(id: string, layers: LayerView): { mime: string; bytes: Buffer } {
		const photo = this.#db.prepare('SELECT mime, bytes, measure_id FROM photos WHERE id = ?').get(id) as { mime: string; bytes: Buffer; measure_id: string | null } | undefined;
		const missing = () => new NotFoundError(`Bilden ${id.slice(0, 60)} finns inte (eller så får ditt konto inte se den).`);
		if (!photo) throw missing();
		if (photo.measure_id) {
			const row = this.#db.prepare(`${SELECT} WHERE m.id = ?`).get(photo.measure_id) as Row | undefined;
			if (!row || !this.#visible(row, layers.viewer) || (row.place_layer_id && !layers.sees(row.place_layer_id))) throw missing();
		}
		return { mime: photo.mime, bytes: photo.bytes };
	}

	/** A before or after photo, by those who may change the measure. */
	addPhoto(measureId: string, photo: { kind: 'before' | 'after'; mime: string; bytes: Uint8Array; width: number | null; height: number | null }, layers: LayerView): { id: string; kind: 'before' | 'after'; mime: string; width: number | null; height: number | null } {
		const by = layers.by;
		this.authorise(measureId, layers);
		const id = randomUUID();
		this.#db
			.prepare('INSERT INTO photos (id, measure_id, kind, mime, bytes, width, height, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
			.run(id, measureId, photo.kind, photo.mime, Buffer.from(photo.bytes), photo.width, photo.height, new Date(this.#now()).toISOString(), by);
		return { id, kind: photo.kind, mime: photo.mime, width: photo.width, height: photo.height };
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
