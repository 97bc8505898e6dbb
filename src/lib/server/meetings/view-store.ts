/**
 * Saved views: a map view (layers, years, compare mode, camera, selected place) kept by name as
 * its URL query string. A view is its owner's; a shared one is listed to colleagues who may see
 * every layer it shows (and the meeting it belongs to), so sharing never shows anyone a layer
 * their organisation may not see.
 */
import { randomUUID } from 'node:crypto';
import type { LayerSummary } from '$lib/layers/catalog';
import type { SavedView } from '$lib/meetings/types';
import { SCENES_TOGGLE } from '$lib/map/view-state';
import { ForbiddenError, requireRole, type Viewer } from '../auth/access';
import type { Db } from '../db/database';
import { NotFoundError } from '../db/feature-store';
import type { LayerView } from '../layer-view';
import { BadParamError } from '../params';
import { services } from '../services';
import { VIEW_PARAMS } from './meeting-input';
import { canSeeMeeting } from './meeting-store';

interface Row {
	id: string;
	name: string;
	query: string;
	shared: number;
	account_id: number;
	created_at: string;
	owner: string;
}

const yearPair = (text: string | null) => {
	const match = /^(\d{4})-(\d{4})$/.exec(text ?? '');
	return match ? [Number(match[1]), Number(match[2])] : [];
};

/**
 * The layers a view's query shows, by id, among `layers` (what the asker may see), and the names
 * it uses that are not among them.
 *
 * @example
 * layersOfView(new URLSearchParams('lager=stadsdelar,drogscener&ar=2023'), layers);
 * // { layerIds: ['stadsdelar', 'drogscener-2023'], unknown: [] }
 */
export function layersOfView(params: URLSearchParams, layers: readonly LayerSummary[]): { layerIds: string[]; unknown: string[] } {
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
		if (toggle === SCENES_TOGGLE) scenesOf(years.length ? years : layers.filter((l) => l.kind === 'drug-scene').map((l) => l.year!));
		else if (layers.some((l) => l.id === toggle)) ids.add(toggle);
		else unknown.push(toggle);
	}
	scenesOf(yearPair(params.get('analys')));
	if (params.get('jamfor')) scenesOf(yearPair(params.get('arpar')));
	return { layerIds: [...ids], unknown: [...new Set(unknown)] };
}

export class SavedViewStore {
	readonly #db: Db;
	readonly #now: () => number;

	constructor(db: Db, now: () => number = Date.now) {
		this.#db = db;
		this.#now = now;
	}

	#meetingVisible(id: string, viewer: Viewer): boolean {
		const row = this.#db.prepare('SELECT organisation_ids FROM meetings WHERE id = ?').get(id) as { organisation_ids: string } | undefined;
		return Boolean(row && canSeeMeeting(viewer, JSON.parse(row.organisation_ids) as string[]));
	}

	/** Whether a view may be listed to this viewer: every layer it shows, and its meeting, visible. */
	#visible(query: string, layers: LayerView, visible: LayerSummary[]): boolean {
		const params = new URLSearchParams(query);
		const meeting = params.get('mote');
		if (meeting && !this.#meetingVisible(meeting, layers.viewer)) return false;
		return layersOfView(params, visible).unknown.length === 0;
	}

	#view(row: Row, viewer: Viewer): SavedView {
		return { id: row.id, name: row.name, query: row.query, shared: row.shared === 1, owner: row.owner, mine: row.account_id === viewer.id, createdAt: row.created_at };
	}

	#rows(where = '', ...args: unknown[]): Row[] {
		return this.#db
			.prepare(`SELECT v.*, a.display_name AS owner FROM saved_views v JOIN accounts a ON a.id = v.account_id ${where} ORDER BY v.name COLLATE NOCASE, v.created_at`)
			.all(...args) as Row[];
	}

	/** The viewer's own views and the shared views of others that they may see in full. */
	list(layers: LayerView): SavedView[] {
		const visible = layers.list();
		const viewer = layers.viewer;
		return this.#rows('WHERE v.account_id = ? OR v.shared = 1', viewer.id)
			.filter((row) => row.account_id === viewer.id || this.#visible(row.query, layers, visible))
			.map((row) => this.#view(row, viewer));
	}

	/** Saves a view; its query may hold only the view's own parameters and layers the saver can see. */
	create(input: { name: string; query: string; shared: boolean }, layers: LayerView): SavedView {
		const viewer = requireRole(layers.viewer, 'redaktör');
		const query = normaliseQuery(input.query);
		const params = new URLSearchParams(query);
		const { unknown } = layersOfView(params, layers.list());
		if (unknown.length) {
			throw new BadParamError('query', `Vyn visar lager som inte finns (eller som ditt konto inte får se): ${unknown.join(', ')}.`);
		}
		const meeting = params.get('mote');
		if (meeting && !this.#meetingVisible(meeting, viewer)) throw new BadParamError('query', `Mötet ${meeting} i vyn finns inte.`);
		const id = randomUUID();
		this.#db
			.prepare('INSERT INTO saved_views (id, name, query, shared, account_id, created_at) VALUES (?, ?, ?, ?, ?, ?)')
			.run(id, input.name, query, input.shared ? 1 : 0, viewer.id, new Date(this.#now()).toISOString());
		return this.#view(this.#rows('WHERE v.id = ?', id)[0]!, viewer);
	}

	/** Deletes a view: its owner or an admin. Someone who cannot see it is told it does not exist. */
	remove(id: string, layers: LayerView): void {
		const viewer = requireRole(layers.viewer, 'redaktör');
		const [row] = this.#rows('WHERE v.id = ?', id);
		const listed = row && (row.account_id === viewer.id || (row.shared === 1 && this.#visible(row.query, layers, layers.list())));
		if (!row || (!listed && viewer.role !== 'admin')) throw new NotFoundError(`Vyn ${id} finns inte.`);
		if (row.account_id !== viewer.id && viewer.role !== 'admin') {
			throw new ForbiddenError(`Vyn ”${row.name}” är sparad av ${row.owner}; bara den som sparat den eller en administratör kan ta bort den.`);
		}
		this.#db.prepare('DELETE FROM saved_views WHERE id = ?').run(id);
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

let store: SavedViewStore | undefined;

export function savedViewStore(): SavedViewStore {
	store ??= new SavedViewStore(services().db);
	return store;
}
