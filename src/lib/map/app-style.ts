/**
 * The basemap style of this page (browser only): the basemap the server names in the page's meta
 * tag, with the shipped Noto Sans files. Every map (map page, meeting, protocol, planner, field,
 * measures) starts from this.
 */
import regular from '@fontsource/noto-sans/files/noto-sans-latin-400-normal.woff2?url';
import medium from '@fontsource/noto-sans/files/noto-sans-latin-500-normal.woff2?url';
import italic from '@fontsource/noto-sans/files/noto-sans-latin-400-italic.woff2?url';
import bold from '@fontsource/noto-sans/files/noto-sans-latin-700-normal.woff2?url';
import type { StyleSpecification } from 'maplibre-gl';
import { readBasemapConfig } from './basemap-config';
import { basemapStyle } from './style';

export function appBasemapStyle(): StyleSpecification {
	const absolute = (path: string) => new URL(path, window.location.href).href;
	return basemapStyle({
		basemap: readBasemapConfig(),
		fonts: { regular: absolute(regular), medium: absolute(medium), italic: absolute(italic), bold: absolute(bold) },
		origin: window.location.origin
	});
}
