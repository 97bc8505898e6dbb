/**
 * What the meeting's legend shows, for the page and for the exported picture alike: one group
 * per visible layer (generated from the same looks as the map, see $lib/map/looks) and the
 * notes a reader of the picture needs.
 */
import type { LayerSummary } from '$lib/layers/catalog';
import { legendFor, type LegendEntry } from '$lib/map/looks';
import type { Compare } from '$lib/map/view-state';

export interface LegendGroup {
	layerId: string;
	entries: LegendEntry[];
}

export function legendGroups(layers: readonly LayerSummary[], sceneYears: readonly number[], visible: (layer: LayerSummary) => boolean): LegendGroup[] {
	return layers.filter(visible).map((layer) => ({ layerId: layer.id, entries: legendFor(layer, sceneYears) }));
}

/** The lines under the swatches: how years are told apart, what is approximate, what is an example. */
export function legendNotes(layers: readonly LayerSummary[], compare: Compare | null): string[] {
	const notes: string[] = [];
	if (compare?.mode === 'svep') notes.push(`Svep: ${compare.from} till vänster om linjen, ${compare.to} till höger.`);
	if (compare?.mode === 'sida') notes.push(`Sida vid sida: ${compare.from} till vänster, ${compare.to} till höger.`);
	if (layers.some((l) => l.kind === 'drug-scene')) notes.push('Streckad och skrafferad yta = tidigare år (2021: cirklar/ovaler). Hel yta = senaste året.');
	if (layers.some((l) => l.approximate)) notes.push('Ungefärliga lägen – inte för mätning.');
	if (layers.some((l) => l.kind === 'insecure-place')) notes.push('Otrygga platser är påhittade exempel.');
	return notes;
}

/** "Källor: …" – each visible layer's source, once. */
export function sourceLines(layers: readonly LayerSummary[]): string[] {
	return [...new Set(layers.map((l) => `${l.title}: ${l.source}`))];
}
