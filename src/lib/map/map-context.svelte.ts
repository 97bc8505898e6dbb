/**
 * Shared map state for the components inside a <MapView>: the MapLibre map once its style has
 * loaded. Provided through Svelte context; a component used outside a MapView fails loudly.
 */
import { getContext, setContext } from 'svelte';
import type { Map as MapLibreMap } from 'maplibre-gl';

const KEY = Symbol('lageskartan-map');

export class MapContext {
	/** Raw: MapLibre's map must not be wrapped in a proxy. */
	map = $state.raw<MapLibreMap | null>(null);
}

export function provideMapContext(): MapContext {
	return setContext(KEY, new MapContext());
}

export function useMapContext(): MapContext {
	const context = getContext<MapContext | undefined>(KEY);
	if (!context) throw new Error('This component must be placed inside <MapView>.');
	return context;
}
