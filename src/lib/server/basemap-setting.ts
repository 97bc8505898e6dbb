/**
 * The basemap settings, read once at start; a bad one stops the server with a message naming it.
 *
 *   LAGESKARTA_BASEMAP=/path/area.pmtiles        a Protomaps-schema archive, served by the app at
 *                                                /basemap/omrade.pmtiles with Range requests
 *   LAGESKARTA_BASEMAP_RASTER=https://…/{z}/{x}/{y}.png   raster tiles (XYZ, or WMTS REST with
 *                                                {TileMatrix}/{TileRow}/{TileCol}) from the city's GIS
 *   LAGESKARTA_BASEMAP_ATTRIBUTION=…             the credit the map shows (required with a raster)
 *
 * Why public like the embedded archive: a basemap is map data anyone may see (OSM extracts, the
 * city's published maps); the service worker keeps its tiles for the field without a session.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { PMTiles, TileType, type RangeResponse, type Source } from 'pmtiles';
import { REQUIRED_PROTOMAPS_LAYERS } from '$lib/geo/protomaps-layers';
import { DEPLOYMENT_BASEMAP_PATH, EMBEDDED_BASEMAP, type BasemapConfig } from '$lib/map/basemap-config';

export class BasemapSettingError extends Error {}

/** A deployment's archive on disk: where it is and what identifies this version of it. */
export interface BasemapFile {
	path: string;
	size: number;
	etag: string;
}

export interface BasemapSetting {
	config: BasemapConfig;
	/** Set for LAGESKARTA_BASEMAP. */
	file: BasemapFile | null;
	/** The raster host's origin, which the CSP then allows for images (and nothing else). */
	rasterOrigin: string | null;
}

/** Reads a file's ranges for the pmtiles reader. */
class FileSource implements Source {
	constructor(private readonly path: string) {}
	getKey() {
		return this.path;
	}
	async getBytes(offset: number, length: number): Promise<RangeResponse> {
		const fd = openSync(this.path, 'r');
		try {
			const buffer = Buffer.alloc(length);
			const read = readSync(fd, buffer, 0, length, offset);
			return { data: buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + read) as ArrayBuffer };
		} finally {
			closeSync(fd);
		}
	}
}

const fail = (setting: string, message: string): never => {
	throw new BasemapSettingError(`${setting}: ${message}`);
};

async function checkArchive(path: string): Promise<{ file: BasemapFile; attribution: string | null }> {
	const setting = 'LAGESKARTA_BASEMAP';
	let stat;
	try {
		stat = statSync(path);
	} catch {
		return fail(setting, `filen ${path} finns inte (eller går inte att läsa). Ange sökvägen till en .pmtiles-fil.`);
	}
	if (!stat.isFile()) return fail(setting, `${path} är ingen fil. Ange sökvägen till en .pmtiles-fil.`);
	const magic = Buffer.from((await new FileSource(path).getBytes(0, 7)).data).toString('latin1');
	if (magic !== 'PMTiles') return fail(setting, `${path} är ingen PMTiles-fil (den börjar inte med "PMTiles").`);
	const archive = new PMTiles(new FileSource(path));
	let metadata: { vector_layers?: { id?: unknown }[]; attribution?: unknown };
	try {
		const header = await archive.getHeader();
		if (header.specVersion !== 3) return fail(setting, `${path} är PMTiles version ${header.specVersion}; appen läser version 3.`);
		if (header.tileType !== TileType.Mvt) {
			return fail(setting, `${path} har rasterplattor, inte vektorplattor i Protomaps-schemat. Använd LAGESKARTA_BASEMAP_RASTER för rasterplattor.`);
		}
		metadata = (await archive.getMetadata()) as typeof metadata;
	} catch (err) {
		if (err instanceof BasemapSettingError) throw err;
		return fail(setting, `${path} går inte att läsa som PMTiles (${err instanceof Error ? err.message : String(err)}).`);
	}
	const layers = (metadata.vector_layers ?? []).map((layer) => String(layer.id));
	const missing = REQUIRED_PROTOMAPS_LAYERS.filter((id) => !layers.includes(id));
	if (missing.length > 0) {
		return fail(
			setting,
			`${path} följer inte Protomaps-schemat: lagren ${missing.join(', ')} saknas (filen har ${layers.join(', ') || 'inga lager'}). ` +
				'Skär ut ett område ur en Protomaps-byggd karta med pmtiles extract (se README).'
		);
	}
	const attribution = typeof metadata.attribution === 'string' && metadata.attribution.trim() ? metadata.attribution : null;
	return { file: { path, size: stat.size, etag: `"${stat.size.toString(16)}-${Math.floor(stat.mtimeMs).toString(16)}"` }, attribution };
}

/** A raster tile template as MapLibre reads it ({z}/{x}/{y}); WMTS REST names are accepted too. */
function rasterTemplate(value: string): { template: string; origin: string } {
	const setting = 'LAGESKARTA_BASEMAP_RASTER';
	const template = value
		.trim()
		.replaceAll('{TileMatrix}', '{z}')
		.replaceAll('{TileCol}', '{x}')
		.replaceAll('{TileRow}', '{y}');
	let url: URL;
	try {
		url = new URL(template.replaceAll('{', '%7B').replaceAll('}', '%7D'));
	} catch {
		return fail(setting, `"${value}" är ingen webbadress. Exempel: https://karta.example.se/wmts/1.0.0/karta/default/3857/{z}/{y}/{x}.png`);
	}
	if (url.protocol !== 'https:' && url.protocol !== 'http:') return fail(setting, `"${value}" måste börja med https:// (eller http://).`);
	const absent = ['{z}', '{x}', '{y}'].filter((part) => !template.includes(part));
	if (absent.length > 0) return fail(setting, `"${value}" saknar ${absent.join(', ')} (eller {TileMatrix}, {TileCol}, {TileRow}).`);
	return { template, origin: url.origin };
}

/**
 * The basemap settings from the environment, checked. Throws BasemapSettingError naming the
 * setting when one is wrong.
 *
 * @example
 * await readBasemapSetting({ LAGESKARTA_BASEMAP: '/srv/karta/stockholm.pmtiles' });
 * // { config: { kind: 'deployment', url: '/basemap/omrade.pmtiles?v=…', … }, file: { … }, rasterOrigin: null }
 */
export async function readBasemapSetting(env: Record<string, string | undefined>): Promise<BasemapSetting> {
	const archive = env.LAGESKARTA_BASEMAP?.trim();
	const raster = env.LAGESKARTA_BASEMAP_RASTER?.trim();
	const attribution = env.LAGESKARTA_BASEMAP_ATTRIBUTION?.trim() || null;
	if (archive && raster) {
		fail('LAGESKARTA_BASEMAP och LAGESKARTA_BASEMAP_RASTER', 'ange den ena eller den andra, inte båda.');
	}
	if (raster) {
		const { template, origin } = rasterTemplate(raster);
		if (!attribution) {
			fail('LAGESKARTA_BASEMAP_ATTRIBUTION', 'måste anges med LAGESKARTA_BASEMAP_RASTER: kartans upphovsrätt ska synas på kartan (t.ex. "© Stockholms stad").');
		}
		return {
			config: { kind: 'raster', tiles: [template], attribution: attribution!, tileSize: 256, maxzoom: 19 },
			file: null,
			rasterOrigin: origin
		};
	}
	if (archive) {
		const checked = await checkArchive(archive);
		return {
			config: {
				kind: 'deployment',
				// The version in the address: a replaced file is a new address, never a mix of old and new ranges.
				url: `${DEPLOYMENT_BASEMAP_PATH}?v=${encodeURIComponent(checked.file.etag.replaceAll('"', ''))}`,
				attribution: attribution ?? checked.attribution ?? 'Baskarta: driftens egen (källa ej angiven i filen)'
			},
			file: checked.file,
			rasterOrigin: null
		};
	}
	if (attribution) fail('LAGESKARTA_BASEMAP_ATTRIBUTION', 'gäller bara med LAGESKARTA_BASEMAP eller LAGESKARTA_BASEMAP_RASTER.');
	return { config: EMBEDDED_BASEMAP, file: null, rasterOrigin: null };
}

/**
 * The CSP of svelte.config.js, with the raster basemap's host added where MapLibre loads tiles
 * (it fetches them: connect-src; img-src for the decoded images): that one host, nothing else.
 */
export function withRasterOrigin(policy: string, origin: string): string {
	return policy
		.split(';')
		.map((directive) => directive.trim())
		.map((directive) => (/^(img-src|connect-src)\s/.test(directive) ? `${directive} ${origin}` : directive))
		.join('; ');
}

let current: BasemapSetting = { config: EMBEDDED_BASEMAP, file: null, rasterOrigin: null };

/** The setting the server started with (startup.ts sets it). */
export const basemapSetting = () => current;
export function useBasemapSetting(setting: BasemapSetting): void {
	current = setting;
}
