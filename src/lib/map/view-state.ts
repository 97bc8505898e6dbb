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

/** The analysis' overlays a user can switch on and off, in panel order (their styles: analysis-style.ts). */
export const OVERLAYS = ['pilar', 'ellipser', 'ringar'] as const;
export type Overlay = (typeof OVERLAYS)[number];

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

/**
 * The meeting view's compare modes, as the URL names them: `overlagg` (both years on one map),
 * `svep` (two maps, the later year's clipped at a movable divider) and `sida` (two maps side by
 * side that move together).
 */
export const COMPARE_MODES = ['overlagg', 'svep', 'sida'] as const;
export type CompareMode = (typeof COMPARE_MODES)[number];

export interface Compare {
	mode: CompareMode;
	/** The earlier year (left), the later year (right). */
	from: number;
	to: number;
	/** Where the swipe divider stands, in per cent of the map's width from the left (5–95). */
	split: number;
}

/** The meeting view: the map's view plus how years are compared and which agenda item is open. */
export interface MeetingView {
	view: ViewState;
	compare: Compare | null;
	/** The agenda item's id, or null for the overview. */
	place: string | null;
}

const clampSplit = (n: number) => Math.min(95, Math.max(5, Math.round(n)));

/**
 * `jamfor=svep&arpar=2021-2023&delning=40`: a mode, two different years that exist (earlier
 * first; a missing or bad pair falls back to the two latest years) and the divider's place.
 */
export function parseCompare(params: URLSearchParams, years: readonly number[]): Compare | null {
	const mode = params.get('jamfor');
	if (!(COMPARE_MODES as readonly (string | null)[]).includes(mode)) return null;
	const match = /^(\d{4})-(\d{4})$/.exec(params.get('arpar') ?? '');
	let pair = match ? [Number(match[1]), Number(match[2])].sort((a, b) => a - b) : [];
	if (pair.length !== 2 || pair[0] === pair[1] || !pair.every((y) => years.includes(y))) {
		if (years.length < 2) return null;
		pair = years.slice(-2);
	}
	const split = Number(params.get('delning'));
	return { mode: mode as CompareMode, from: pair[0]!, to: pair[1]!, split: params.has('delning') && Number.isFinite(split) ? clampSplit(split) : 50 };
}

/** Writes the compare parameters (or removes them when nothing is compared); other params are kept. */
export function writeCompare(compare: Compare | null, params: URLSearchParams = new URLSearchParams()): URLSearchParams {
	if (!compare) {
		for (const name of ['jamfor', 'arpar', 'delning']) params.delete(name);
		return params;
	}
	params.set('jamfor', compare.mode);
	params.set('arpar', `${compare.from}-${compare.to}`);
	if (compare.mode === 'svep') params.set('delning', String(clampSplit(compare.split)));
	else params.delete('delning');
	return params;
}

/** Reads the whole meeting view from the URL; unknown values fall back as parseView's do. */
export function parseMeetingView(params: URLSearchParams, layers: readonly LayerDefinition[]): MeetingView {
	const place = params.get('plats');
	return { view: parseView(params, layers), compare: parseCompare(params, sceneYearsOf(layers)), place: place && /^[\w-]{1,80}$/.test(place) ? place : null };
}

/** Writes the whole meeting view into URL params. */
export function writeMeetingView(meeting: MeetingView, params: URLSearchParams = new URLSearchParams()): URLSearchParams {
	writeView(meeting.view, params);
	writeCompare(meeting.compare, params);
	if (meeting.place) params.set('plats', meeting.place);
	else params.delete('plats');
	return params;
}

/** A compare mode switched on (with the two latest years, or the pair already chosen) or, if it was on, off. */
export function toggleCompare(current: Compare | null, mode: CompareMode, years: readonly number[]): Compare | null {
	if (current?.mode === mode) return null;
	if (current) return { ...current, mode };
	if (years.length < 2) return null;
	return { mode, from: years[years.length - 2]!, to: years[years.length - 1]!, split: 50 };
}

/** The next pair of years to compare, cycling through every pair (earlier year first). */
export function nextYearPair(current: { from: number; to: number }, years: readonly number[]): { from: number; to: number } {
	const pairs = years.flatMap((from, i) => years.slice(i + 1).map((to) => ({ from, to })));
	if (pairs.length === 0) return current;
	const index = pairs.findIndex((p) => p.from === current.from && p.to === current.to);
	return pairs[(index + 1) % pairs.length]!;
}

/** Moves the swipe divider by `delta` per cent, within 5–95. */
export function moveSplit(compare: Compare, delta: number): Compare {
	return { ...compare, split: clampSplit(compare.split + delta) };
}
