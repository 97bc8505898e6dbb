/**
 * Which basemap the maps draw, as the server tells the page (a `<meta>` in every page, filled by
 * hooks.server.ts from the settings): the embedded Järva archive, a deployment's own
 * Protomaps-schema archive (LAGESKARTA_BASEMAP), or a raster tile service
 * (LAGESKARTA_BASEMAP_RASTER). Shared by server and browser; no I/O here.
 */

/** The embedded archive built by `npm run geodata` (public, in static/). */
export const EMBEDDED_BASEMAP_PATH = '/basemap/jarva.pmtiles';
/** Where the app serves a deployment's own archive (with Range requests). */
export const DEPLOYMENT_BASEMAP_PATH = '/basemap/omrade.pmtiles';

export const EMBEDDED_ATTRIBUTION =
	'© OpenStreetMap-bidragsgivare (ODbL) · Stockholms stad (CC0) · Lägeskartan (schematiskt)';

export type BasemapConfig =
	/** The embedded archive: street data only inside the coverage outline, which the map shows. */
	| { kind: 'embedded'; url: string; attribution: string }
	/** A deployment's own Protomaps-schema archive, served by the app. */
	| { kind: 'deployment'; url: string; attribution: string }
	/** Raster tiles from the deployment's GIS: the one case where the browser talks to another host. */
	| { kind: 'raster'; tiles: string[]; attribution: string; tileSize: number; maxzoom: number };

export const EMBEDDED_BASEMAP: BasemapConfig = { kind: 'embedded', url: EMBEDDED_BASEMAP_PATH, attribution: EMBEDDED_ATTRIBUTION };

export const BASEMAP_META = 'lageskartan-basemap';

/** The config in the page's `<meta name="lageskartan-basemap">`; the embedded basemap when there is none. */
export function readBasemapConfig(doc: Document | undefined = typeof document === 'undefined' ? undefined : document): BasemapConfig {
	const content = doc?.querySelector(`meta[name="${BASEMAP_META}"]`)?.getAttribute('content');
	if (!content || content.startsWith('%')) return EMBEDDED_BASEMAP;
	try {
		return JSON.parse(content) as BasemapConfig;
	} catch {
		return EMBEDDED_BASEMAP;
	}
}
