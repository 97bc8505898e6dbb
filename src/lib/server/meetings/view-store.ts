/**
 * Saved views: a map view (layers, years, compare mode, camera, selected place) kept by name as
 * its URL query string. A view is its owner's (the account that saved it): only they change or
 * restore it, they and the admins of their organisation delete it. A shared one is listed to
 * colleagues who may see every layer it names – checked against the whole catalogue, so "the
 * scenes" without years means every scene year, hidden ones included – and the meeting it
 * belongs to: sharing never shows anyone a layer, or a view's name and camera on it, that their
 * organisation may not see. Every version is kept in the object history and can be restored.
 * Runs on SQLite and PostgreSQL alike (db/app-database.ts; view-store.test.ts runs on both).
 */
import { randomUUID } from 'node:crypto';
import { sql, type RawBuilder } from 'kysely';
import type { LayerSummary } from '$lib/layers/catalog';
import type { SavedView } from '$lib/meetings/types';
import { SCENES_TOGGLE } from '$lib/map/view-state';
import { administers, canSeeMeeting, requireRole, requireViewOwner, type Viewer } from '../auth/access';
import type { AppDatabase } from '../db/app-database';
import { ObjectHistory, type ObjectVersion } from '../db/object-history';
import type { LayerView } from '../layer-view';
import { VIEW_PARAMS } from './meeting-input';
import { BadParamError, NotFoundError, VersionConflictError } from '../errors';

interface Row {
	id: string;
	name: string;
	query: string;
	/** 1/0 on SQLite, true/false on PostgreSQL: read with Boolean(). */
	shared: number | boolean;
	account_id: number;
	created_at: string;
	version: number;
	owner: string;
	owner_organisation_id: string;
}

/** What a version of a saved view holds. */
export interface ViewSnapshot {
	name: string;
	query: string;
	shared: boolean;
}

const yearPair = (text: string | null) => {
	const match = /^(\d{4})-(\d{4})$/.exec(text ?? '');
	return match ? [Number(match[1]), Number(match[2])] : [];
};

type CatalogueEntry = Pick<LayerSummary, 'id' | 'kind' | 'year'>;

/**
 * The layers a view's query shows, by id, among `layers` (a catalogue), and the names it uses
 * that are not among them. The scenes without years mean every scene year of the catalogue; with
 * none there, "drogscener" itself is unknown.
 *
 * @example
 * layersOfView(new URLSearchParams('lager=stadsdelar,drogscener&ar=2023'), layers);
 * // { layerIds: ['stadsdelar', 'drogscener-2023'], unknown: [] }
 */
export function layersOfView(params: URLSearchParams, layers: readonly CatalogueEntry[]): { layerIds: string[]; unknown: string[] } {
	const ids = new Set<string>();
	const unknown: string[] = [];
	const scenesOf = (years: number[]) => {
		for (const year of years) {
			const layer = layers.find((l) => l.kind === 'drug-scene' && l.year === year);
			if (layer) ids.add(layer.id);
			else unknown.push(`drogscener ${year}`);
		}
	};
	const list = (name: string) => (params.get(name) ?? '').split(',').map((s) => s.trim()).filter(Boolean);
	const years = list('ar').map(Number);
	for (const toggle of list('lager')) {
		if (toggle === SCENES_TOGGLE) {
			const all = layers.filter((l) => l.kind === 'drug-scene' && l.year !== null).map((l) => l.year!);
			if (years.length === 0 && all.length === 0) unknown.push(SCENES_TOGGLE);
			scenesOf(years.length ? years : all);
		} else if (layers.some((l) => l.id === toggle)) ids.add(toggle);
		else unknown.push(toggle);
	}
	scenesOf(yearPair(params.get('analys')));
	if (params.get('jamfor')) scenesOf(yearPair(params.get('arpar')));
	return { layerIds: [...ids], unknown: [...new Set(unknown)] };
}

const snapshotOf = (row: Pick<Row, 'name' | 'query' | 'shared'>): ViewSnapshot => ({ name: row.name, query: row.query, shared: Boolean(row.shared) });

export class SavedViewStore {
	readonly #database: AppDatabase;
	readonly #history: ObjectHistory;
	readonly #now: () => number;

	constructor(database: AppDatabase, now: () => number = Date.now) {
		this.#database = database;
		this.#history = new ObjectHistory(database);
		this.#now = now;
	}

	#at(): string {
		return new Date(this.#now()).toISOString();
	}

	async #meetingVisible(id: string, viewer: Viewer): Promise<boolean> {
		const { rows } = await sql<{ organisation_ids: string }>`SELECT organisation_ids FROM meetings WHERE id = ${id}`.execute(this.#database.query);
		const row = rows[0];
		return Boolean(row && canSeeMeeting(viewer, JSON.parse(row.organisation_ids) as string[]));
	}

	/**
	 * Whether a view may be listed to this viewer: its meeting, and every layer it names in the
	 * whole catalogue (not only among the layers the viewer sees, where a hidden year would simply
	 * be missing), visible to them.
	 */
	async #visible(query: string, layers: LayerView): Promise<boolean> {
		const params = new URLSearchParams(query);
		const meeting = params.get('mote');
		if (meeting && !(await this.#meetingVisible(meeting, layers.viewer))) return false;
		return layers.seesAllOf((catalogue) => layersOfView(params, catalogue));
	}

	#view(row: Row, viewer: Viewer): SavedView {
		return { id: row.id, name: row.name, query: row.query, shared: Boolean(row.shared), owner: row.owner, mine: row.account_id === viewer.id, createdAt: row.created_at, version: row.version };
	}

	async #rows(where: RawBuilder<unknown>): Promise<Row[]> {
		const { rows } = await sql<Row>`SELECT v.*, a.display_name AS owner, a.organisation_id AS owner_organisation_id FROM saved_views v JOIN accounts a ON a.id = v.account_id
			WHERE ${where} ORDER BY v.name COLLATE NOCASE, v.created_at`.execute(this.#database.query);
		return rows;
	}

	/** The view if this viewer may see it (theirs, or shared and fully visible to them); otherwise it does not exist for them. */
	async #row(id: string, layers: LayerView): Promise<Row> {
		const [row] = await this.#rows(sql`v.id = ${id}`);
		if (!row || (row.account_id !== layers.viewer.id && !(row.shared && (await this.#visible(row.query, layers))))) throw new NotFoundError(`Vyn ${id} finns inte.`);
		return row;
	}

	/** The viewer's own views and the shared views of others that they may see in full. */
	async list(layers: LayerView): Promise<SavedView[]> {
		const viewer = layers.viewer;
		const views: SavedView[] = [];
		for (const row of await this.#rows(sql`v.account_id = ${viewer.id} OR v.shared = ${true}`)) {
			if (row.account_id === viewer.id || (await this.#visible(row.query, layers))) views.push(this.#view(row, viewer));
		}
		return views;
	}

	/** A query the viewer may save: only the view's own parameters, and layers and a meeting they see. */
	async #checkedQuery(raw: string, layers: LayerView): Promise<string> {
		const query = normaliseQuery(raw);
		const params = new URLSearchParams(query);
		const { unknown } = layersOfView(params, layers.list());
		if (unknown.length) {
			throw new BadParamError('query', `Vyn visar lager som inte finns (eller som ditt konto inte får se): ${unknown.join(', ')}.`);
		}
		// Every scene year visible, hidden years too: "drogscener" without years names them all.
		if (!layers.seesAllOf((catalogue) => layersOfView(params, catalogue))) {
			throw new BadParamError('query', `Vyn visar lager som ditt konto inte får se alla av (${SCENES_TOGGLE} utan år betyder alla år). Välj åren i ar, t.ex. ar=2023.`);
		}
		const meeting = params.get('mote');
		if (meeting && !(await this.#meetingVisible(meeting, layers.viewer))) throw new BadParamError('query', `Mötet ${meeting} i vyn finns inte.`);
		return query;
	}

	/** Saves a view; its query may hold only the view's own parameters and layers the saver can see. */
	async create(input: { name: string; query: string; shared: boolean }, layers: LayerView): Promise<SavedView> {
		const viewer = requireRole(layers.viewer, 'redaktör');
		const query = await this.#checkedQuery(input.query, layers);
		const id = randomUUID();
		const at = this.#at();
		return this.#database.write(async () => {
			await sql`INSERT INTO saved_views (id, name, query, shared, account_id, created_at, version)
				VALUES (${id}, ${input.name}, ${query}, ${Boolean(input.shared)}, ${viewer.id}, ${at}, 1)`.execute(this.#database.query);
			const row = (await this.#rows(sql`v.id = ${id}`))[0]!;
			await this.#history.record('view', id, { version: 1, action: 'create', at, by: layers.by, before: null, after: snapshotOf(row) });
			return this.#view(row, viewer);
		});
	}

	/** The view's row if the viewer saved it (404 when they cannot see it, 403 when it is someone else's). */
	async #own(id: string, layers: LayerView): Promise<Row> {
		const row = await this.#row(id, layers);
		requireViewOwner(layers.viewer, { name: row.name, accountId: row.account_id, owner: row.owner, organisationId: row.owner_organisation_id });
		return row;
	}

	/** Checks a change before its body is read: a redaktör (403), who sees the view (404) and saved it (403). */
	async authorise(id: string, layers: LayerView): Promise<void> {
		requireRole(layers.viewer, 'redaktör');
		await this.#own(id, layers);
	}

	/** Changes a view's name, query or sharing (its owner), as a new version. */
	async update(id: string, change: { baseVersion: number } & Partial<ViewSnapshot>, layers: LayerView, action: 'update' | 'restore' = 'update'): Promise<SavedView> {
		await this.authorise(id, layers);
		const query = change.query === undefined ? undefined : await this.#checkedQuery(change.query, layers);
		return this.#database.write(async () => {
			const row = await this.#row(id, layers);
			if (row.version !== change.baseVersion) {
				const current = this.#view(row, layers.viewer);
				throw new VersionConflictError(`Vyn ”${current.name}” har ändrats sedan version ${change.baseVersion}: nu version ${current.version}. Läs in den igen.`, {
					baseVersion: change.baseVersion,
					current,
					yours: change
				});
			}
			const shared = change.shared === undefined ? Boolean(row.shared) : Boolean(change.shared);
			await sql`UPDATE saved_views SET name = ${change.name ?? row.name}, query = ${query ?? row.query}, shared = ${shared}, version = version + 1 WHERE id = ${id}`.execute(
				this.#database.query
			);
			const after = (await this.#rows(sql`v.id = ${id}`))[0]!;
			await this.#history.record('view', id, { version: after.version, action, at: this.#at(), by: layers.by, before: snapshotOf(row), after: snapshotOf(after) });
			return this.#view(after, layers.viewer);
		});
	}

	/** Every version of a view (its owner: a version may name layers since hidden from others). */
	async history(id: string, layers: LayerView): Promise<ObjectVersion<ViewSnapshot>[]> {
		await this.#own(id, layers);
		return this.#history.list<ViewSnapshot>('view', id);
	}

	/** Makes an earlier version current again, as a new version; its query is checked as if it were new. */
	async restore(id: string, version: number, baseVersion: number, layers: LayerView): Promise<SavedView> {
		await this.authorise(id, layers);
		const snapshot = await this.#history.snapshot<ViewSnapshot>('view', id, version);
		if (!snapshot) throw new NotFoundError(`Vyn har ingen version ${version} att återställa.`);
		return this.update(id, { baseVersion, ...snapshot }, layers, 'restore');
	}

	/** The fields the view's latest version changed, for the audit log. */
	lastChanged(id: string): Promise<string[]> {
		return this.#history.lastChanged('view', id);
	}

	/**
	 * Deletes a view: its owner, or an admin of the owner's organisation (the system administrator
	 * for any). Someone who cannot see it is told it does not exist. The history keeps it.
	 */
	async remove(id: string, layers: LayerView): Promise<void> {
		const viewer = requireRole(layers.viewer, 'redaktör');
		await this.#database.write(async () => {
			const [row] = await this.#rows(sql`v.id = ${id}`);
			const listed = row && (row.account_id === viewer.id || (row.shared && (await this.#visible(row.query, layers))));
			if (!row || (!listed && !administers(viewer, row.owner_organisation_id))) throw new NotFoundError(`Vyn ${id} finns inte.`);
			requireViewOwner(viewer, { name: row.name, accountId: row.account_id, owner: row.owner, organisationId: row.owner_organisation_id }, true);
			await sql`DELETE FROM saved_views WHERE id = ${id}`.execute(this.#database.query);
			await this.#history.record('view', id, { version: row.version + 1, action: 'delete', at: this.#at(), by: layers.by, before: snapshotOf(row), after: null });
		});
	}
}

/** The query without "?", with only the view's own parameters; an unknown parameter is a 400 naming the allowed ones. */
export function normaliseQuery(raw: string): string {
	const params = new URLSearchParams(raw.replace(/^\?/, ''));
	const kept = new URLSearchParams();
	for (const [key, value] of params) {
		if (!(VIEW_PARAMS as readonly string[]).includes(key)) {
			throw new BadParamError('query', `Okänd parameter ${JSON.stringify(key)} i vyn. Tillåtna: ${VIEW_PARAMS.join(', ')}.`, [...VIEW_PARAMS]);
		}
		kept.set(key, value);
	}
	return kept.toString().replaceAll('%2C', ',').replaceAll('%2F', '/');
}
