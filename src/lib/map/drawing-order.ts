import type { LayerSummary } from '$lib/layers/catalog';

const KIND_ORDER = ['area', 'area-class', 'drug-scene', 'district', 'insecure-place'];

/** Bottom to top: classification areas, scenes (older years below), district lines, places. */
export function drawingOrder(layers: readonly LayerSummary[]): LayerSummary[] {
	return [...layers].sort(
		(a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || (a.year ?? 0) - (b.year ?? 0)
	);
}
