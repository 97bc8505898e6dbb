/**
 * A layer's features in the browser, fetched once and shared by everything on the page that
 * shows them: the MapLibre source of each map (the meeting view has two), the polygon labels,
 * the editor's list of objects, the agenda's place picker. Before, each of them fetched the
 * layer itself: three requests on the map page, three more after every edit.
 *
 * A layer is fetched again only when something says it changed (`refresh`: an own edit, an
 * import, a change another person made); the server's ETag makes that a 304 when nothing did.
 * Every subscriber is then given the new collection (MapLibre: `setData`). Answers that arrive
 * out of order are dropped: only the newest request's answer is handed out.
 *
 * One LayerData per page (`provideLayerData` in the page, `useLayerData` below it), not per
 * module: what a layer holds depends on who is logged in, and a page ends with its session.
 */
import type { FeatureCollection } from 'geojson';
import { getContext, setContext } from 'svelte';
import { fetchLayer } from '$lib/api';

type Listener = (data: FeatureCollection) => void;

/** A change to one feature, as the live updates name it: its id, the version it got, and whether it was deleted. */
export interface FeatureChange {
	id: string;
	version: number;
	deleted: boolean;
}

/** Whether `data` already shows `change` (the served features carry their version beside the properties). */
function shows(data: FeatureCollection | null, change: FeatureChange): boolean {
	const feature = data?.features.find((f) => String(f.properties?.id) === change.id) as { version?: number } | undefined;
	if (change.deleted) return !feature;
	return feature?.version !== undefined && feature.version >= change.version;
}

interface Entry {
	layerId: string;
	/** The newest request: only its answer is handed out. */
	asked: number;
	/** Requests not answered yet (a failed layer is asked again only when none is). */
	pending: number;
	latest: FeatureCollection | null;
	/** Settles with the newest answer (null when the layer could not be read). */
	loaded: Promise<FeatureCollection | null>;
	listeners: Set<Listener>;
}

/**
 * Requests not answered yet, over every LayerData on the page. The end-to-end tests wait for 0
 * (and then for the map's idle) before they read what a map shows.
 */
let inFlight = 0;
export const layerRequestsInFlight = () => inFlight;

export class LayerData {
	readonly #entries = new Map<string, Entry>();
	readonly #fetch: typeof fetchLayer;

	constructor(fetcher: typeof fetchLayer = fetchLayer) {
		this.#fetch = fetcher;
	}

	/** The layer's features: fetched at the first ask, then the same until a refresh (asked again while it never loaded). */
	get(layerId: string): Promise<FeatureCollection | null> {
		return this.#retried(this.#entry(layerId)).loaded;
	}

	/** A layer whose every request failed (a network gap, a server restart) is asked again by the next reader. */
	#retried(entry: Entry): Entry {
		if (entry.latest === null && entry.pending === 0 && entry.asked > 0) void this.#load(entry.layerId, entry);
		return entry;
	}

	/** Fetches the layer anew (it changed) and hands the answer to every subscriber. */
	refresh(layerId: string): Promise<FeatureCollection | null> {
		const entry = this.#entries.get(layerId);
		return entry ? this.#load(layerId, entry) : this.get(layerId);
	}

	/**
	 * Changes others (or this page) made, as the live updates report them: the layer is fetched
	 * anew only if what is shown, or the answer already on its way, lacks one of them. The page's
	 * own save refreshes the layer itself; its event then costs no second request.
	 */
	async catchUp(layerId: string, changes: readonly FeatureChange[]): Promise<void> {
		const entry = this.#entries.get(layerId);
		// Not shown on this page: nothing to bring up to date.
		if (!entry) return;
		const shown = await entry.loaded;
		if (changes.every((change) => shows(shown, change))) return;
		await this.refresh(layerId);
	}

	/** Calls `listener` with the features now (when loaded) and after every change; returns the unsubscribe. */
	subscribe(layerId: string, listener: Listener): () => void {
		const entry = this.#retried(this.#entry(layerId));
		entry.listeners.add(listener);
		if (entry.latest) listener(entry.latest);
		return () => entry.listeners.delete(listener);
	}

	#entry(layerId: string): Entry {
		let entry = this.#entries.get(layerId);
		if (!entry) {
			entry = { layerId, asked: 0, pending: 0, latest: null, loaded: Promise.resolve(null), listeners: new Set() };
			this.#entries.set(layerId, entry);
			void this.#load(layerId, entry);
		}
		return entry;
	}

	#load(layerId: string, entry: Entry): Promise<FeatureCollection | null> {
		const asked = ++entry.asked;
		inFlight++;
		entry.pending++;
		const answer = this.#fetch(layerId).then((result): FeatureCollection | null | Promise<FeatureCollection | null> => {
			// A newer request is on its way: its answer is the one to wait for.
			if (asked !== entry.asked) return entry.loaded;
			// A failed request keeps what is shown.
			if (!result.ok) return entry.latest;
			entry.latest = result.value;
			for (const listener of entry.listeners) {
				// One map that cannot take the data (removed meanwhile) must not keep it from the others.
				try {
					listener(result.value);
				} catch (err) {
					console.error(err);
				}
			}
			return result.value;
		});
		entry.loaded = answer.finally(() => {
			inFlight--;
			entry.pending--;
		});
		return entry.loaded;
	}
}

const KEY = Symbol('layer-data');

/** Makes one LayerData the page's: call in the page component, before its maps. */
export function provideLayerData(data = new LayerData()): LayerData {
	return setContext(KEY, data);
}

/** The page's LayerData (a component outside a page that provides one gets its own). */
export function useLayerData(): LayerData {
	return getContext<LayerData | undefined>(KEY) ?? provideLayerData();
}
