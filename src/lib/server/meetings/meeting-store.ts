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
 */
import { randomUUID } from 'node:crypto';
import type { Geometry, Polygon } from 'geojson';
import { pointOnFeature } from '@turf/turf';
import * as v from 'valibot';
import type { AgendaItem, AgendaItemSnapshot, Decision, Meeting, MeetingSnapshot, MeetingSummary, PlaceCamera } from '$lib/meetings/types';
import { MeasureInput } from '$lib/measures/status';
import { canSeeMeeting, requireOwnContribution, requireOwner, requireParticipant, requireRole, takesPart, type Gathering, type Viewer } from '../auth/access';
import { write, type Db } from '../db/database';
import { SqliteObjectHistory, type ObjectVersion } from '../db/object-history';
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
	readonly #db: Db;
	readonly #measures: MeasureStore;
	readonly #history: SqliteObjectHistory;
	readonly #now: () => number;

	constructor(db: Db, measures: MeasureStore, now: () => number = Date.now) {
		this.#db = db;
		this.#measures = measures;
		this.#history = new SqliteObjectHistory(db);
		this.#now = now;
	}

	#at(): string {
		return new Date(this.#now()).toISOString();
	}

	#write<T>(work: () => T): T {
		return write(this.#db, work);
	}

	/** The meeting's row if the viewer may see it; otherwise it does not exist for them. */
	#row(id: string, viewer: Viewer): MeetingRow {
		const row = this.#db.prepare('SELECT * FROM meetings WHERE id = ?').get(id) as MeetingRow | undefined;
		if (!row || !canSeeMeeting(viewer, JSON.parse(row.organisation_ids) as string[])) {
			throw new NotFoundError(`Mötet ${id} finns inte (eller så deltar din organisation inte i det).`);
		}
		return row;
	}

	#itemRow(meetingId: string, itemId: string): ItemRow {
		const row = this.#db.prepare('SELECT * FROM agenda_items WHERE id = ? AND meeting_id = ?').get(itemId, meetingId) as ItemRow | undefined;
		if (!row) throw new NotFoundError(`Punkten ${itemId} finns inte på mötets dagordning.`);
		return row;
	}

	#itemRows(meetingId: string): ItemRow[] {
		return this.#db.prepare('SELECT * FROM agenda_items WHERE meeting_id = ? ORDER BY position').all(meetingId) as ItemRow[];
	}

	#orgName(id: string): string {
		return (this.#db.prepare('SELECT name FROM organisations WHERE id = ?').get(id) as { name: string } | undefined)?.name ?? id;
	}

	/** The meeting as the access rules see it: its owner and the organisations taking part. */
	#gathering(row: MeetingRow): Gathering {
		return { noun: 'mötet', title: row.title, owner: { id: row.owner_organisation_id, name: this.#orgName(row.owner_organisation_id) }, organisationIds: JSON.parse(row.organisation_ids) as string[] };
	}

	/**
	 * Whether the viewer may make this kind of write (see MeetingWrite): 403 naming who may, and for
	 * an item on a layer they may not see, 404 first (as if it were not there).
	 */
	#authorise(row: MeetingRow, what: MeetingWrite, layers: LayerView, item?: ItemRow): void {
		const viewer = layers.viewer;
		requireRole(viewer, 'redaktör');
		if (item && this.#hiddenFrom(item, layers)) throw hiddenItem(item.id);
		const gathering = this.#gathering(row);
		if (what === 'details') requireOwner(viewer, gathering, 'ändra mötets uppgifter och vilka organisationer som deltar');
		else if (what === 'order') requireOwner(viewer, gathering, 'ändra dagordningens ordning');
		else if (what === 'remove-item' && item) {
			const addedBy = item.organisation_id ?? row.owner_organisation_id;
			requireOwnContribution(viewer, gathering, { id: addedBy, name: this.#orgName(addedBy) }, 'ta bort punkten från dagordningen');
		} else {
			const doing = { 'add-item': 'lägga till platser på dagordningen', notes: 'skriva anteckningar', decide: 'fatta beslut', 'restore-item': 'återställa punkter', 'remove-item': 'ta bort punkter' }[what];
			requireParticipant(viewer, gathering, doing);
		}
	}

	/**
	 * Checks a write before its body is read: the meeting (404 when unknown or not visible), the
	 * item if named (404 when on a hidden layer) and the viewer's right (403).
	 */
	authorise(meetingId: string, what: MeetingWrite, layers: LayerView, itemId?: string): void {
		const row = this.#row(meetingId, layers.viewer);
		this.#authorise(row, what, layers, itemId ? this.#itemRow(meetingId, itemId) : undefined);
	}

	#checkOrganisations(ids: readonly string[]): void {
		for (const id of ids) {
			if (!this.#db.prepare('SELECT 1 FROM organisations WHERE id = ?').get(id)) {
				throw new BadParamError('organisationIds', `Organisationen ${JSON.stringify(id)} finns inte. Se GET /api/admin/organisations för vilka som finns.`);
			}
		}
	}

	#summary(row: MeetingRow, viewer: Viewer): MeetingSummary {
		const count = this.#db.prepare('SELECT COUNT(*) AS n FROM agenda_items WHERE meeting_id = ?').get(row.id) as { n: number };
		const gathering = this.#gathering(row);
		return {
			id: row.id,
			title: row.title,
			date: row.date,
			participants: JSON.parse(row.participants) as string[],
			organisationIds: JSON.parse(row.organisation_ids) as string[],
			owner: gathering.owner,
			rights: { owner: gathering.owner.id === viewer.organisation.id, takesPart: takesPart(viewer, gathering) },
			itemCount: count.n,
			version: row.version,
			createdAt: row.created_at,
			createdBy: row.created_by
		};
	}

	#decision(row: DecisionRow, layers: LayerView): Decision {
		const measure = row.measure_id ? this.#visibleMeasure(row.measure_id, layers) : null;
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
	#visibleMeasure(id: string, layers: LayerView): Measure | null {
		try {
			return this.#measures.get(id, layers);
		} catch (err) {
			if (err instanceof NotFoundError) return null;
			throw err;
		}
	}

	/** True for an item on a layer the viewer may not see (not for one whose object was deleted). */
	#hiddenFrom(row: ItemRow, layers: LayerView): boolean {
		return row.kind === 'feature' && !layers.sees(row.layer_id!);
	}

	#decisions(itemId: string, layers: LayerView): Decision[] {
		return (this.#db.prepare('SELECT * FROM decisions WHERE item_id = ? ORDER BY created_at, rowid').all(itemId) as DecisionRow[]).map((row) => this.#decision(row, layers));
	}

	/** An item as this viewer may see it. */
	#item(row: ItemRow, layers: LayerView): AgendaItem {
		const addedBy = row.organisation_id ?? this.#ownerOf(row.meeting_id);
		if (this.#hiddenFrom(row, layers)) {
			// Nothing about the place: not its name, where it is, what was written or decided about it –
			// only how many decisions there are, and the measures assigned to the viewer's organisation
			// (it must act on them; the measure itself says where, docs/meeting-mode.md).
			const rows = this.#db.prepare('SELECT * FROM decisions WHERE item_id = ?').all(row.id) as DecisionRow[];
			const yourMeasures = rows.flatMap((d) => {
				const measure = d.measure_id ? this.#visibleMeasure(d.measure_id, layers) : null;
				return measure && measure.ownerOrganisationId === layers.viewer.organisation.id ? [{ id: measure.id, title: measure.title }] : [];
			});
			const hiddenDecisions = { count: rows.length, yourMeasures };
			return { id: row.id, position: row.position, kind: row.kind, notes: '', camera: null, version: row.version, decisions: [], layerId: null, featureId: null, title: HIDDEN_TITLE, geometry: null, hidden: true, hiddenReason: 'layer', hiddenDecisions, addedBy };
		}
		const base = { id: row.id, position: row.position, kind: row.kind, notes: row.notes, camera: parseCamera(row.camera), version: row.version, decisions: this.#decisions(row.id, layers), addedBy };
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

	#ownerOf(meetingId: string): string {
		return (this.#db.prepare('SELECT owner_organisation_id FROM meetings WHERE id = ?').get(meetingId) as { owner_organisation_id: string }).owner_organisation_id;
	}

	#meeting(row: MeetingRow, layers: LayerView): Meeting {
		return { ...this.#summary(row, layers.viewer), items: this.#itemRows(row.id).map((item) => this.#item(item, layers)) };
	}

	/** The meetings the viewer may see, newest date first. */
	list(layers: LayerView): MeetingSummary[] {
		const rows = this.#db.prepare('SELECT * FROM meetings ORDER BY date DESC, created_at DESC').all() as MeetingRow[];
		return rows.filter((row) => canSeeMeeting(layers.viewer, JSON.parse(row.organisation_ids) as string[])).map((row) => this.#summary(row, layers.viewer));
	}

	// History: every version of a meeting and of an item, kept in the object history.

	#snapshot(meetingId: string): MeetingSnapshot {
		const row = this.#db.prepare('SELECT * FROM meetings WHERE id = ?').get(meetingId) as MeetingRow;
		return {
			title: row.title,
			date: row.date,
			participants: JSON.parse(row.participants) as string[],
			organisationIds: JSON.parse(row.organisation_ids) as string[],
			itemIds: this.#itemRows(meetingId).map((item) => item.id)
		};
	}

	/** Records the meeting's new version (the caller has just bumped it); `before` null for a new meeting. */
	#recordMeeting(meetingId: string, action: 'create' | 'update' | 'restore', before: MeetingSnapshot | null, by: string): void {
		const { version } = this.#db.prepare('SELECT version FROM meetings WHERE id = ?').get(meetingId) as { version: number };
		this.#history.record('meeting', meetingId, { version, action, at: this.#at(), by, before, after: this.#snapshot(meetingId) });
	}

	#itemSnapshot(row: ItemRow): AgendaItemSnapshot {
		return {
			kind: row.kind,
			layerId: row.layer_id,
			featureId: row.feature_id,
			title: row.title,
			geometry: row.geometry ? (JSON.parse(row.geometry) as Geometry) : null,
			notes: row.notes,
			addedBy: row.organisation_id ?? this.#ownerOf(row.meeting_id),
			// Only when saved: versions from before cameras and without one look alike.
			...(row.camera ? { camera: parseCamera(row.camera) } : {})
		};
	}

	#recordItem(row: ItemRow, action: 'create' | 'update' | 'delete' | 'restore', before: AgendaItemSnapshot | null, by: string, deleted = false): void {
		const after = deleted ? null : this.#itemRow(row.meeting_id, row.id);
		this.#history.record('agenda-item', row.id, {
			version: after?.version ?? row.version + 1,
			action,
			at: this.#at(),
			by,
			before,
			after: after && this.#itemSnapshot(after),
			parentId: row.meeting_id
		});
	}

	/** The fields the latest version of a meeting or item changed, for the audit log. */
	lastChanged(kind: 'meeting' | 'agenda-item', id: string): string[] {
		return this.#history.lastChanged(kind, id);
	}

	/** Every version of the meeting (details and order), oldest first. */
	history(meetingId: string, layers: LayerView): ObjectVersion<MeetingSnapshot>[] {
		this.#row(meetingId, layers.viewer);
		return this.#history.list<MeetingSnapshot>('meeting', meetingId);
	}

	/**
	 * Every version of an item, removed ones too; 404 when it is not this meeting's or is on a
	 * layer the viewer may not see (its notes are about that place).
	 */
	itemHistory(meetingId: string, itemId: string, layers: LayerView): ObjectVersion<AgendaItemSnapshot>[] {
		this.#row(meetingId, layers.viewer);
		const versions = this.#history.list<AgendaItemSnapshot>('agenda-item', itemId);
		const current = this.#db.prepare('SELECT * FROM agenda_items WHERE id = ? AND meeting_id = ?').get(itemId, meetingId) as ItemRow | undefined;
		if (!current && this.#history.parentOf('agenda-item', itemId) !== meetingId) throw new NotFoundError(`Punkten ${itemId} finns inte på mötets dagordning.`);
		const layerId = current?.layer_id ?? versions.map((v) => v.after ?? v.before).find(Boolean)?.layerId ?? null;
		if (layerId && !layers.sees(layerId)) throw hiddenItem(itemId);
		return versions;
	}

	/**
	 * Makes an earlier version of the meeting current again as a new version: its details and
	 * who took part (the owner's right, as any change of those), and its order for the items that
	 * are still on the agenda (items added since keep their place after them).
	 */
	restore(meetingId: string, version: number, baseVersion: number, layers: LayerView): Meeting {
		return this.#write(() => {
			const row = this.#row(meetingId, layers.viewer);
			this.#authorise(row, 'details', layers);
			const snapshot = this.#history.snapshot<MeetingSnapshot>('meeting', meetingId, version);
			if (!snapshot) throw new NotFoundError(`Mötet har ingen version ${version} att återställa. Se GET /api/meetings/${meetingId}/history.`);
			this.#checkVersion(row, baseVersion, layers, { version, baseVersion });
			const before = this.#snapshot(meetingId);
			this.#checkOrganisations(snapshot.organisationIds);
			const organisations = unique([row.owner_organisation_id, ...snapshot.organisationIds]);
			this.#db
				.prepare('UPDATE meetings SET title = ?, date = ?, participants = ?, organisation_ids = ?, version = version + 1 WHERE id = ?')
				.run(snapshot.title, snapshot.date, JSON.stringify(snapshot.participants), JSON.stringify(organisations), meetingId);
			const current = before.itemIds;
			const order = [...snapshot.itemIds.filter((id) => current.includes(id)), ...current.filter((id) => !snapshot.itemIds.includes(id))];
			const move = this.#db.prepare('UPDATE agenda_items SET position = ? WHERE id = ?');
			order.forEach((itemId, index) => move.run(index + 1, itemId));
			this.#recordMeeting(meetingId, 'restore', before, layers.by);
			return this.get(meetingId, layers);
		});
	}

	/**
	 * Makes an earlier version of an item current again (its title, notes and saved camera) as a new version; an
	 * item that was removed comes back at the end of the agenda.
	 */
	restoreItem(meetingId: string, itemId: string, version: number, baseVersion: number, layers: LayerView): AgendaItem {
		return this.#write(() => {
			const meeting = this.#row(meetingId, layers.viewer);
			this.itemHistory(meetingId, itemId, layers);
			const current = this.#db.prepare('SELECT * FROM agenda_items WHERE id = ? AND meeting_id = ?').get(itemId, meetingId) as ItemRow | undefined;
			this.#authorise(meeting, 'restore-item', layers, current);
			const snapshot = this.#history.snapshot<AgendaItemSnapshot>('agenda-item', itemId, version);
			if (snapshot === undefined) throw new NotFoundError(`Punkten har ingen version ${version} att återställa. Se historiken.`);
			if (snapshot === null) throw new ConflictError(`Version ${version} av punkten är en borttagning: välj en version före den.`);
			const currentVersion = current?.version ?? this.#history.lastVersion('agenda-item', itemId);
			if (currentVersion !== baseVersion) {
				if (current) this.#checkItemVersion(current, baseVersion, layers, { version, baseVersion });
				throw new ConflictError(`Punkten har ändrats sedan version ${baseVersion}: den senaste är version ${currentVersion}. Läs historiken igen.`);
			}
			if (current) {
				const before = this.#itemSnapshot(current);
				this.#db
					.prepare('UPDATE agenda_items SET notes = ?, title = ?, camera = ?, version = version + 1 WHERE id = ?')
					.run(snapshot.notes, snapshot.title, snapshot.camera ? JSON.stringify(snapshot.camera) : null, itemId);
				this.#recordItem(current, 'restore', before, layers.by);
			} else {
				const { last } = this.#db.prepare('SELECT COALESCE(MAX(position), 0) AS last FROM agenda_items WHERE meeting_id = ?').get(meetingId) as { last: number };
				this.#db
					.prepare('INSERT INTO agenda_items (id, meeting_id, position, kind, layer_id, feature_id, title, geometry, notes, camera, version, organisation_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
					.run(itemId, meetingId, last + 1, snapshot.kind, snapshot.layerId, snapshot.featureId, snapshot.title, snapshot.geometry && JSON.stringify(snapshot.geometry), snapshot.notes, snapshot.camera ? JSON.stringify(snapshot.camera) : null, currentVersion + 1, snapshot.addedBy);
				const restored = this.#itemRow(meetingId, itemId);
				this.#history.record('agenda-item', itemId, { version: restored.version, action: 'restore', at: this.#at(), by: layers.by, before: null, after: this.#itemSnapshot(restored), parentId: meetingId });
				const meetingBefore = this.#snapshot(meetingId);
				meetingBefore.itemIds = meetingBefore.itemIds.filter((id) => id !== itemId);
				this.#bump(meetingId);
				this.#recordMeeting(meetingId, 'update', meetingBefore, layers.by);
			}
			return this.#item(this.#itemRow(meetingId, itemId), layers);
		});
	}

	get(id: string, layers: LayerView): Meeting {
		return this.#meeting(this.#row(id, layers.viewer), layers);
	}

	item(meetingId: string, itemId: string, layers: LayerView): AgendaItem {
		this.#row(meetingId, layers.viewer);
		return this.#item(this.#itemRow(meetingId, itemId), layers);
	}

	/** A new meeting, owned by the maker's organisation, which always takes part. */
	create(input: NewMeeting, layers: LayerView): Meeting {
		const viewer = requireRole(layers.viewer, 'redaktör');
		const organisations = unique([viewer.organisation.id, ...input.organisationIds]);
		return this.#write(() => {
			this.#checkOrganisations(organisations);
			const id = randomUUID();
			this.#db
				.prepare('INSERT INTO meetings (id, title, date, participants, organisation_ids, version, created_at, created_by, owner_organisation_id) VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?)')
				.run(id, input.title, input.date, JSON.stringify(input.participants), JSON.stringify(organisations), this.#at(), layers.by, viewer.organisation.id);
			this.#recordMeeting(id, 'create', null, layers.by);
			return this.get(id, layers);
		});
	}

	#checkVersion(row: MeetingRow, baseVersion: number, layers: LayerView, yours: unknown): void {
		if (row.version !== baseVersion) {
			throw new VersionConflictError(
				`Mötet har ändrats sedan du läste det (du utgick från version ${baseVersion}, nu version ${row.version}). Läs in det igen och gör ändringen på nytt.`,
				{ baseVersion, current: this.#meeting(row, layers), yours }
			);
		}
	}

	#bump(meetingId: string): void {
		this.#db.prepare('UPDATE meetings SET version = version + 1 WHERE id = ?').run(meetingId);
	}

	/** Changes the details and who takes part: the owner's (see #authorise). */
	update(id: string, change: MeetingChange, layers: LayerView): Meeting {
		const viewer = requireRole(layers.viewer, 'redaktör');
		return this.#write(() => {
			const row = this.#row(id, viewer);
			this.#authorise(row, 'details', layers);
			this.#checkVersion(row, change.baseVersion, layers, change);
			let organisations = JSON.parse(row.organisation_ids) as string[];
			if (change.organisationIds) {
				organisations = unique(change.organisationIds);
				if (!organisations.includes(row.owner_organisation_id)) {
					throw new BadParamError('organisationIds', `${this.#orgName(row.owner_organisation_id)} äger mötet och måste vara med bland organisationIds (${row.owner_organisation_id}).`);
				}
				this.#checkOrganisations(organisations);
			}
			const before = this.#snapshot(id);
			this.#db
				.prepare('UPDATE meetings SET title = ?, date = ?, participants = ?, organisation_ids = ?, version = version + 1 WHERE id = ?')
				.run(change.title ?? row.title, change.date ?? row.date, JSON.stringify(change.participants ?? JSON.parse(row.participants)), JSON.stringify(organisations), id);
			this.#recordMeeting(id, 'update', before, layers.by);
			return this.get(id, layers);
		});
	}

	/** Adds a place at the end of the agenda; an object must be one the viewer can see. */
	addItem(id: string, input: NewItem, layers: LayerView): AgendaItem {
		const viewer = requireRole(layers.viewer, 'redaktör');
		return this.#write(() => {
			const meeting = this.#row(id, viewer);
			this.#authorise(meeting, 'add-item', layers);
			const meetingBefore = this.#snapshot(id);
			let title: string;
			let geometry: Polygon | null = null;
			if (input.kind === 'feature') {
				const feature = findFeature(layers, input.layerId, input.featureId);
				title = typeof feature.properties.name === 'string' ? feature.properties.name : input.featureId;
			} else {
				title = input.title;
				geometry = input.geometry;
			}
			const { last } = this.#db.prepare('SELECT COALESCE(MAX(position), 0) AS last FROM agenda_items WHERE meeting_id = ?').get(id) as { last: number };
			const itemId = randomUUID();
			this.#db
				.prepare('INSERT INTO agenda_items (id, meeting_id, position, kind, layer_id, feature_id, title, geometry, notes, version, organisation_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?)')
				.run(itemId, id, last + 1, input.kind, input.kind === 'feature' ? input.layerId : null, input.kind === 'feature' ? input.featureId : null, title, geometry && JSON.stringify(geometry), '', viewer.organisation.id);
			const added = this.#itemRow(id, itemId);
			this.#history.record('agenda-item', itemId, { version: 1, action: 'create', at: this.#at(), by: layers.by, before: null, after: this.#itemSnapshot(added), parentId: id });
			// The agenda changed: a reorder based on the old list must not drop the new item.
			this.#bump(id);
			this.#recordMeeting(id, 'update', meetingBefore, layers.by);
			return this.#item(added, layers);
		});
	}

	/** Puts the agenda in a new order: `itemIds` must name every item exactly once. */
	reorder(id: string, baseVersion: number, itemIds: readonly string[], layers: LayerView): Meeting {
		const viewer = requireRole(layers.viewer, 'redaktör');
		return this.#write(() => {
			const row = this.#row(id, viewer);
			this.#authorise(row, 'order', layers);
			this.#checkVersion(row, baseVersion, layers, { baseVersion, itemIds });
			const before = this.#snapshot(id);
			const current = this.#itemRows(id).map((item) => item.id);
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
			const move = this.#db.prepare('UPDATE agenda_items SET position = ? WHERE id = ?');
			itemIds.forEach((itemId, index) => move.run(index + 1, itemId));
			this.#bump(id);
			this.#recordMeeting(id, 'update', before, layers.by);
			return this.get(id, layers);
		});
	}

	#checkItemVersion(row: ItemRow, baseVersion: number, layers: LayerView, yours: unknown): void {
		if (row.version !== baseVersion) {
			throw new VersionConflictError(
				`Punkten ”${this.#item(row, layers).title}” har ändrats sedan du läste den (du utgick från version ${baseVersion}, nu version ${row.version}).`,
				{ baseVersion, current: this.#item(row, layers), yours }
			);
		}
	}

	updateItem(id: string, itemId: string, change: { baseVersion: number; notes?: string; title?: string; camera?: PlaceCamera | null }, layers: LayerView): AgendaItem {
		const viewer = requireRole(layers.viewer, 'redaktör');
		return this.#write(() => {
			const meeting = this.#row(id, viewer);
			const row = this.#itemRow(id, itemId);
			// Before the version check: a 409 would hand back the item and say someone changed it.
			this.#authorise(meeting, 'notes', layers, row);
			this.#checkItemVersion(row, change.baseVersion, layers, change);
			if (change.title !== undefined && row.kind === 'feature') {
				throw new BadParamError('title', 'En punkt som är ett objekt på kartan heter som objektet; byt namn på objektet i kartans redigering.');
			}
			const before = this.#itemSnapshot(row);
			this.#db
				.prepare('UPDATE agenda_items SET notes = ?, title = ?, camera = ?, version = version + 1 WHERE id = ?')
				.run(change.notes ?? row.notes, change.title ?? row.title, change.camera === undefined ? row.camera : change.camera && JSON.stringify(change.camera), itemId);
			this.#recordItem(row, 'update', before, layers.by);
			return this.#item(this.#itemRow(id, itemId), layers);
		});
	}

	/** Takes a place off the agenda; one with decisions stays (they belong to the protocol). */
	removeItem(id: string, itemId: string, baseVersion: number, layers: LayerView): { deleted: string; meetingVersion: number } {
		const viewer = requireRole(layers.viewer, 'redaktör');
		return this.#write(() => {
			const meeting = this.#row(id, viewer);
			const row = this.#itemRow(id, itemId);
			this.#authorise(meeting, 'remove-item', layers, row);
			this.#checkItemVersion(row, baseVersion, layers, { baseVersion });
			const { n } = this.#db.prepare('SELECT COUNT(*) AS n FROM decisions WHERE item_id = ?').get(itemId) as { n: number };
			if (n > 0) {
				throw new ConflictError(`Punkten har ${n} beslut och kan inte tas bort: besluten hör till mötets protokoll.`);
			}
			const before = this.#itemSnapshot(row);
			const meetingBefore = this.#snapshot(id);
			this.#db.prepare('DELETE FROM agenda_items WHERE id = ?').run(itemId);
			this.#db.prepare('UPDATE agenda_items SET position = position - 1 WHERE meeting_id = ? AND position > ?').run(id, row.position);
			this.#recordItem(row, 'delete', before, layers.by, true);
			this.#bump(id);
			this.#recordMeeting(id, 'update', meetingBefore, layers.by);
			return { deleted: itemId, meetingVersion: this.#row(id, viewer).version };
		});
	}

	/**
	 * Records a decision on an agenda item; with `measure`, also makes that measure (at the item's
	 * place, origin this meeting). One transaction: both are stored or neither.
	 */
	decide(id: string, itemId: string, input: NewDecision, layers: LayerView): { decision: Decision; measure: Measure | null } {
		const viewer = requireRole(layers.viewer, 'redaktör');
		return this.#write(() => {
			const meeting = this.#row(id, viewer);
			const row = this.#itemRow(id, itemId);
			this.#authorise(meeting, 'decide', layers, row);
			const item = this.#item(row, layers);
			if (item.hidden) throw new NotFoundError(`Punkten ${itemId} gäller ett objekt som har tagits bort från kartan; återställ objektet (historiken) eller besluta på en annan punkt.`);
			const measureInput = input.measure ? measureFor(input.measure, item) : null;
			const measure = measureInput ? this.#measures.create(measureInput, layers, { kind: 'meeting', id }) : null;
			const decisionId = randomUUID();
			this.#db
				.prepare('INSERT INTO decisions (id, item_id, text, measure_id, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?)')
				.run(decisionId, itemId, input.text, measure?.id ?? null, this.#at(), layers.by);
			const decision = this.#decision(this.#db.prepare('SELECT * FROM decisions WHERE id = ?').get(decisionId) as DecisionRow, layers);
			return { decision, measure };
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
