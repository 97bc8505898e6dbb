/**
 * Meetings (platssamverkan): a date, participants, the organisations taking part, and an ordered
 * agenda of places — objects on the map's layers or areas drawn for the meeting — each with notes
 * and decisions. A decision can make a measure (åtgärd) in the same transaction.
 *
 * Who sees a meeting: the organisations taking part (the owner – the maker's organisation – is
 * always one) and the system administrator; to anyone else it does not exist (404). Who writes
 * (auth/access.ts): the owner changes the details, who takes part and the agenda's order; every
 * organisation taking part adds places, writes notes and decides; an item is removed by the owner
 * or the organisation that added it. Refusals are 403s that say who may. An agenda item on a layer the viewer may not see is shown
 * as hidden, without layer, id, name or geometry, and without its notes and decisions (they are
 * about that place, and a decision names its measure); such an item cannot be changed, decided on
 * or removed by that viewer (404). An item whose object was deleted, on a layer the viewer does
 * see, is shown as hidden too but keeps its notes and decisions and can still be tidied away.
 *
 * Versions: the meeting has one (its details, and which items it has in which order) and every
 * item has its own (title and notes), so two people writing notes on different places never
 * conflict. A write names the version it read; a stale one is a VersionConflictError (409) with
 * the object as it is now. Every version of a meeting and of an item is kept in the object history
 * (who, when, which fields, before and after) and can be restored as a new version – a removed
 * item too (it comes back at the end of the agenda).
 *
 * Runs on SQLite and PostgreSQL alike (db/app-database.ts; meeting-store.test.ts runs on both).
 * A write's read–check–write (the version compare) is inside its `database.write`.
 */
import { randomUUID } from 'node:crypto';
import type { Geometry, Polygon } from 'geojson';
import { pointOnFeature } from '@turf/turf';
import * as v from 'valibot';
import type { AgendaItem, AgendaItemSnapshot, Decision, Meeting, MeetingSnapshot, MeetingSummary, PlaceCamera } from '$lib/meetings/types';
import { MeasureInput } from '$lib/measures/status';
import { canSeeMeeting, requireOwnContribution, requireOwner, requireParticipant, requireRole, takesPart, type Gathering, type Viewer } from '../auth/access';
import { sql, type RawBuilder } from 'kysely';
import type { AppDatabase } from '../db/app-database';
import { ObjectHistory, type ObjectVersion } from '../db/object-history';
import type { LayerView } from '../layer-view';
import type { Measure, MeasureStore } from '../measures/measure-store';
import type { MeetingChange, NewDecision, NewItem, NewMeeting } from './meeting-input';
import { BadParamError, ConflictError, LayerNotFoundError, NotFoundError, VersionConflictError } from '../errors';

interface MeetingRow {
	id: string;
	title: string;
	date: string;
	participants: string;
	organisation_ids: string;
	version: number;
	created_at: string;
	created_by: string;
	owner_organisation_id: string;
}

interface ItemRow {
	id: string;
	meeting_id: string;
	position: number;
	kind: 'feature' | 'area';
	layer_id: string | null;
	feature_id: string | null;
	title: string;
	geometry: string | null;
	notes: string;
	/** PlaceCamera as JSON (migration 9), or null. */
	camera: string | null;
	version: number;
	/** null: the meeting's owner (items from before migration 5). */
	organisation_id: string | null;
}

const parseCamera = (json: string | null): PlaceCamera | null => (json ? (JSON.parse(json) as PlaceCamera) : null);

interface DecisionRow {
	id: string;
	item_id: string;
	text: string;
	measure_id: string | null;
	created_at: string;
	created_by: string;
}

export { canSeeMeeting };

/** What a write on a meeting needs, checked before a request body is read and again in the write. */
export type MeetingWrite = 'details' | 'order' | 'add-item' | 'notes' | 'decide' | 'remove-item' | 'restore-item';

const HIDDEN_TITLE = 'Dold plats';

/** The answer to a write on an agenda item whose layer the viewer may not see: as if it were not there for them. */
const hiddenItem = (itemId: string) =>
	new NotFoundError(
		`Punkten ${itemId} gäller ett lager som ditt konto inte får se, så du kan inte ändra, besluta om eller ta bort den. Be någon från en organisation som ser lagret att göra det.`
	);

export class MeetingStore {
	readonly #database: AppDatabase;
	readonly #measures: MeasureStore;
	readonly #history: ObjectHistory;
	readonly #now: () => number;

	constructor(database: AppDatabase, measures: MeasureStore, now: () => number = Date.now) {
		this.#database = database;
		this.#measures = measures;
		this.#history = new ObjectHistory(database);
		this.#now = now;
	}

	#at(): string {
		return new Date(this.#now()).toISOString();
	}

	/** One write: a transaction (a savepoint inside the route's write) that stores all of it or nothing. */
	#write<T>(work: () => Promise<T>): Promise<T> {
		return this.#database.write(work);
	}

	async #rows<T>(query: RawBuilder<T>): Promise<T[]> {
		return (await query.execute(this.#database.query)).rows;
	}

	async #meetingRow(id: string): Promise<MeetingRow | undefined> {
		return (await this.#rows(sql<MeetingRow>`SELECT * FROM meetings WHERE id = ${id}`))[0];
	}

	/** The meeting's row if the viewer may see it; otherwise it does not exist for them. */
	async #row(id: string, viewer: Viewer): Promise<MeetingRow> {
		const row = await this.#meetingRow(id);
		if (!row || !canSeeMeeting(viewer, JSON.parse(row.organisation_ids) as string[])) {
			throw new NotFoundError(`Mötet ${id} finns inte (eller så deltar din organisation inte i det).`);
		}
		return row;
	}

	async #findItem(meetingId: string, itemId: string): Promise<ItemRow | undefined> {
		return (await this.#rows(sql<ItemRow>`SELECT * FROM agenda_items WHERE id = ${itemId} AND meeting_id = ${meetingId}`))[0];
	}

	async #itemRow(meetingId: string, itemId: string): Promise<ItemRow> {
		const row = await this.#findItem(meetingId, itemId);
		if (!row) throw new NotFoundError(`Punkten ${itemId} finns inte på mötets dagordning.`);
		return row;
	}

	#itemRows(meetingId: string): Promise<ItemRow[]> {
		return this.#rows(sql<ItemRow>`SELECT * FROM agenda_items WHERE meeting_id = ${meetingId} ORDER BY position`);
	}

	async #orgName(id: string): Promise<string> {
		return (await this.#rows(sql<{ name: string }>`SELECT name FROM organisations WHERE id = ${id}`))[0]?.name ?? id;
	}

	/** The meeting as the access rules see it: its owner and the organisations taking part. */
	async #gathering(row: MeetingRow): Promise<Gathering> {
		return {
			noun: 'mötet',
			title: row.title,
			owner: { id: row.owner_organisation_id, name: await this.#orgName(row.owner_organisation_id) },
			organisationIds: JSON.parse(row.organisation_ids) as string[]
		};
	}

	/**
	 * Whether the viewer may make this kind of write (see MeetingWrite): 403 naming who may, and for
	 * an item on a layer they may not see, 404 first (as if it were not there).
	 */
	async #authorise(row: MeetingRow, what: MeetingWrite, layers: LayerView, item?: ItemRow): Promise<void> {
		const viewer = layers.viewer;
		requireRole(viewer, 'redaktör');
		if (item && this.#hiddenFrom(item, layers)) throw hiddenItem(item.id);
		const gathering = await this.#gathering(row);
		if (what === 'details') requireOwner(viewer, gathering, 'ändra mötets uppgifter och vilka organisationer som deltar');
		else if (what === 'order') requireOwner(viewer, gathering, 'ändra dagordningens ordning');
		else if (what === 'remove-item' && item) {
			const addedBy = item.organisation_id ?? row.owner_organisation_id;
			requireOwnContribution(viewer, gathering, { id: addedBy, name: await this.#orgName(addedBy) }, 'ta bort punkten från dagordningen');
		} else {
			const doing = { 'add-item': 'lägga till platser på dagordningen', notes: 'skriva anteckningar', decide: 'fatta beslut', 'restore-item': 'återställa punkter', 'remove-item': 'ta bort punkter' }[what];
			requireParticipant(viewer, gathering, doing);
		}
	}

	/**
	 * Checks a write before its body is read: the meeting (404 when unknown or not visible), the
	 * item if named (404 when on a hidden layer) and the viewer's right (403).
	 */
	async authorise(meetingId: string, what: MeetingWrite, layers: LayerView, itemId?: string): Promise<void> {
		const row = await this.#row(meetingId, layers.viewer);
		await this.#authorise(row, what, layers, itemId ? await this.#itemRow(meetingId, itemId) : undefined);
	}

	async #checkOrganisations(ids: readonly string[]): Promise<void> {
		for (const id of ids) {
			if ((await this.#rows(sql`SELECT 1 AS found FROM organisations WHERE id = ${id}`)).length === 0) {
				throw new BadParamError('organisationIds', `Organisationen ${JSON.stringify(id)} finns inte. Se GET /api/admin/organisations för vilka som finns.`);
			}
		}
	}

	async #summary(row: MeetingRow, viewer: Viewer): Promise<MeetingSummary> {
		const [count] = await this.#rows(sql<{ n: number | string }>`SELECT COUNT(*) AS n FROM agenda_items WHERE meeting_id = ${row.id}`);
		const gathering = await this.#gathering(row);
		return {
			id: row.id,
			title: row.title,
			date: row.date,
			participants: JSON.parse(row.participants) as string[],
			organisationIds: JSON.parse(row.organisation_ids) as string[],
			owner: gathering.owner,
			rights: { owner: gathering.owner.id === viewer.organisation.id, takesPart: takesPart(viewer, gathering) },
			itemCount: Number(count?.n ?? 0),
			version: row.version,
			createdAt: row.created_at,
			createdBy: row.created_by
		};
	}

	async #decision(row: DecisionRow, layers: LayerView): Promise<Decision> {
		const measure = row.measure_id ? await this.#visibleMeasure(row.measure_id, layers) : null;
		return {
			id: row.id,
			text: row.text,
			measureId: row.measure_id,
			measure: measure && { id: measure.id, title: measure.title, ownerOrganisationName: measure.ownerOrganisationName, dueDate: measure.dueDate, status: measure.status, overdue: measure.overdue },
			createdAt: row.created_at,
			createdBy: row.created_by
		};
	}

	/** The decision's measure if the viewer may see it (the measure store decides; see measure-store.ts). */
	async #visibleMeasure(id: string, layers: LayerView): Promise<Measure | null> {
		try {
			return await this.#measures.get(id, layers);
		} catch (err) {
			if (err instanceof NotFoundError) return null;
			throw err;
		}
	}

	/** True for an item on a layer the viewer may not see (not for one whose object was deleted). */
	#hiddenFrom(row: ItemRow, layers: LayerView): boolean {
		return row.kind === 'feature' && !layers.sees(row.layer_id!);
	}

	#decisionRows(itemId: string): Promise<DecisionRow[]> {
		// rowid: the order they were made in, for decisions made in the same millisecond (a real column on PostgreSQL)
		return this.#rows(sql<DecisionRow>`SELECT * FROM decisions WHERE item_id = ${itemId} ORDER BY created_at, rowid`);
	}

	async #decisions(itemId: string, layers: LayerView): Promise<Decision[]> {
		const decisions: Decision[] = [];
		for (const row of await this.#decisionRows(itemId)) decisions.push(await this.#decision(row, layers));
		return decisions;
	}

	/** An item as this viewer may see it. */
	async #item(row: ItemRow, layers: LayerView): Promise<AgendaItem> {
		const addedBy = row.organisation_id ?? (await this.#ownerOf(row.meeting_id));
		if (this.#hiddenFrom(row, layers)) {
			// Nothing about the place: not its name, where it is, what was written or decided about it –
			// only how many decisions there are, and the measures assigned to the viewer's organisation
			// (it must act on them; the measure itself says where, docs/meeting-mode.md).
			const rows = await this.#decisionRows(row.id);
			const yourMeasures: { id: string; title: string }[] = [];
			for (const d of rows) {
				const measure = d.measure_id ? await this.#visibleMeasure(d.measure_id, layers) : null;
				if (measure && measure.ownerOrganisationId === layers.viewer.organisation.id) yourMeasures.push({ id: measure.id, title: measure.title });
			}
			const hiddenDecisions = { count: rows.length, yourMeasures };
			return { id: row.id, position: row.position, kind: row.kind, notes: '', camera: null, version: row.version, decisions: [], layerId: null, featureId: null, title: HIDDEN_TITLE, geometry: null, hidden: true, hiddenReason: 'layer', hiddenDecisions, addedBy };
		}
		const base = { id: row.id, position: row.position, kind: row.kind, notes: row.notes, camera: parseCamera(row.camera), version: row.version, decisions: await this.#decisions(row.id, layers), addedBy };
		if (row.kind === 'area') {
			return { ...base, layerId: null, featureId: null, title: row.title, geometry: row.geometry ? (JSON.parse(row.geometry) as Geometry) : null, hidden: false };
		}
		try {
			const feature = layers.feature(row.layer_id!, row.feature_id!);
			const name = typeof feature.properties.name === 'string' ? feature.properties.name : row.title;
			return { ...base, layerId: row.layer_id, featureId: row.feature_id, title: name, geometry: feature.geometry, hidden: false };
		} catch (err) {
			// A layer the viewer may not see, or an object deleted since: nothing about it is told.
			if (err instanceof LayerNotFoundError || err instanceof NotFoundError) {
				return { ...base, camera: null, layerId: null, featureId: null, title: HIDDEN_TITLE, geometry: null, hidden: true, hiddenReason: 'deleted' };
			}
			throw err;
		}
	}

	async #ownerOf(meetingId: string): Promise<string> {
		return (await this.#rows(sql<{ owner_organisation_id: string }>`SELECT owner_organisation_id FROM meetings WHERE id = ${meetingId}`))[0]!.owner_organisation_id;
	}

	async #meeting(row: MeetingRow, layers: LayerView): Promise<Meeting> {
		const items: AgendaItem[] = [];
		for (const item of await this.#itemRows(row.id)) items.push(await this.#item(item, layers));
		return { ...(await this.#summary(row, layers.viewer)), items };
	}

	/** The meetings the viewer may see, newest date first. */
	async list(layers: LayerView): Promise<MeetingSummary[]> {
		const rows = await this.#rows(sql<MeetingRow>`SELECT * FROM meetings ORDER BY date DESC, created_at DESC`);
		const summaries: MeetingSummary[] = [];
		for (const row of rows) {
			if (canSeeMeeting(layers.viewer, JSON.parse(row.organisation_ids) as string[])) summaries.push(await this.#summary(row, layers.viewer));
		}
		return summaries;
	}

	// History: every version of a meeting and of an item, kept in the object history.

	async #snapshot(meetingId: string): Promise<MeetingSnapshot> {
		const row = (await this.#meetingRow(meetingId))!;
		return {
			title: row.title,
			date: row.date,
			participants: JSON.parse(row.participants) as string[],
			organisationIds: JSON.parse(row.organisation_ids) as string[],
			itemIds: (await this.#itemRows(meetingId)).map((item) => item.id)
		};
	}

	/** Records the meeting's new version (the caller has just bumped it); `before` null for a new meeting. */
	async #recordMeeting(meetingId: string, action: 'create' | 'update' | 'restore', before: MeetingSnapshot | null, by: string): Promise<void> {
		const after = await this.#snapshot(meetingId);
		const { version } = (await this.#meetingRow(meetingId))!;
		await this.#history.record('meeting', meetingId, { version, action, at: this.#at(), by, before, after });
	}

	async #itemSnapshot(row: ItemRow): Promise<AgendaItemSnapshot> {
		return {
			kind: row.kind,
			layerId: row.layer_id,
			featureId: row.feature_id,
			title: row.title,
			geometry: row.geometry ? (JSON.parse(row.geometry) as Geometry) : null,
			notes: row.notes,
			addedBy: row.organisation_id ?? (await this.#ownerOf(row.meeting_id)),
			// Only when saved: versions from before cameras and without one look alike.
			...(row.camera ? { camera: parseCamera(row.camera) } : {})
		};
	}

	async #recordItem(row: ItemRow, action: 'create' | 'update' | 'delete' | 'restore', before: AgendaItemSnapshot | null, by: string, deleted = false): Promise<void> {
		const after = deleted ? null : await this.#itemRow(row.meeting_id, row.id);
		await this.#history.record('agenda-item', row.id, {
			version: after?.version ?? row.version + 1,
			action,
			at: this.#at(),
			by,
			before,
			after: after && (await this.#itemSnapshot(after)),
			parentId: row.meeting_id
		});
	}

	/** The fields the latest version of a meeting or item changed, for the audit log. */
	lastChanged(kind: 'meeting' | 'agenda-item', id: string): Promise<string[]> {
		return this.#history.lastChanged(kind, id);
	}

	/** Every version of the meeting (details and order), oldest first. */
	async history(meetingId: string, layers: LayerView): Promise<ObjectVersion<MeetingSnapshot>[]> {
		await this.#row(meetingId, layers.viewer);
		return this.#history.list<MeetingSnapshot>('meeting', meetingId);
	}

	/**
	 * Every version of an item, removed ones too; 404 when it is not this meeting's or is on a
	 * layer the viewer may not see (its notes are about that place).
	 */
	async itemHistory(meetingId: string, itemId: string, layers: LayerView): Promise<ObjectVersion<AgendaItemSnapshot>[]> {
		await this.#row(meetingId, layers.viewer);
		const versions = await this.#history.list<AgendaItemSnapshot>('agenda-item', itemId);
		const current = await this.#findItem(meetingId, itemId);
		if (!current && (await this.#history.parentOf('agenda-item', itemId)) !== meetingId) throw new NotFoundError(`Punkten ${itemId} finns inte på mötets dagordning.`);
		const layerId = current?.layer_id ?? versions.map((v) => v.after ?? v.before).find(Boolean)?.layerId ?? null;
		if (layerId && !layers.sees(layerId)) throw hiddenItem(itemId);
		return versions;
	}

	async #placeItems(order: readonly string[]): Promise<void> {
		for (const [index, itemId] of order.entries()) {
			await sql`UPDATE agenda_items SET position = ${index + 1} WHERE id = ${itemId}`.execute(this.#database.query);
		}
	}

	/**
	 * Makes an earlier version of the meeting current again as a new version: its details and
	 * who took part (the owner's right, as any change of those), and its order for the items that
	 * are still on the agenda (items added since keep their place after them).
	 */
	async restore(meetingId: string, version: number, baseVersion: number, layers: LayerView): Promise<Meeting> {
		return this.#write(async () => {
			const row = await this.#row(meetingId, layers.viewer);
			await this.#authorise(row, 'details', layers);
			const snapshot = await this.#history.snapshot<MeetingSnapshot>('meeting', meetingId, version);
			if (!snapshot) throw new NotFoundError(`Mötet har ingen version ${version} att återställa. Se GET /api/meetings/${meetingId}/history.`);
			await this.#checkVersion(row, baseVersion, layers, { version, baseVersion });
			const before = await this.#snapshot(meetingId);
			await this.#checkOrganisations(snapshot.organisationIds);
			const organisations = unique([row.owner_organisation_id, ...snapshot.organisationIds]);
			await sql`UPDATE meetings SET title = ${snapshot.title}, date = ${snapshot.date}, participants = ${JSON.stringify(snapshot.participants)},
				organisation_ids = ${JSON.stringify(organisations)}, version = version + 1 WHERE id = ${meetingId}`.execute(this.#database.query);
			const current = before.itemIds;
			await this.#placeItems([...snapshot.itemIds.filter((id) => current.includes(id)), ...current.filter((id) => !snapshot.itemIds.includes(id))]);
			await this.#recordMeeting(meetingId, 'restore', before, layers.by);
			return this.get(meetingId, layers);
		});
	}

	/**
	 * Makes an earlier version of an item current again (its title, notes and saved camera) as a new version; an
	 * item that was removed comes back at the end of the agenda.
	 */
	async restoreItem(meetingId: string, itemId: string, version: number, baseVersion: number, layers: LayerView): Promise<AgendaItem> {
		return this.#write(async () => {
			const meeting = await this.#row(meetingId, layers.viewer);
			await this.itemHistory(meetingId, itemId, layers);
			const current = await this.#findItem(meetingId, itemId);
			await this.#authorise(meeting, 'restore-item', layers, current);
			const snapshot = await this.#history.snapshot<AgendaItemSnapshot>('agenda-item', itemId, version);
			if (snapshot === undefined) throw new NotFoundError(`Punkten har ingen version ${version} att återställa. Se historiken.`);
			if (snapshot === null) throw new ConflictError(`Version ${version} av punkten är en borttagning: välj en version före den.`);
			const currentVersion = current?.version ?? (await this.#history.lastVersion('agenda-item', itemId));
			if (currentVersion !== baseVersion) {
				if (current) await this.#checkItemVersion(current, baseVersion, layers, { version, baseVersion });
				throw new ConflictError(`Punkten har ändrats sedan version ${baseVersion}: den senaste är version ${currentVersion}. Läs historiken igen.`);
			}
			const camera = snapshot.camera ? JSON.stringify(snapshot.camera) : null;
			if (current) {
				const before = await this.#itemSnapshot(current);
				await sql`UPDATE agenda_items SET notes = ${snapshot.notes}, title = ${snapshot.title}, camera = ${camera}, version = version + 1 WHERE id = ${itemId}`.execute(this.#database.query);
				await this.#recordItem(current, 'restore', before, layers.by);
			} else {
				const last = await this.#lastPosition(meetingId);
				await sql`INSERT INTO agenda_items (id, meeting_id, position, kind, layer_id, feature_id, title, geometry, notes, camera, version, organisation_id)
					VALUES (${itemId}, ${meetingId}, ${last + 1}, ${snapshot.kind}, ${snapshot.layerId}, ${snapshot.featureId}, ${snapshot.title},
						${snapshot.geometry && JSON.stringify(snapshot.geometry)}, ${snapshot.notes}, ${camera}, ${currentVersion + 1}, ${snapshot.addedBy})`.execute(this.#database.query);
				const restored = await this.#itemRow(meetingId, itemId);
				await this.#history.record('agenda-item', itemId, { version: restored.version, action: 'restore', at: this.#at(), by: layers.by, before: null, after: await this.#itemSnapshot(restored), parentId: meetingId });
				const meetingBefore = await this.#snapshot(meetingId);
				meetingBefore.itemIds = meetingBefore.itemIds.filter((id) => id !== itemId);
				await this.#bump(meetingId);
				await this.#recordMeeting(meetingId, 'update', meetingBefore, layers.by);
			}
			return this.#item(await this.#itemRow(meetingId, itemId), layers);
		});
	}

	async get(id: string, layers: LayerView): Promise<Meeting> {
		return this.#meeting(await this.#row(id, layers.viewer), layers);
	}

	async item(meetingId: string, itemId: string, layers: LayerView): Promise<AgendaItem> {
		await this.#row(meetingId, layers.viewer);
		return this.#item(await this.#itemRow(meetingId, itemId), layers);
	}

	/** A new meeting, owned by the maker's organisation, which always takes part. */
	async create(input: NewMeeting, layers: LayerView): Promise<Meeting> {
		const viewer = requireRole(layers.viewer, 'redaktör');
		const organisations = unique([viewer.organisation.id, ...input.organisationIds]);
		return this.#write(async () => {
			await this.#checkOrganisations(organisations);
			const id = randomUUID();
			await sql`INSERT INTO meetings (id, title, date, participants, organisation_ids, version, created_at, created_by, owner_organisation_id)
				VALUES (${id}, ${input.title}, ${input.date}, ${JSON.stringify(input.participants)}, ${JSON.stringify(organisations)}, 1, ${this.#at()}, ${layers.by}, ${viewer.organisation.id})`.execute(
				this.#database.query
			);
			await this.#recordMeeting(id, 'create', null, layers.by);
			return this.get(id, layers);
		});
	}

	async #checkVersion(row: MeetingRow, baseVersion: number, layers: LayerView, yours: unknown): Promise<void> {
		if (row.version !== baseVersion) {
			throw new VersionConflictError(
				`Mötet har ändrats sedan du läste det (du utgick från version ${baseVersion}, nu version ${row.version}). Läs in det igen och gör ändringen på nytt.`,
				{ baseVersion, current: await this.#meeting(row, layers), yours }
			);
		}
	}

	async #bump(meetingId: string): Promise<void> {
		await sql`UPDATE meetings SET version = version + 1 WHERE id = ${meetingId}`.execute(this.#database.query);
	}

	async #lastPosition(meetingId: string): Promise<number> {
		const [row] = await this.#rows(sql<{ last: number | null }>`SELECT MAX(position) AS last FROM agenda_items WHERE meeting_id = ${meetingId}`);
		return row?.last ?? 0;
	}

	/** Changes the details and who takes part: the owner's (see #authorise). */
	async update(id: string, change: MeetingChange, layers: LayerView): Promise<Meeting> {
		const viewer = requireRole(layers.viewer, 'redaktör');
		return this.#write(async () => {
			const row = await this.#row(id, viewer);
			await this.#authorise(row, 'details', layers);
			await this.#checkVersion(row, change.baseVersion, layers, change);
			let organisations = JSON.parse(row.organisation_ids) as string[];
			if (change.organisationIds) {
				organisations = unique(change.organisationIds);
				if (!organisations.includes(row.owner_organisation_id)) {
					throw new BadParamError('organisationIds', `${await this.#orgName(row.owner_organisation_id)} äger mötet och måste vara med bland organisationIds (${row.owner_organisation_id}).`);
				}
				await this.#checkOrganisations(organisations);
			}
			const before = await this.#snapshot(id);
			const participants = JSON.stringify(change.participants ?? JSON.parse(row.participants));
			await sql`UPDATE meetings SET title = ${change.title ?? row.title}, date = ${change.date ?? row.date}, participants = ${participants},
				organisation_ids = ${JSON.stringify(organisations)}, version = version + 1 WHERE id = ${id}`.execute(this.#database.query);
			await this.#recordMeeting(id, 'update', before, layers.by);
			return this.get(id, layers);
		});
	}

	/** Adds a place at the end of the agenda; an object must be one the viewer can see. */
	async addItem(id: string, input: NewItem, layers: LayerView): Promise<AgendaItem> {
		const viewer = requireRole(layers.viewer, 'redaktör');
		return this.#write(async () => {
			const meeting = await this.#row(id, viewer);
			await this.#authorise(meeting, 'add-item', layers);
			const meetingBefore = await this.#snapshot(id);
			let title: string;
			let geometry: Polygon | null = null;
			if (input.kind === 'feature') {
				const feature = findFeature(layers, input.layerId, input.featureId);
				title = typeof feature.properties.name === 'string' ? feature.properties.name : input.featureId;
			} else {
				title = input.title;
				geometry = input.geometry;
			}
			const last = await this.#lastPosition(id);
			const itemId = randomUUID();
			await sql`INSERT INTO agenda_items (id, meeting_id, position, kind, layer_id, feature_id, title, geometry, notes, version, organisation_id)
				VALUES (${itemId}, ${id}, ${last + 1}, ${input.kind}, ${input.kind === 'feature' ? input.layerId : null}, ${input.kind === 'feature' ? input.featureId : null},
					${title}, ${geometry && JSON.stringify(geometry)}, '', 1, ${viewer.organisation.id})`.execute(this.#database.query);
			const added = await this.#itemRow(id, itemId);
			await this.#history.record('agenda-item', itemId, { version: 1, action: 'create', at: this.#at(), by: layers.by, before: null, after: await this.#itemSnapshot(added), parentId: id });
			// The agenda changed: a reorder based on the old list must not drop the new item.
			await this.#bump(id);
			await this.#recordMeeting(id, 'update', meetingBefore, layers.by);
			return this.#item(added, layers);
		});
	}

	/** Puts the agenda in a new order: `itemIds` must name every item exactly once. */
	async reorder(id: string, baseVersion: number, itemIds: readonly string[], layers: LayerView): Promise<Meeting> {
		const viewer = requireRole(layers.viewer, 'redaktör');
		return this.#write(async () => {
			const row = await this.#row(id, viewer);
			await this.#authorise(row, 'order', layers);
			await this.#checkVersion(row, baseVersion, layers, { baseVersion, itemIds });
			const before = await this.#snapshot(id);
			const current = before.itemIds;
			const wanted = new Set(itemIds);
			const unknown = itemIds.filter((itemId) => !current.includes(itemId));
			const missing = current.filter((itemId) => !wanted.has(itemId));
			if (unknown.length || missing.length || wanted.size !== itemIds.length) {
				throw new BadParamError(
					'itemIds',
					`itemIds ska innehålla var och en av mötets ${current.length} punkter en gång` +
						(unknown.length ? `; okända: ${unknown.join(', ')}` : '') +
						(missing.length ? `; saknas: ${missing.join(', ')}` : '') +
						(wanted.size !== itemIds.length ? '; någon punkt står två gånger' : '') +
						'.'
				);
			}
			await this.#placeItems(itemIds);
			await this.#bump(id);
			await this.#recordMeeting(id, 'update', before, layers.by);
			return this.get(id, layers);
		});
	}

	async #checkItemVersion(row: ItemRow, baseVersion: number, layers: LayerView, yours: unknown): Promise<void> {
		if (row.version !== baseVersion) {
			const current = await this.#item(row, layers);
			throw new VersionConflictError(`Punkten ”${current.title}” har ändrats sedan du läste den (du utgick från version ${baseVersion}, nu version ${row.version}).`, {
				baseVersion,
				current,
				yours
			});
		}
	}

	async updateItem(id: string, itemId: string, change: { baseVersion: number; notes?: string; title?: string; camera?: PlaceCamera | null }, layers: LayerView): Promise<AgendaItem> {
		const viewer = requireRole(layers.viewer, 'redaktör');
		return this.#write(async () => {
			const meeting = await this.#row(id, viewer);
			const row = await this.#itemRow(id, itemId);
			// Before the version check: a 409 would hand back the item and say someone changed it.
			await this.#authorise(meeting, 'notes', layers, row);
			await this.#checkItemVersion(row, change.baseVersion, layers, change);
			if (change.title !== undefined && row.kind === 'feature') {
				throw new BadParamError('title', 'En punkt som är ett objekt på kartan heter som objektet; byt namn på objektet i kartans redigering.');
			}
			const before = await this.#itemSnapshot(row);
			const camera = change.camera === undefined ? row.camera : change.camera && JSON.stringify(change.camera);
			await sql`UPDATE agenda_items SET notes = ${change.notes ?? row.notes}, title = ${change.title ?? row.title}, camera = ${camera}, version = version + 1 WHERE id = ${itemId}`.execute(
				this.#database.query
			);
			await this.#recordItem(row, 'update', before, layers.by);
			return this.#item(await this.#itemRow(id, itemId), layers);
		});
	}

	/** Takes a place off the agenda; one with decisions stays (they belong to the protocol). */
	async removeItem(id: string, itemId: string, baseVersion: number, layers: LayerView): Promise<{ deleted: string; meetingVersion: number }> {
		const viewer = requireRole(layers.viewer, 'redaktör');
		return this.#write(async () => {
			const meeting = await this.#row(id, viewer);
			const row = await this.#itemRow(id, itemId);
			await this.#authorise(meeting, 'remove-item', layers, row);
			await this.#checkItemVersion(row, baseVersion, layers, { baseVersion });
			const [{ n } = { n: 0 }] = await this.#rows(sql<{ n: number | string }>`SELECT COUNT(*) AS n FROM decisions WHERE item_id = ${itemId}`);
			if (Number(n) > 0) {
				throw new ConflictError(`Punkten har ${Number(n)} beslut och kan inte tas bort: besluten hör till mötets protokoll.`);
			}
			const before = await this.#itemSnapshot(row);
			const meetingBefore = await this.#snapshot(id);
			await sql`DELETE FROM agenda_items WHERE id = ${itemId}`.execute(this.#database.query);
			await sql`UPDATE agenda_items SET position = position - 1 WHERE meeting_id = ${id} AND position > ${row.position}`.execute(this.#database.query);
			await this.#recordItem(row, 'delete', before, layers.by, true);
			await this.#bump(id);
			await this.#recordMeeting(id, 'update', meetingBefore, layers.by);
			return { deleted: itemId, meetingVersion: (await this.#row(id, viewer)).version };
		});
	}

	/**
	 * Records a decision on an agenda item; with `measure`, also makes that measure (at the item's
	 * place, origin this meeting). One transaction: both are stored or neither.
	 */
	async decide(id: string, itemId: string, input: NewDecision, layers: LayerView): Promise<{ decision: Decision; measure: Measure | null }> {
		const viewer = requireRole(layers.viewer, 'redaktör');
		return this.#write(async () => {
			const meeting = await this.#row(id, viewer);
			const row = await this.#itemRow(id, itemId);
			await this.#authorise(meeting, 'decide', layers, row);
			const item = await this.#item(row, layers);
			if (item.hidden) throw new NotFoundError(`Punkten ${itemId} gäller ett objekt som har tagits bort från kartan; återställ objektet (historiken) eller besluta på en annan punkt.`);
			const measureInput = input.measure ? measureFor(input.measure, item) : null;
			const measure = measureInput ? await this.#measures.create(measureInput, layers, { kind: 'meeting', id }) : null;
			const [decision] = await this.#rows(sql<DecisionRow>`INSERT INTO decisions (id, item_id, text, measure_id, created_at, created_by)
				VALUES (${randomUUID()}, ${itemId}, ${input.text}, ${measure?.id ?? null}, ${this.#at()}, ${layers.by})
				RETURNING id, item_id, text, measure_id, created_at, created_by`);
			return { decision: await this.#decision(decision!, layers), measure };
		});
	}
}

function unique(ids: readonly string[]): string[] {
	return [...new Set(ids)];
}

/** An object named in a request body: unknown, deleted and hidden are all a 400 that says so (and nothing more). */
function findFeature(layers: LayerView, layerId: string, featureId: string) {
	try {
		return layers.feature(layerId, featureId);
	} catch (err) {
		if (err instanceof LayerNotFoundError) throw new BadParamError('layerId', err.message);
		if (err instanceof NotFoundError) throw new BadParamError('featureId', err.message);
		throw err;
	}
}

/** The measure a decision makes, checked like any measure; place or position from the item. */
function measureFor(raw: NonNullable<NewDecision['measure']>, item: AgendaItem): MeasureInput {
	const where =
		item.kind === 'feature'
			? { place: { layerId: item.layerId!, featureId: item.featureId! } }
			: item.geometry
				? { position: pointInside(item.geometry) }
				: {};
	const parsed = v.safeParse(MeasureInput, { ...raw, ...where });
	if (!parsed.success) {
		const issue = parsed.issues[0];
		const path = `measure.${v.getDotPath(issue) ?? ''}`.replace(/\.$/, '');
		throw new BadParamError(path, `Ogiltig förfrågan vid ${path}: ${issue.message}.`);
	}
	return parsed.output;
}

/** A point inside an area (a pin for the measure), rounded to ~10 cm. */
function pointInside(geometry: Geometry): [number, number] {
	const point = pointOnFeature({ type: 'Feature', properties: {}, geometry }).geometry.coordinates;
	return [Number(point[0]!.toFixed(6)), Number(point[1]!.toFixed(6))];
}
