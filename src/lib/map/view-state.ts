/**
 * A view of the map as a URL, so a link sent before a meeting opens the same picture:
 * `?lager=stadsdelar,drogscener&ar=2021,2023&karta=13.2/59.40100/17.92500[/bearing]`, and with the
 * analysis open `&analys=2021-2023&visa=pilar,ellipser,ringar`.
 *
 * Drug scenes are one toggle (`drogscener`) whose years are chosen with `ar`; every other layer
 * is toggled by its id. Unknown names and years in a URL are dropped, not errors: an old link
 * still opens.
 */
import type { LayerDefinition } from '$lib/layers/catalog';
import { OVERLAYS, type Overlay } from './analysis-style';

export const SCENES_TOGGLE = 'drogscener';

export interface Camera {
	center: [number, number];
	zoom: number;
	bearing: number;
}

export interface ViewState {
	/** Toggle ids that are on: layer ids, or `drogscener` for all drug-scene layers. */
	toggles: string[];
	/** Drug-scene years shown. */
	years: number[];
	camera: Camera | null;
	/** The year comparison shown in the analysis panel and on the map, or null when closed. */
	analysis: { from: number; to: number; overlays: Overlay[] } | null;
}

/** The toggles the layer panel offers, in panel order. */
export function togglesFor(layers: readonly LayerDefinition[]): string[] {
	const toggles: string[] = [];
	for (const layer of layers) {
		const toggle = layer.kind === 'drug-scene' ? SCENES_TOGGLE : layer.id;
		if (!toggles.includes(toggle)) toggles.push(toggle);
	}
	return toggles;
}

/** The drug-scene years present, ascending. */
export function sceneYearsOf(layers: readonly LayerDefinition[]): number[] {
	const years = layers.filter((l) => l.kind === 'drug-scene' && l.year !== null).map((l) => l.year!);
	return [...new Set(years)].sort((a, b) => a - b);
}

/** What a first visit shows: everything but the classification, the latest scene year. */
export function defaultView(layers: readonly LayerDefinition[]): ViewState {
	const years = sceneYearsOf(layers);
	return {
		toggles: togglesFor(layers).filter((t) => t !== 'omradesklassning'),
		years: years.length ? [years[years.length - 1]!] : [],
		camera: null,
		analysis: null
	};
}

/** Whether a data layer is drawn in a view. */
export function isLayerVisible(layer: LayerDefinition, view: ViewState): boolean {
	if (layer.kind === 'drug-scene') {
		return view.toggles.includes(SCENES_TOGGLE) && layer.year !== null && view.years.includes(layer.year);
	}
	return view.toggles.includes(layer.id);
}

function parseCamera(text: string | null): Camera | null {
	if (!text) return null;
	const parts = text.split('/').map(Number);
	const [zoom, lat, lon, bearing = 0] = parts;
	if (parts.length < 3 || parts.length > 4 || parts.some((n) => !Number.isFinite(n))) return null;
	if (zoom! < 0 || zoom! > 22 || Math.abs(lat!) > 85 || Math.abs(lon!) > 180) return null;
	return { center: [lon!, lat!], zoom: zoom!, bearing: ((bearing % 360) + 360) % 360 };
}

/** Reads a view from URL search params; anything missing comes from the default view. */
export function parseView(params: URLSearchParams, layers: readonly LayerDefinition[]): ViewState {
	const fallback = defaultView(layers);
	const known = togglesFor(layers);
	const years = sceneYearsOf(layers);
	const list = (name: string) =>
		params
			.get(name)
			?.split(',')
			.map((s) => s.trim())
			.filter(Boolean);
	const toggles = list('lager');
	const chosenYears = list('ar')?.map(Number).filter((y) => years.includes(y));
	return {
		toggles: toggles ? known.filter((t) => toggles.includes(t)) : fallback.toggles,
		years: chosenYears ? [...new Set(chosenYears)].sort((a, b) => a - b) : fallback.years,
		camera: parseCamera(params.get('karta')),
		analysis: parseAnalysis(params.get('analys'), list('visa'), years)
	};
}

/** `analys=2021-2023`: two different years that exist; anything else leaves the analysis closed. */
function parseAnalysis(text: string | null, shown: string[] | undefined, years: readonly number[]): ViewState['analysis'] {
	const match = /^(\d{4})-(\d{4})$/.exec(text ?? '');
	if (!match) return null;
	const [from, to] = [Number(match[1]), Number(match[2])];
	if (from === to || !years.includes(from) || !years.includes(to)) return null;
	const overlays = shown ? OVERLAYS.filter((o) => shown.includes(o)) : [...OVERLAYS];
	return { from, to, overlays };
}

/** The comparison the analysis opens with: the two latest years. */
export function defaultAnalysis(years: readonly number[]): ViewState['analysis'] {
	if (years.length < 2) return null;
	return { from: years[years.length - 2]!, to: years[years.length - 1]!, overlays: [...OVERLAYS] };
}

/** Writes a view into URL search params (other params are kept). */
export function writeView(view: ViewState, params: URLSearchParams = new URLSearchParams()): URLSearchParams {
	params.set('lager', view.toggles.join(','));
	params.set('ar', view.years.join(','));
	if (view.camera) {
		const { center, zoom, bearing } = view.camera;
		const parts = [zoom.toFixed(2), center[1].toFixed(5), center[0].toFixed(5)];
		if (Math.round(bearing) !== 0) parts.push(bearing.toFixed(0));
		params.set('karta', parts.join('/'));
	} else {
		params.delete('karta');
	}
	if (view.analysis) {
		params.set('analys', `${view.analysis.from}-${view.analysis.to}`);
		params.set('visa', view.analysis.overlays.join(','));
	} else {
		params.delete('analys');
		params.delete('visa');
	}
	return params;
}

/** The next year choice when cycling with the keyboard: each year alone, then all of them. */
export function nextYearChoice(current: readonly number[], years: readonly number[]): number[] {
	if (years.length === 0) return [];
	const choices: number[][] = [...years.map((y) => [y]), [...years]];
	const index = choices.findIndex(
		(c) => c.length === current.length && c.every((y) => current.includes(y))
	);
	return choices[(index + 1) % choices.length]!;
}
