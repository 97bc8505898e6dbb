/**
 * Meetings (platssamverkan): a date, participants, the organisations taking part, and an ordered
 * agenda of places — objects on the map's layers or areas drawn for the meeting — each with notes
 * and decisions. A decision can make a measure (åtgärd) in the same transaction.
 *
 * Who sees a meeting: the organisations taking part (the maker's is always one) and admins; to
 * anyone else it does not exist (404). An agenda item on a layer the viewer may not see is shown
 * as hidden, without layer, id, name or geometry, and without its notes and decisions (they are
 * about that place, and a decision names its measure); such an item cannot be changed, decided on
 * or removed by that viewer (404). An item whose object was deleted, on a layer the viewer does
 * see, is shown as hidden too but keeps its notes and decisions and can still be tidied away.
 *
 * Versions: the meeting has one (its details, and which items it has in which order) and every
 * item has its own (title and notes), so two people writing notes on different places never
 * conflict. A write names the version it read; a stale one is a MeetingConflictError (409) with
 * the object as it is now.
 */
import { randomUUID } from 'node:crypto';
import type { Geometry, Polygon } from 'geojson';
import { pointOnFeature } from '@turf/turf';
import * as v from 'valibot';
import type { AgendaItem, Decision, Meeting, MeetingSummary } from '$lib/meetings/types';
import { MeasureInput } from '$lib/measures/status';
import { requireRole, type Viewer } from '../auth/access';
import type { Db } from '../db/database';
import { ConflictError, NotFoundError } from '../db/feature-store';
import { LayerNotFoundError } from '../layer-service';
import type { LayerView } from '../layer-view';
import { measureStore, type Measure, type MeasureStore } from '../measures/measure-store';
import { BadParamError } from '../params';
import { services } from '../services';
import type { MeetingChange, NewDecision, NewItem, NewMeeting } from './meeting-input';
import { canSeeMeeting } from './visibility';

/** A write based on a version that is no longer current: 409 with the object as it is now. */
export class MeetingConflictError extends Error {
	constructor(
		message: string,
		readonly baseVersion: number,
		readonly current: Meeting | AgendaItem,
		/** The change that was refused, so the client can show both. */
		readonly yours: unknown
	) {
		super(message);
	}
}

interface MeetingRow {
	id: string;
	title: string;
	date: string;
	participants: string;
	organisation_ids: string;
	version: number;
	created_at: string;
	created_by: string;
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
	version: number;
}

interface DecisionRow {
	id: string;
	item_id: string;
	text: string;
	measure_id: string | null;
	created_at: string;
	created_by: string;
}

export { canSeeMeeting };

const HIDDEN_TITLE = 'Dold plats';

/** The answer to a write on an agenda item whose layer the viewer may not see: as if it were not there for them. */
const hiddenItem = (itemId: string) =>
	new NotFoundError(
		`Punkten ${itemId} gäller ett lager som ditt konto inte får se, så du kan inte ändra, besluta om eller ta bort den. Be någon från en organisation som ser lagret att göra det.`
	);

export class MeetingStore {
	readonly #db: Db;
	readonly #measures: MeasureStore;
	readonly #now: () => number;

	constructor(db: Db, measures: MeasureStore, now: () => number = Date.now) {
		this.#db = db;
		this.#measures = measures;
		this.#now = now;
	}

	#at(): string {
		return new Date(this.#now()).toISOString();
	}

	#write<T>(work: () => T): T {
		return this.#db.transaction(work).immediate();
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

	#checkOrganisations(ids: readonly string[]): void {
		for (const id of ids) {
			if (!this.#db.prepare('SELECT 1 FROM organisations WHERE id = ?').get(id)) {
				throw new BadParamError('organisationIds', `Organisationen ${JSON.stringify(id)} finns inte. Se GET /api/admin/organisations för vilka som finns.`);
			}
		}
	}

	#summary(row: MeetingRow): MeetingSummary {
		const count = this.#db.prepare('SELECT COUNT(*) AS n FROM agenda_items WHERE meeting_id = ?').get(row.id) as { n: number };
		return {
			id: row.id,
			title: row.title,
			date: row.date,
			participants: JSON.parse(row.participants) as string[],
			organisationIds: JSON.parse(row.organisation_ids) as string[],
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
		if (this.#hiddenFrom(row, layers)) {
			// Nothing about the place: not its name, where it is, what was written or decided about it.
			return { id: row.id, position: row.position, kind: row.kind, notes: '', version: row.version, decisions: [], layerId: null, featureId: null, title: HIDDEN_TITLE, geometry: null, hidden: true };
		}
		const base = { id: row.id, position: row.position, kind: row.kind, notes: row.notes, version: row.version, decisions: this.#decisions(row.id, layers) };
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
				return { ...base, layerId: null, featureId: null, title: HIDDEN_TITLE, geometry: null, hidden: true };
			}
			throw err;
		}
	}

	#meeting(row: MeetingRow, layers: LayerView): Meeting {
		return { ...this.#summary(row), items: this.#itemRows(row.id).map((item) => this.#item(item, layers)) };
	}

	/** The meetings the viewer may see, newest date first. */
	list(layers: LayerView): MeetingSummary[] {
		const rows = this.#db.prepare('SELECT * FROM meetings ORDER BY date DESC, created_at DESC').all() as MeetingRow[];
		return rows.filter((row) => canSeeMeeting(layers.viewer, JSON.parse(row.organisation_ids) as string[])).map((row) => this.#summary(row));
	}

	get(id: string, layers: LayerView): Meeting {
		return this.#meeting(this.#row(id, layers.viewer), layers);
	}

	item(meetingId: string, itemId: string, layers: LayerView): AgendaItem {
		this.#row(meetingId, layers.viewer);
		return this.#item(this.#itemRow(meetingId, itemId), layers);
	}

	/**
	 * The item, if this viewer may change it: not one on a layer they may not see (404, before a
	 * request body is read).
	 */
	editableItem(meetingId: string, itemId: string, layers: LayerView): AgendaItem {
		this.#row(meetingId, layers.viewer);
		const row = this.#itemRow(meetingId, itemId);
		if (this.#hiddenFrom(row, layers)) throw hiddenItem(itemId);
		return this.#item(row, layers);
	}

	/** A new meeting; the maker's organisation always takes part (or they could not see it). */
	create(input: NewMeeting, layers: LayerView): Meeting {
		const viewer = requireRole(layers.viewer, 'redaktör');
		const organisations = unique([viewer.organisation.id, ...input.organisationIds]);
		return this.#write(() => {
			this.#checkOrganisations(organisations);
			const id = randomUUID();
			this.#db
				.prepare('INSERT INTO meetings (id, title, date, participants, organisation_ids, version, created_at, created_by) VALUES (?, ?, ?, ?, ?, 1, ?, ?)')
				.run(id, input.title, input.date, JSON.stringify(input.participants), JSON.stringify(organisations), this.#at(), layers.by);
			return this.get(id, layers);
		});
	}

	#checkVersion(row: MeetingRow, baseVersion: number, layers: LayerView, yours: unknown): void {
		if (row.version !== baseVersion) {
			throw new MeetingConflictError(
				`Mötet har ändrats sedan du läste det (du utgick från version ${baseVersion}, nu version ${row.version}). Läs in det igen och gör ändringen på nytt.`,
				baseVersion,
				this.#meeting(row, layers),
				yours
			);
		}
	}

	#bump(meetingId: string): void {
		this.#db.prepare('UPDATE meetings SET version = version + 1 WHERE id = ?').run(meetingId);
	}

	update(id: string, change: MeetingChange, layers: LayerView): Meeting {
		const viewer = requireRole(layers.viewer, 'redaktör');
		return this.#write(() => {
			const row = this.#row(id, viewer);
			this.#checkVersion(row, change.baseVersion, layers, change);
			let organisations = JSON.parse(row.organisation_ids) as string[];
			if (change.organisationIds) {
				organisations = unique(change.organisationIds);
				if (!canSeeMeeting(viewer, organisations)) {
					throw new BadParamError('organisationIds', `Din organisation (${viewer.organisation.id}) måste vara med bland organisationIds, annars kan du inte längre se mötet.`);
				}
				this.#checkOrganisations(organisations);
			}
			this.#db
				.prepare('UPDATE meetings SET title = ?, date = ?, participants = ?, organisation_ids = ?, version = version + 1 WHERE id = ?')
				.run(change.title ?? row.title, change.date ?? row.date, JSON.stringify(change.participants ?? JSON.parse(row.participants)), JSON.stringify(organisations), id);
			return this.get(id, layers);
		});
	}

	/** Adds a place at the end of the agenda; an object must be one the viewer can see. */
	addItem(id: string, input: NewItem, layers: LayerView): AgendaItem {
		const viewer = requireRole(layers.viewer, 'redaktör');
		return this.#write(() => {
			this.#row(id, viewer);
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
				.prepare('INSERT INTO agenda_items (id, meeting_id, position, kind, layer_id, feature_id, title, geometry, notes, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1)')
				.run(itemId, id, last + 1, input.kind, input.kind === 'feature' ? input.layerId : null, input.kind === 'feature' ? input.featureId : null, title, geometry && JSON.stringify(geometry), '');
			// The agenda changed: a reorder based on the old list must not drop the new item.
			this.#bump(id);
			return this.#item(this.#itemRow(id, itemId), layers);
		});
	}

	/** Puts the agenda in a new order: `itemIds` must name every item exactly once. */
	reorder(id: string, baseVersion: number, itemIds: readonly string[], layers: LayerView): Meeting {
		const viewer = requireRole(layers.viewer, 'redaktör');
		return this.#write(() => {
			const row = this.#row(id, viewer);
			this.#checkVersion(row, baseVersion, layers, { baseVersion, itemIds });
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
			return this.get(id, layers);
		});
	}

	#checkItemVersion(row: ItemRow, baseVersion: number, layers: LayerView, yours: unknown): void {
		if (row.version !== baseVersion) {
			throw new MeetingConflictError(
				`Punkten ”${this.#item(row, layers).title}” har ändrats sedan du läste den (du utgick från version ${baseVersion}, nu version ${row.version}).`,
				baseVersion,
				this.#item(row, layers),
				yours
			);
		}
	}

	updateItem(id: string, itemId: string, change: { baseVersion: number; notes?: string; title?: string }, layers: LayerView): AgendaItem {
		const viewer = requireRole(layers.viewer, 'redaktör');
		return this.#write(() => {
			this.#row(id, viewer);
			const row = this.#itemRow(id, itemId);
			// Before the version check: a 409 would hand back the item and say someone changed it.
			if (this.#hiddenFrom(row, layers)) throw hiddenItem(itemId);
			this.#checkItemVersion(row, change.baseVersion, layers, change);
			if (change.title !== undefined && row.kind === 'feature') {
				throw new BadParamError('title', 'En punkt som är ett objekt på kartan heter som objektet; byt namn på objektet i kartans redigering.');
			}
			this.#db
				.prepare('UPDATE agenda_items SET notes = ?, title = ?, version = version + 1 WHERE id = ?')
				.run(change.notes ?? row.notes, change.title ?? row.title, itemId);
			return this.#item(this.#itemRow(id, itemId), layers);
		});
	}

	/** Takes a place off the agenda; one with decisions stays (they belong to the protocol). */
	removeItem(id: string, itemId: string, baseVersion: number, layers: LayerView): { deleted: string; meetingVersion: number } {
		const viewer = requireRole(layers.viewer, 'redaktör');
		return this.#write(() => {
			this.#row(id, viewer);
			const row = this.#itemRow(id, itemId);
			if (this.#hiddenFrom(row, layers)) throw hiddenItem(itemId);
			this.#checkItemVersion(row, baseVersion, layers, { baseVersion });
			const { n } = this.#db.prepare('SELECT COUNT(*) AS n FROM decisions WHERE item_id = ?').get(itemId) as { n: number };
			if (n > 0) {
				throw new ConflictError(`Punkten har ${n} beslut och kan inte tas bort: besluten hör till mötets protokoll.`);
			}
			this.#db.prepare('DELETE FROM agenda_items WHERE id = ?').run(itemId);
			this.#db.prepare('UPDATE agenda_items SET position = position - 1 WHERE meeting_id = ? AND position > ?').run(id, row.position);
			this.#bump(id);
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
			this.#row(id, viewer);
			const row = this.#itemRow(id, itemId);
			if (this.#hiddenFrom(row, layers)) throw hiddenItem(itemId);
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


let store: MeetingStore | undefined;

/** The process-wide meeting store on the services' database, making measures through the measure store. */
export function meetingStore(): MeetingStore {
	store ??= new MeetingStore(services().db, measureStore());
	return store;
}
