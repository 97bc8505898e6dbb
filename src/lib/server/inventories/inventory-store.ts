/**
 * Safety walks (trygghetsinventeringar) and their findings, on SQLite or PostgreSQL alike
 * (db/app-database.ts; inventory-store.test.ts runs on both). Every write is one transaction
 * (database.write, a savepoint inside the route's); inventories and findings carry a version, and a
 * write names the version it was based on (a stale one is a VersionConflictError with the stored
 * object, 409). Photos are kept in the database (bytea on PostgreSQL), decoded and checked by the
 * route before the write: nothing inside a write waits for I/O.
 *
 * Findings and their photos are keyed by the device's clientId, so a finding sent again after a
 * lost answer is stored once: the second send gets the stored finding back (`created: false`).
 * Follow-up (a finding becoming a measure or an insecure place) writes the other object and the
 * link on the finding in one transaction, through the measure store and the viewer's LayerView,
 * so those stay validated, versioned and audited as any other write.
 *
 * Who writes (auth/access.ts): a walk is owned by the organisation that planned it, which always
 * takes part. The organisations taking part plan it (title, purpose, start, stops) and record
 * findings; only the owner changes who takes part. A finding is changed, photographed and followed
 * up (a measure, an insecure place) by the organisation that recorded it and by the walk's owner.
 * Every version of a walk and of a finding is kept in the object history and a walk's can be
 * restored as a new version.
 *
 * Who sees a walk: every account (walks are planned together by all partners). Its stops are
 * another matter: a stop taken from an object on a layer (a drug scene) keeps a reference to it,
 * `source: { layerId, featureId }`. Every stop has one number for everyone – its place in the list,
 * which the planner orders (by hand; the optimiser is a request, `optimise`). A viewer who may not
 * see a stop's layer gets only that number (`withheldStops`): no name, source or position. Why a
 * check at every read rather than refusing such stops: a walk is read by every account, not only by
 * the organisations taking part, and a layer's visibility can be narrowed after the walk was
 * planned – a check when the stop is added could not hold for either.
 * One sheet for everyone (issue 13): a stop some *participating* organisation may not see is
 * `restricted` for those who do see it, and the field sheet, field mode and report show it to all as
 * "Stopp N – plats enligt samordnaren". The route goes only through the stops every participant
 * (and the viewer) may see, in the list's order: it is stored so planned, and planned again at read
 * for a viewer for whom that set differs (a stored line would draw a place they may not see).
 * An editor who cannot see a stop cannot remove, move or rename it either: a change of the stop
 * list keeps such stops where they were.
 */
import { randomUUID } from 'node:crypto';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { booleanPointInPolygon } from '@turf/turf';
import * as v from 'valibot';
import { findingCategory, MAX_PHOTOS, type FindingInput } from '$lib/inventory/categories';
import type { LonLat } from '$lib/inventory/fields';
import {
	MAX_STOPS,
	PLACES_LAYER,
	placeCategoryFor,
	type Finding,
	type FindingMeasureInput,
	type FindingPatch,
	type FindingPhoto,
	type FindingPlaceInput,
	type Inventory,
	type InventoryArea,
	type InventoryInput,
	type InventorySummary,
	type Stop,
	type WalkRoute
} from '$lib/inventory/model';
import { planWalk, straightRouter, type LegRouter } from '$lib/inventory/route';
import { MeasureInput } from '$lib/measures/status';
import { validateGeometry } from '$lib/geo/geometry';
import type { StoredFeature } from '../../feature-types';
import { requireOwnContribution, requireOwner, requireParticipant, requireRole, takesPart, type Gathering, type Viewer } from '../auth/access';
import { ObjectHistory, type ObjectVersion } from '../db/object-history';
import type { InventoryChange, StopSource, StoredStop } from './inventory-input';
import { sql, type RawBuilder } from 'kysely';
import type { AppDatabase } from '../db/app-database';
import type { LayerView } from '../layer-view';
import type { Measure, MeasureStore } from '../measures/measure-store';
import { BadParamError, ConflictError, ForbiddenError, LayerNotFoundError, NotFoundError, VersionConflictError } from '../errors';

/** The 409 of a stale write on a walk or finding: what is stored now (as the writer may see it) and the refused change. */
function staleVersion(current: InventoryView | Finding, baseVersion: number, yours: unknown, what: 'inventering' | 'fynd'): VersionConflictError {
	return new VersionConflictError(
		`${what === 'fynd' ? 'Fyndet' : 'Inventeringen'} har ändrats av ${current.updatedBy} sedan version ${baseVersion}: nu version ${current.version}. Välj vilken version som ska gälla.`,
		{ baseVersion, current, yours }
	);
}

/** A photo as it is stored: already checked (type by magic bytes, size) by the caller. */
export interface PhotoUpload {
	mime: string;
	width: number | null;
	height: number | null;
	bytes: Uint8Array;
}

interface InventoryRow {
	id: string;
	title: string;
	area: string;
	starts_at: string;
	organisation_ids: string;
	purpose: string;
	stops: string;
	route: string | null;
	version: number;
	created_at: string;
	created_by: string;
	updated_at: string;
	updated_by: string;
	owner_organisation_id: string;
}

interface FindingRow {
	id: string;
	inventory_id: string;
	category: Finding['category'];
	severity: Finding['severity'];
	note: string;
	position: string;
	measure_id: string | null;
	place_feature_id: string | null;
	stop_id: string | null;
	version: number;
	recorded_at: string;
	created_at: string;
	created_by: string;
	updated_at: string;
	updated_by: string;
	organisation_id: string;
}

const parse = <T>(text: string) => JSON.parse(text) as T;

/** Gives the router a walk is planned with; `avoidSteps` is the walk's "undvik trappor". */
export type RouterFor = (avoidSteps: boolean) => LegRouter;

/**
 * What the `route` column holds: the walk's "undvik trappor" and its planned route. A walk planned
 * before routes were walked on the network holds the bare straight-line plan (or NULL); it is read
 * as `legacy` and planned again when read, so no one is shown a route without streets and legs.
 */
interface StoredRoute {
	avoidSteps: boolean;
	plan: WalkRoute | null;
	legacy: boolean;
}

function readRoute(text: string | null): StoredRoute {
	if (text === null) return { avoidSteps: false, plan: null, legacy: false };
	const value = parse<Partial<StoredRoute> & Partial<WalkRoute>>(text);
	if ('plan' in value && typeof value.avoidSteps === 'boolean') return { avoidSteps: value.avoidSteps, plan: value.plan ?? null, legacy: false };
	return { avoidSteps: false, plan: null, legacy: true };
}

const writeRoute = (avoidSteps: boolean, plan: WalkRoute | null) => JSON.stringify({ avoidSteps, plan });

/**
 * A stop the viewer sees, with its number on the walk (its place in the list, the same for every
 * viewer). `restricted`: an organisation taking part may not see the stop's layer, so the field
 * sheet, field mode and report show it to everyone as "Stopp N – plats enligt samordnaren", and
 * the route does not go to it; the organisations named are those that may not see it.
 */
export type ViewStop = StoredStop & { number: number; restricted?: { organisations: { id: string; name: string }[] } };
/** A stop the viewer may not see: only where it comes in the walk, no name, no position. */
export interface WithheldStop {
	id: string;
	number: number;
}
/**
 * A walk as one viewer may see it: the stops they may see, those they may not as numbers only
 * (`withheldStops`; `hiddenStops` counts them), and the route over the stops shown to everyone.
 */
export type InventoryView = Omit<Inventory, 'stops'> & { stops: ViewStop[]; withheldStops: WithheldStop[]; hiddenStops: number };

/** What a viewer's layers say about a stop: whether the viewer sees its layer, and whether another organisation does. */
interface StopAccess {
	sees: SeesLayer;
	seenBy: (organisationId: string, layerId: string) => boolean;
}
const accessOf = (layers: LayerView): StopAccess => ({ sees: (id) => layers.sees(id), seenBy: (org, id) => layers.organisationSees(org, id) });

/** The participants that may not see the stop's layer (none for a stop not taken from a layer). */
const blindTo = (stop: StoredStop, organisationIds: readonly string[], access: StopAccess) =>
	stop.source ? organisationIds.filter((org) => !access.seenBy(org, stop.source!.layerId)) : [];

/** The stops the route goes to: shown to every participant (and seen by this viewer), in the walk's order. */
const routeStops = (stops: readonly StoredStop[], organisationIds: readonly string[], access: StopAccess) =>
	stops.filter((stop) => seesStop(stop, access.sees) && blindTo(stop, organisationIds, access).length === 0);

const sameOrder = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((id, i) => b[i] === id);

/** What a version of a walk holds (its history): the plan, not the findings (they have their own). */
export interface InventorySnapshot {
	title: string;
	purpose: string;
	startsAt: string;
	organisationIds: string[];
	stops: StoredStop[];
}

/** What a version of a finding holds. */
type FindingSnapshot = Pick<Finding, 'category' | 'severity' | 'note' | 'position' | 'stopId' | 'measureId' | 'placeFeatureId'>;

/** What a write on a walk needs, checked before a request body is read and again in the write. */
export type InventoryWrite = 'plan' | 'add-finding' | 'finding';

/** Whether a viewer may see a stop: one taken from a layer object only if they may see that layer. */
type SeesLayer = (layerId: string) => boolean;
const seesStop = (stop: StoredStop, sees: SeesLayer) => !stop.source || sees(stop.source.layerId);

/** PostgreSQL cannot hold a NUL in text (it refuses the query): no walk, finding or photo has such an id. */
const storable = (id: string) => !id.includes('\u0000');

/** A text PostgreSQL cannot store (a NUL) is refused with a message on both databases, before anything is written. */
function refuseNul(fields: Record<string, string | null | undefined>): void {
	for (const [field, value] of Object.entries(fields)) {
		if (value?.includes('\u0000')) throw new BadParamError(field, 'Texten innehåller ett osynligt nolltecken (NUL); ta bort det och skicka igen.');
	}
}

export class InventoryStore {
	readonly #database: AppDatabase;
	readonly #history: ObjectHistory;
	readonly #now: () => number;
	readonly #router: RouterFor;
	readonly #streetName: (position: LonLat) => string | null;

	/**
	 * `router`: how legs are measured; the app passes the walking network's, the default is straight
	 * lines × 1.3. `streetName`: the nearest street's name, for naming a stop placed on the map.
	 */
	constructor(database: AppDatabase, now: () => number = Date.now, router: RouterFor = () => straightRouter(), streetName: (position: LonLat) => string | null = () => null) {
		this.#database = database;
		this.#history = new ObjectHistory(database);
		this.#now = now;
		this.#router = router;
		this.#streetName = streetName;
	}

	/**
	 * The walking route through the stops in the order given (the planner's), or null with fewer
	 * than two (nothing to walk between).
	 */
	#plan(stops: Stop[], avoidSteps: boolean): WalkRoute | null {
		if (stops.length < 2) return null;
		return planWalk(stops, { router: this.#router(avoidSteps), keepOrder: true });
	}

	/** The shortest order of the stops (the first stays first: the meeting place). */
	#shortestOrder(stops: Stop[], avoidSteps: boolean): string[] {
		if (stops.length < 3) return stops.map((s) => s.id);
		return planWalk(stops, { router: this.#router(avoidSteps) }).order;
	}

	/** The stored route: over the stops every participant may see, in the walk's order. */
	#sharedRoute(stops: StoredStop[], organisationIds: string[], avoidSteps: boolean, layers: LayerView): string {
		// Stops hidden from the writer cannot be told apart from restricted ones here: they are left out, and a reader who sees them gets a route planned at read.
		return writeRoute(avoidSteps, this.#plan(routeStops(stops, organisationIds, accessOf(layers)), avoidSteps));
	}

	#at(): string {
		return new Date(this.#now()).toISOString();
	}

	/** One write (a savepoint inside the route's): the read, the version check and the change together. */
	#write<T>(work: () => Promise<T>): Promise<T> {
		return this.#database.write(work);
	}

	async #rows<T>(query: RawBuilder<unknown>): Promise<T[]> {
		return (await query.execute(this.#database.query)).rows as T[];
	}

	async #organisations(): Promise<Map<string, string>> {
		const rows = await this.#rows<{ id: string; name: string }>(sql`SELECT id, name FROM organisations ORDER BY name`);
		return new Map(rows.map((r) => [r.id, r.name]));
	}

	async #row(id: string): Promise<InventoryRow> {
		const [row] = storable(id) ? await this.#rows<InventoryRow>(sql`SELECT * FROM inventories WHERE id = ${id}`) : [];
		if (!row) throw new NotFoundError(`Inventeringen ${id.slice(0, 60)} finns inte.`);
		return row;
	}

	/** The walk as the access rules see it: its owner and the organisations taking part. */
	async #gathering(row: InventoryRow): Promise<Gathering> {
		const names = await this.#organisations();
		return { noun: 'inventeringen', title: row.title, owner: { id: row.owner_organisation_id, name: names.get(row.owner_organisation_id) ?? row.owner_organisation_id }, organisationIds: parse<string[]>(row.organisation_ids) };
	}

	async #authorise(row: InventoryRow, what: InventoryWrite, viewer: Viewer, finding?: FindingRow): Promise<void> {
		requireRole(viewer, 'redaktör');
		const gathering = await this.#gathering(row);
		if (what === 'plan') requireParticipant(viewer, gathering, 'planera den (rubrik, syfte, tid och stopp)');
		else if (what === 'add-finding') requireParticipant(viewer, gathering, 'registrera fynd i den');
		else if (finding) {
			const names = await this.#organisations();
			requireOwnContribution(viewer, gathering, { id: finding.organisation_id, name: names.get(finding.organisation_id) ?? finding.organisation_id }, 'ändra fyndet, fotografera det eller följa upp det');
		}
	}

	/**
	 * Checks a write before its body is read: the walk (and finding) must exist (404) and the
	 * viewer's organisation have the right (403, naming who has it).
	 */
	async authorise(inventoryId: string, what: InventoryWrite, viewer: Viewer, findingId?: string): Promise<void> {
		const row = await this.#row(inventoryId);
		await this.#authorise(row, what, viewer, findingId ? await this.#findingIn(inventoryId, findingId) : undefined);
	}

	#snapshot(row: InventoryRow): InventorySnapshot {
		return { title: row.title, purpose: row.purpose, startsAt: row.starts_at, organisationIds: parse<string[]>(row.organisation_ids), stops: parse<StoredStop[]>(row.stops) };
	}

	#findingSnapshot(row: FindingRow): FindingSnapshot {
		return { category: row.category, severity: row.severity, note: row.note, position: parse<LonLat>(row.position), stopId: row.stop_id, measureId: row.measure_id, placeFeatureId: row.place_feature_id };
	}

	async #recordFinding(before: FindingRow | null, findingId: string, by: string): Promise<void> {
		const after = (await this.#findingRow(findingId))!;
		await this.#history.record('finding', findingId, {
			version: after.version,
			action: before ? 'update' : 'create',
			at: this.#at(),
			by,
			before: before && this.#findingSnapshot(before),
			after: this.#findingSnapshot(after),
			parentId: after.inventory_id
		});
	}

	/** The fields the latest version of a walk or finding changed, for the audit log. */
	lastChanged(kind: 'inventory' | 'finding', id: string): Promise<string[]> {
		return this.#history.lastChanged(kind, id);
	}

	/** Every version of the walk's plan, oldest first, with the stops this viewer may see. */
	async history(id: string, layers: LayerView): Promise<ObjectVersion<InventorySnapshot>[]> {
		await this.#row(id);
		const visible = (snapshot: InventorySnapshot | null) => snapshot && { ...snapshot, stops: snapshot.stops.filter((stop) => seesStop(stop, (layerId) => layers.sees(layerId))) };
		return (await this.#history.list<InventorySnapshot>('inventory', id)).map((version) => ({ ...version, before: visible(version.before), after: visible(version.after) }));
	}

	/**
	 * Makes an earlier version of the walk's plan current again as a new version, through the same
	 * rights as a change: an organisation taking part, and the owner when who takes part differs.
	 * A version whose stops (or the current ones) include stops the restorer may not see is
	 * refused: the restore would change places they cannot see.
	 */
	async restore(id: string, version: number, baseVersion: number, layers: LayerView): Promise<InventoryView> {
		const sees = (layerId: string) => layers.sees(layerId);
		return this.#write(async () => {
			const row = await this.#row(id);
			await this.#authorise(row, 'plan', layers.viewer);
			const snapshot = await this.#history.snapshot<InventorySnapshot>('inventory', id, version);
			if (!snapshot) throw new NotFoundError(`Inventeringen har ingen version ${version} att återställa. Se GET /api/inventories/${id}/history.`);
			if (row.version !== baseVersion) throw staleVersion(await this.#inventory(row, accessOf(layers), layers.viewer), baseVersion, { version, baseVersion }, 'inventering');
			const before = this.#snapshot(row);
			const gathering = await this.#gathering(row);
			if (!sameSet(snapshot.organisationIds, before.organisationIds)) requireOwner(layers.viewer, gathering, 'ändra vilka organisationer som deltar');
			if ([...snapshot.stops, ...before.stops].some((stop) => !seesStop(stop, sees))) {
				throw new ForbiddenError(
					`Version ${version} eller den nuvarande har stopp som ditt konto inte får se, och återställningen skulle ändra dem. Be ${gathering.owner.name} (ägare) eller någon som ser alla stopp att återställa.`
				);
			}
			const organisations = unique([row.owner_organisation_id, ...snapshot.organisationIds]);
			const { avoidSteps } = readRoute(row.route);
			const route = this.#sharedRoute(snapshot.stops, organisations, avoidSteps, layers);
			const [after] = await this.#rows<InventoryRow>(sql`UPDATE inventories SET title = ${snapshot.title}, purpose = ${snapshot.purpose}, starts_at = ${snapshot.startsAt},
				organisation_ids = ${JSON.stringify(organisations)}, stops = ${JSON.stringify(snapshot.stops)}, route = ${route}, version = version + 1, updated_at = ${this.#at()}, updated_by = ${layers.by}
				WHERE id = ${id} RETURNING *`);
			await this.#history.record('inventory', id, { version: after!.version, action: 'restore', at: this.#at(), by: layers.by, before, after: this.#snapshot(after!) });
			return this.#inventory(after!, accessOf(layers), layers.viewer);
		});
	}

	/** The photos of the findings (not their bytes), in the order they were taken. */
	async #photos(findingIds: string[]): Promise<Map<string, FindingPhoto[]>> {
		const byFinding = new Map<string, FindingPhoto[]>();
		// In chunks: the findings of every earlier walk in an area would pass the databases' parameter limits.
		for (let i = 0; i < findingIds.length; i += 500) {
			const rows = await this.#rows<FindingPhoto & { finding_id: string }>(
				sql`SELECT id, finding_id, mime, width, height FROM photos WHERE kind = 'finding' AND finding_id IN (${sql.join(findingIds.slice(i, i + 500))}) ORDER BY created_at, id`
			);
			for (const { finding_id, ...photo } of rows) {
				const list = byFinding.get(finding_id) ?? [];
				list.push(photo);
				byFinding.set(finding_id, list);
			}
		}
		return byFinding;
	}

	#finding(row: FindingRow, photos: FindingPhoto[]): Finding {
		return {
			id: row.id,
			inventoryId: row.inventory_id,
			category: row.category,
			severity: row.severity,
			note: row.note,
			position: parse<LonLat>(row.position),
			stopId: row.stop_id,
			photos,
			measureId: row.measure_id,
			placeFeatureId: row.place_feature_id,
			organisationId: row.organisation_id,
			version: row.version,
			recordedAt: row.recorded_at,
			createdAt: row.created_at,
			createdBy: row.created_by,
			updatedAt: row.updated_at,
			updatedBy: row.updated_by
		};
	}

	async #findingRow(findingId: string): Promise<FindingRow | undefined> {
		if (!storable(findingId)) return undefined;
		const [row] = await this.#rows<FindingRow>(sql`SELECT * FROM findings WHERE id = ${findingId}`);
		return row;
	}

	/** The finding, if it belongs to this inventory; otherwise a 404 naming both. */
	async #findingIn(inventoryId: string, findingId: string): Promise<FindingRow> {
		await this.#row(inventoryId);
		const row = await this.#findingRow(findingId);
		if (!row || row.inventory_id !== inventoryId) throw new NotFoundError(`Fyndet ${findingId.slice(0, 60)} finns inte i inventeringen ${inventoryId}.`);
		return row;
	}

	/** The walk as a viewer who sees the layers `sees` allows: see the note at the top. */
	async #inventory(row: InventoryRow, access: StopAccess, viewer: Viewer): Promise<InventoryView> {
		const names = await this.#organisations();
		const allStops = parse<StoredStop[]>(row.stops);
		const participants = parse<string[]>(row.organisation_ids);
		const stops: ViewStop[] = [];
		const withheldStops: WithheldStop[] = [];
		allStops.forEach((stop, index) => {
			const number = index + 1;
			if (!seesStop(stop, access.sees)) {
				withheldStops.push({ id: stop.id, number });
				return;
			}
			const blind = blindTo(stop, participants, access);
			stops.push({ ...stop, number, ...(blind.length ? { restricted: { organisations: blind.map((id) => ({ id, name: names.get(id) ?? id })) } } : {}) });
		});
		const stored = readRoute(row.route);
		const onRoute = routeStops(allStops, participants, access);
		const route =
			!stored.legacy && stored.plan && sameOrder(stored.plan.order, onRoute.map((s) => s.id)) ? stored.plan : this.#plan(onRoute, stored.avoidSteps);
		const findingRows = await this.#rows<FindingRow>(sql`SELECT * FROM findings WHERE inventory_id = ${row.id} ORDER BY recorded_at, created_at, id`);
		const photos = await this.#photos(findingRows.map((f) => f.id));
		const organisationIds = parse<string[]>(row.organisation_ids);
		const gathering = await this.#gathering(row);
		return {
			id: row.id,
			title: row.title,
			area: parse<InventoryArea>(row.area),
			startsAt: row.starts_at,
			organisationIds,
			organisations: organisationIds.map((id) => ({ id, name: names.get(id) ?? id })),
			owner: gathering.owner,
			rights: { owner: viewer.organisation.id === gathering.owner.id, takesPart: takesPart(viewer, gathering) },
			purpose: row.purpose,
			stops,
			withheldStops,
			hiddenStops: withheldStops.length,
			route,
			avoidSteps: stored.avoidSteps,
			findings: findingRows.map((f) => this.#finding(f, photos.get(f.id) ?? [])),
			version: row.version,
			createdAt: row.created_at,
			createdBy: row.created_by,
			updatedAt: row.updated_at,
			updatedBy: row.updated_by
		};
	}

	/** Newest walk first. */
	async list(): Promise<InventorySummary[]> {
		const rows = await this.#rows<InventoryRow & { finding_count: number }>(sql`SELECT i.*, (SELECT COUNT(*) FROM findings f WHERE f.inventory_id = i.id) AS finding_count
			FROM inventories i ORDER BY i.starts_at DESC, i.created_at DESC`);
		return rows.map((row) => {
			const area = parse<InventoryArea>(row.area);
			return {
				id: row.id,
				title: row.title,
				area: area.kind === 'district' ? { kind: 'district', name: area.name } : { kind: 'polygon' },
				startsAt: row.starts_at,
				organisationIds: parse<string[]>(row.organisation_ids),
				purpose: row.purpose,
				stopCount: parse<Stop[]>(row.stops).length,
				findingCount: Number(row.finding_count),
				version: row.version
			};
		});
	}

	/** The walk as this viewer may see it (stops on layers hidden from them left out). */
	async get(id: string, layers: LayerView): Promise<InventoryView> {
		return this.#inventory(await this.#row(id), accessOf(layers), layers.viewer);
	}

	/** @throws NotFoundError (404) when there is no such walk. */
	async require(id: string): Promise<void> {
		await this.#row(id);
	}

	/**
	 * A new walk, owned by the maker's organisation (which always takes part). A district area is
	 * stored with the district's outline as it is today (the walk was planned on that outline);
	 * `districtGeometry` looks it up.
	 */
	async create(input: InventoryInput, districtGeometry: (name: string) => Polygon | MultiPolygon | null, layers: LayerView): Promise<InventoryView> {
		const viewer = requireRole(layers.viewer, 'redaktör');
		refuseNul({ title: input.title, purpose: input.purpose, startsAt: input.startsAt });
		const by = layers.by;
		const known = await this.#organisations();
		const unknown = input.organisationIds.filter((id) => !known.has(id));
		if (unknown.length > 0) {
			throw new BadParamError('organisationIds', `Okänd organisation ${unknown.join(', ')}. Finns: ${[...known.keys()].join(', ')}.`, [...known.keys()]);
		}
		let area: InventoryArea;
		if (input.area.kind === 'district') {
			const geometry = districtGeometry(input.area.name);
			if (!geometry) throw new BadParamError('area.name', `Stadsdelen ${input.area.name} finns inte i lagret stadsdelar.`);
			area = { kind: 'district', name: input.area.name, geometry };
		} else {
			const problem = validateGeometry(input.area.geometry);
			if (problem) throw new BadParamError('area.geometry', `Området: ${problem}`);
			area = { kind: 'polygon', geometry: input.area.geometry };
		}
		const id = randomUUID();
		const at = this.#at();
		const organisations = unique([viewer.organisation.id, ...input.organisationIds]);
		return this.#write(async () => {
			const [row] = await this.#rows<InventoryRow>(sql`INSERT INTO inventories (id, title, area, starts_at, organisation_ids, purpose, stops, route, version, created_at, created_by, updated_at, updated_by, owner_organisation_id)
				VALUES (${id}, ${input.title}, ${JSON.stringify(area)}, ${input.startsAt}, ${JSON.stringify(organisations)}, ${input.purpose}, '[]', NULL, 1, ${at}, ${by}, ${at}, ${by}, ${viewer.organisation.id})
				RETURNING *`);
			await this.#history.record('inventory', id, { version: 1, action: 'create', at, by, before: null, after: this.#snapshot(row!) });
			// A new walk has no stops yet: nothing in it can be hidden from anyone.
			return this.#inventory(row!, accessOf(layers), viewer);
		});
	}

	/**
	 * Changes title, purpose, start, stops, "undvik trappor" or (the owner only) who takes part; new
	 * stops (or a changed avoidSteps) get a new walking route (planWalk) through every stop, those
	 * hidden from this editor included (they stay where they were).
	 */
	async update(id: string, change: InventoryChange, layers: LayerView): Promise<InventoryView> {
		refuseNul({ title: change.title, purpose: change.purpose, startsAt: change.startsAt });
		return this.#write(async () => {
			const row = await this.#row(id);
			await this.#authorise(row, 'plan', layers.viewer);
			let organisations = parse<string[]>(row.organisation_ids);
			if (change.organisationIds && !sameSet(unique(change.organisationIds), organisations)) {
				requireOwner(layers.viewer, await this.#gathering(row), 'ändra vilka organisationer som deltar');
				organisations = unique(change.organisationIds);
				const known = await this.#organisations();
				const unknown = organisations.filter((org) => !known.has(org));
				if (unknown.length) throw new BadParamError('organisationIds', `Okänd organisation ${unknown.join(', ')}. Finns: ${[...known.keys()].join(', ')}.`, [...known.keys()]);
				if (!organisations.includes(row.owner_organisation_id)) {
					throw new BadParamError('organisationIds', `${known.get(row.owner_organisation_id)} äger inventeringen och måste vara med bland organisationIds (${row.owner_organisation_id}).`);
				}
			}
			if (row.version !== change.baseVersion) throw staleVersion(await this.#inventory(row, accessOf(layers), layers.viewer), change.baseVersion, change, 'inventering');
			const stored = readRoute(row.route);
			const avoidSteps = change.avoidSteps ?? stored.avoidSteps;
			let stops = change.stops ? mergeStops(parse<StoredStop[]>(row.stops), change.stops, layers, (position, taken) => this.#nameAt(position, taken)) : parse<StoredStop[]>(row.stops);
			if (change.optimise) stops = this.#optimised(stops, avoidSteps, layers);
			// The route changes with the stops, their order, "undvik trappor" and who takes part (which stops everyone may see).
			const replan = Boolean(change.stops) || Boolean(change.optimise) || avoidSteps !== stored.avoidSteps || stored.legacy || !sameSet(organisations, parse<string[]>(row.organisation_ids));
			const route = replan ? this.#sharedRoute(stops, organisations, avoidSteps, layers) : writeRoute(avoidSteps, stored.plan);
			const before = this.#snapshot(row);
			const [after] = await this.#rows<InventoryRow>(sql`UPDATE inventories SET title = ${change.title ?? row.title}, purpose = ${change.purpose ?? row.purpose}, starts_at = ${change.startsAt ?? row.starts_at},
				organisation_ids = ${JSON.stringify(organisations)}, stops = ${JSON.stringify(stops)}, route = ${route}, version = version + 1, updated_at = ${this.#at()}, updated_by = ${layers.by}
				WHERE id = ${id} RETURNING *`);
			await this.#history.record('inventory', id, { version: after!.version, action: 'update', at: this.#at(), by: layers.by, before, after: this.#snapshot(after!) });
			return this.#inventory(after!, accessOf(layers), layers.viewer);
		});
	}

	/**
	 * The optimiser (a button in the planner): the stops the editor sees in the shortest walking
	 * order from the first; stops hidden from the editor keep their places in the list.
	 */
	#optimised(stops: StoredStop[], avoidSteps: boolean, layers: LayerView): StoredStop[] {
		const sees = (layerId: string) => layers.sees(layerId);
		const slots = stops.flatMap((stop, index) => (seesStop(stop, sees) ? [index] : []));
		const visible = slots.map((index) => stops[index]!);
		const byId = new Map(visible.map((stop) => [stop.id, stop]));
		const order = this.#shortestOrder(visible, avoidSteps);
		const result = [...stops];
		slots.forEach((slot, k) => (result[slot] = byId.get(order[k]!)!));
		return result;
	}

	/** A new stop's name when the planner gave none: the nearest street ("Borgågatan"), told apart from a stop already called so. */
	#nameAt(position: LonLat, taken: ReadonlySet<string>): string | null {
		const street = this.#streetName(position);
		if (!street) return null;
		if (!taken.has(street)) return street;
		for (let n = 2; ; n++) if (!taken.has(`${street} ${n}`)) return `${street} ${n}`;
	}


	/**
	 * Stores a finding under the device's clientId. The same clientId again (a resend after a
	 * lost answer) changes nothing and answers with what is stored: `created: false`.
	 */
	async addFinding(inventoryId: string, input: FindingInput, layers: LayerView): Promise<{ finding: Finding; created: boolean }> {
		const by = layers.by;
		// PostgreSQL refuses a NUL in text: refused on both, with a message, before anything is written.
		if (!storable(input.clientId)) throw new BadParamError('clientId', 'Fynd-id får inte innehålla nolltecken (NUL).');
		if (!storable(input.note)) throw new BadParamError('note', 'Anteckningen innehåller ett osynligt nolltecken (NUL); ta bort det och skicka igen.');
		return this.#write(async () => {
			await this.#authorise(await this.#row(inventoryId), 'add-finding', layers.viewer);
			const existing = await this.#findingRow(input.clientId);
			if (existing) {
				if (existing.inventory_id !== inventoryId) {
					throw new ConflictError(`Fynd-id ${input.clientId} används redan i en annan inventering; skapa fyndet med ett nytt id.`);
				}
				return { finding: this.#finding(existing, (await this.#photos([existing.id])).get(existing.id) ?? []), created: false };
			}
			const at = this.#at();
			// A stop removed from the walk while the finding waited on the phone: stored without a stop (one can be chosen later), not refused – the finding must not be lost.
			const stopId = input.stopId && (await this.#stopIds(inventoryId)).has(input.stopId) ? input.stopId : null;
			await sql`INSERT INTO findings (id, inventory_id, category, severity, note, position, stop_id, version, recorded_at, created_at, created_by, updated_at, updated_by, organisation_id)
				VALUES (${input.clientId}, ${inventoryId}, ${input.category}, ${input.severity}, ${input.note}, ${JSON.stringify(input.position)}, ${stopId}, 1, ${input.createdAt}, ${at}, ${by}, ${at}, ${by}, ${layers.viewer.organisation.id})`.execute(
				this.#database.query
			);
			await this.#recordFinding(null, input.clientId, by);
			return { finding: await this.finding(inventoryId, input.clientId), created: true };
		});
	}

	async finding(inventoryId: string, findingId: string): Promise<Finding> {
		const row = await this.#findingIn(inventoryId, findingId);
		return this.#finding(row, (await this.#photos([row.id])).get(row.id) ?? []);
	}

	/** Changes a finding if `baseVersion` is still current; otherwise a conflict for a person to resolve. */
	async updateFinding(inventoryId: string, findingId: string, change: FindingPatch, layers: LayerView): Promise<Finding> {
		const by = layers.by;
		if (change.note && !storable(change.note)) throw new BadParamError('note', 'Anteckningen innehåller ett osynligt nolltecken (NUL); ta bort det och skicka igen.');
		return this.#write(async () => {
			const row = await this.#findingIn(inventoryId, findingId);
			await this.#authorise(await this.#row(inventoryId), 'finding', layers.viewer, row);
			if (row.version !== change.baseVersion) {
				throw staleVersion(await this.finding(inventoryId, findingId), change.baseVersion, change, 'fynd');
			}
			if (change.stopId && !(await this.#stopIds(inventoryId)).has(change.stopId)) {
				throw new BadParamError('stopId', `Stoppet ${change.stopId} finns inte i inventeringens runda (längre). Välj ett av stoppen i rundan, eller inget.`);
			}
			await sql`UPDATE findings SET category = ${change.category ?? row.category}, severity = ${change.severity ?? row.severity}, note = ${change.note ?? row.note},
				position = ${change.position ? JSON.stringify(change.position) : row.position}, stop_id = ${change.stopId === undefined ? row.stop_id : change.stopId},
				version = version + 1, updated_at = ${this.#at()}, updated_by = ${by} WHERE id = ${findingId}`.execute(this.#database.query);
			await this.#recordFinding(row, findingId, by);
			return this.finding(inventoryId, findingId);
		});
	}

	/** The ids of every stop of the walk, those hidden from someone included. */
	async #stopIds(inventoryId: string): Promise<Set<string>> {
		return new Set(parse<StoredStop[]>((await this.#row(inventoryId)).stops).map((stop) => stop.id));
	}

	/** The inventory a finding belongs to, for routes that name only the finding. */
	async inventoryOf(findingId: string): Promise<string> {
		const row = await this.#findingRow(findingId);
		if (!row) throw new NotFoundError(`Fyndet ${findingId} finns inte (har det synkats från enheten ännu?).`);
		return row.inventory_id;
	}

	/**
	 * Adds a photo under the device's clientId; the same clientId again answers with the stored
	 * photo (`created: false`). A photo does not change the finding's version: an edit queued
	 * on the device after the photo must not conflict with it.
	 */
	async addPhoto(findingId: string, clientId: string, photo: PhotoUpload, layers: LayerView): Promise<{ photo: FindingPhoto & { findingId: string }; created: boolean }> {
		const by = layers.by;
		if (!storable(clientId)) throw new BadParamError('clientId', 'Foto-id får inte innehålla nolltecken (NUL).');
		// The photo is already decoded and checked by the caller: nothing here waits for I/O inside the write.
		return this.#write(async () => {
			const inventoryId = await this.inventoryOf(findingId);
			await this.authorise(inventoryId, 'finding', layers.viewer, findingId);
			const [existing] = await this.#rows<FindingPhoto & { finding_id: string | null }>(sql`SELECT id, finding_id, mime, width, height FROM photos WHERE id = ${clientId}`);
			if (existing) {
				if (existing.finding_id !== findingId) throw new ConflictError(`Foto-id ${clientId} används redan för något annat; skicka fotot med ett nytt id.`);
				const { finding_id: _, ...stored } = existing;
				return { photo: { ...stored, findingId }, created: false };
			}
			const [counted] = await this.#rows<{ n: number }>(sql`SELECT COUNT(*) AS n FROM photos WHERE finding_id = ${findingId} AND kind = 'finding'`);
			const count = Number(counted!.n);
			if (count >= MAX_PHOTOS) throw new BadParamError('file', `Fyndet har redan ${count} foton; högst ${MAX_PHOTOS} får plats.`);
			// bytea on PostgreSQL, a BLOB on SQLite: the same Buffer either way.
			await sql`INSERT INTO photos (id, finding_id, measure_id, kind, mime, bytes, width, height, created_at, created_by)
				VALUES (${clientId}, ${findingId}, NULL, 'finding', ${photo.mime}, ${Buffer.from(photo.bytes)}, ${photo.width}, ${photo.height}, ${this.#at()}, ${by})`.execute(this.#database.query);
			return { photo: { id: clientId, mime: photo.mime, width: photo.width, height: photo.height, findingId }, created: true };
		});
	}

	async #link(findingId: string, column: 'measure_id' | 'place_feature_id', value: string, by: string): Promise<void> {
		const before = (await this.#findingRow(findingId))!;
		await sql`UPDATE findings SET ${sql.ref(column)} = ${value}, version = version + 1, updated_at = ${this.#at()}, updated_by = ${by} WHERE id = ${findingId}`.execute(this.#database.query);
		await this.#recordFinding(before, findingId, by);
	}

	/**
	 * Makes a measure of a finding (status föreslagen, at the finding's position and place, origin
	 * this inventory) and links it, in one transaction: a measure without its finding's link, or
	 * the reverse, never exists.
	 */
	async findingToMeasure(inventoryId: string, findingId: string, input: FindingMeasureInput, measures: MeasureStore, layers: LayerView): Promise<{ measure: Measure; finding: Finding }> {
		return this.#write(async () => {
			const row = await this.#findingIn(inventoryId, findingId);
			await this.#authorise(await this.#row(inventoryId), 'finding', layers.viewer, row);
			if (row.measure_id) throw new ConflictError(`Fyndet har redan blivit åtgärden ${row.measure_id}.`);
			const category = findingCategory(row.category).sv;
			const parsed = v.safeParse(MeasureInput, {
				title: input.title,
				description: input.description ?? (row.note ? `${category}: ${row.note}` : category),
				ownerOrganisationId: input.ownerOrganisationId,
				dueDate: input.dueDate,
				status: 'föreslagen',
				position: parse<LonLat>(row.position),
				...(row.place_feature_id && this.#placeExists(layers, row.place_feature_id) ? { place: { layerId: PLACES_LAYER, featureId: row.place_feature_id } } : {})
			});
			if (!parsed.success) {
				const issue = parsed.issues[0];
				throw new BadParamError(v.getDotPath(issue) ?? 'body', `${issue.message}.`);
			}
			const measure = await measures.create(parsed.output, layers, { kind: 'inventory', id: inventoryId });
			await this.#link(findingId, 'measure_id', measure.id, layers.by);
			return { measure, finding: await this.finding(inventoryId, findingId) };
		});
	}

	#placeExists(layers: LayerView, featureId: string): boolean {
		try {
			layers.feature(PLACES_LAYER, featureId);
			return true;
		} catch {
			return false;
		}
	}

	/**
	 * Joins a finding to an insecure place, or makes a new one at the finding (through the
	 * viewer's LayerView: validated, versioned, with history; `example: false`, the source names
	 * the walk). One transaction with the link on the finding.
	 */
	async findingToPlace(
		inventoryId: string,
		findingId: string,
		input: FindingPlaceInput,
		layers: LayerView
	): Promise<{ finding: Finding; place: StoredFeature; created: boolean }> {
		return this.#write(async () => {
			const inventory = await this.#row(inventoryId);
			const row = await this.#findingIn(inventoryId, findingId);
			await this.#authorise(inventory, 'finding', layers.viewer, row);
			if (row.place_feature_id) throw new ConflictError(`Fyndet hör redan till platsen ${row.place_feature_id}.`);
			let place: StoredFeature;
			let created = false;
			if (input.featureId) {
				// Writable: joining changes what the layer means, so it needs the same right as editing it.
				layers.writable(PLACES_LAYER);
				place = layers.feature(PLACES_LAYER, input.featureId);
			} else {
				const position = parse<LonLat>(row.position);
				const district = districtAt(layers, position);
				if (!district) {
					throw new BadParamError('position', 'Fyndet ligger utanför Järvas stadsdelar och kan inte bli en ny otrygg plats här; koppla det till en befintlig plats i stället.');
				}
				const category = findingCategory(row.category);
				const date = inventory.starts_at.slice(0, 10);
				const feature: Feature = {
					type: 'Feature',
					geometry: { type: 'Point', coordinates: position },
					properties: {
						name: input.name ?? `${category.sv}, ${district} (inventering ${date})`,
						source: `Trygghetsinventering "${inventory.title}" ${date}, fynd ${findingId} (${category.sv}); position från mobilens GPS eller utpekad på kartan.`,
						precision: 'approximate',
						precisionMeters: 25,
						example: false,
						...(row.note ? { note: row.note } : {}),
						category: input.category ?? placeCategoryFor(row.category),
						district
					}
				};
				place = await layers.createFeature(PLACES_LAYER, feature);
				created = true;
			}
			await this.#link(findingId, 'place_feature_id', String(place.properties.id), layers.by);
			return { finding: await this.finding(inventoryId, findingId), place, created };
		});
	}

	/** Findings of other walks inside an area, with the walk they came from (earlier knowledge of a place). */
	async findingsInArea(area: Polygon | MultiPolygon, exceptInventoryId: string): Promise<(Finding & { inventoryTitle: string; startsAt: string })[]> {
		const rows = await this.#rows<FindingRow & { inventory_title: string; inventory_starts_at: string }>(sql`SELECT f.*, i.title AS inventory_title, i.starts_at AS inventory_starts_at
			FROM findings f JOIN inventories i ON i.id = f.inventory_id WHERE f.inventory_id != ${exceptInventoryId} ORDER BY f.recorded_at, f.id`);
		const inside = rows.filter((r) => booleanPointInPolygon(parse<LonLat>(r.position), area));
		const photos = await this.#photos(inside.map((r) => r.id));
		return inside.map((r) => ({ ...this.#finding(r, photos.get(r.id) ?? []), inventoryTitle: r.inventory_title, startsAt: r.inventory_starts_at }));
	}
}

/**
 * The stop list an editor sent, made whole: stops hidden from the editor (a layer they may not see)
 * go back where they were – the editor could not see them, so could not have meant to remove or
 * move them – and may not be named in the list. A stop keeps the source it was stored with; a new
 * stop's source must be an object the editor can see (else 400, as for an unknown object).
 */
function mergeStops(
	stored: StoredStop[],
	incoming: InventoryChange['stops'] & object,
	layers: LayerView,
	nameAt: (position: LonLat, taken: ReadonlySet<string>) => string | null
): StoredStop[] {
	const sees = (layerId: string) => layers.sees(layerId);
	const before = new Map(stored.map((stop) => [stop.id, stop]));
	const hidden = stored.flatMap((stop, index) => (seesStop(stop, sees) ? [] : [{ stop, index }]));
	const hiddenIds = new Set(hidden.map((h) => h.stop.id));
	const taken = new Set<string>([...stored.map((s) => s.name), ...incoming.flatMap((s) => (s.name ? [s.name] : []))]);
	const merged: StoredStop[] = incoming.map((stop, i) => {
		if (hiddenIds.has(stop.id)) {
			throw new BadParamError(`stops.${i}.id`, `Stoppet ${stop.id} kan inte ändras från ditt konto. Skicka stoppen som de visas när inventeringen läses (GET /api/inventories/{id}).`);
		}
		const kept = before.get(stop.id);
		const source = kept?.source ?? (stop.source ? checkSource(layers, stop.source, i) : undefined);
		// A stop sent without a name keeps its own, or (a new one) is named by the nearest street, else by its number.
		const name = stop.name ?? kept?.name ?? nameAt(stop.position, taken) ?? `Stopp ${i + 1}`;
		if (!stop.name && !kept) taken.add(name);
		return { id: stop.id, name, position: stop.position, ...(source ? { source } : {}) };
	});
	for (const { stop, index } of hidden) merged.splice(Math.min(index, merged.length), 0, stop);
	if (merged.length > MAX_STOPS) {
		throw new BadParamError('stops', `Rundan skulle få ${merged.length} stopp (${hidden.length} av dem ser inte ditt konto); högst ${MAX_STOPS} går att planera. Ta bort några.`);
	}
	return merged;
}

/** A new stop's source: an object the editor may see, or a 400 that says only what an unknown object would. */
function checkSource(layers: LayerView, source: StopSource, index: number): StopSource {
	try {
		layers.feature(source.layerId, source.featureId);
		return { layerId: source.layerId, featureId: source.featureId };
	} catch (err) {
		if (err instanceof LayerNotFoundError) throw new BadParamError(`stops.${index}.source.layerId`, err.message);
		if (err instanceof NotFoundError) throw new BadParamError(`stops.${index}.source.featureId`, err.message);
		throw err;
	}
}

const unique = (ids: readonly string[]) => [...new Set(ids)];
const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((id) => b.includes(id));

/** The Järva district a point lies in, by the stadsdelar layer. */
function districtAt(layers: LayerView, position: LonLat): string | null {
	for (const feature of layers.features('stadsdelar').features) {
		const geometry = feature.geometry;
		if ((geometry.type === 'Polygon' || geometry.type === 'MultiPolygon') && booleanPointInPolygon(position, geometry)) {
			return String(feature.properties?.name ?? '') || null;
		}
	}
	return null;
}
