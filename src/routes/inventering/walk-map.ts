/**
 * The map style every safety-walk page uses: the app's offline basemap with its shipped fonts
 * (absolute URLs, as the pmtiles protocol and MapLibre's worker need).
 */
import fontUrl from '@fontsource/noto-sans/files/noto-sans-latin-400-normal.woff2?url';
import fontBoldUrl from '@fontsource/noto-sans/files/noto-sans-latin-700-normal.woff2?url';
import type { StyleSpecification } from 'maplibre-gl';
import { basemapStyle } from '$lib/map/style';

export const BASEMAP_PATH = '/basemap/jarva.pmtiles';

export function walkStyle(): StyleSpecification {
	const absolute = (path: string) => new URL(path, window.location.href).href;
	return basemapStyle({ pmtilesUrl: absolute(BASEMAP_PATH), fontUrl: absolute(fontUrl), fontBoldUrl: absolute(fontBoldUrl) });
}
