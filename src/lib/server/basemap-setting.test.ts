import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildBasemap } from '$lib/geo/basemap-build';
import { EMBEDDED_BASEMAP } from '$lib/map/basemap-config';
import { readBasemapSetting, withRasterOrigin } from './basemap-setting';

const folder = mkdtempSync(join(tmpdir(), 'basemap-setting-'));
const line = { type: 'Feature' as const, properties: { kind: 'minor_road', min_zoom: 12 }, geometry: { type: 'LineString' as const, coordinates: [[17.92, 59.41], [17.93, 59.41]] } };
const layer = (...features: (typeof line)[]) => ({ type: 'FeatureCollection' as const, features });

describe('the basemap settings', () => {
	it('without settings the embedded archive is used', async () => {
		expect(await readBasemapSetting({})).toEqual({ config: EMBEDDED_BASEMAP, file: null, rasterOrigin: null });
	});

	it('a Protomaps-schema archive is served at a versioned address with its own attribution', async () => {
		const path = join(folder, 'omrade.pmtiles');
		writeFileSync(path, buildBasemap({ earth: layer(line), roads: layer(line), water: layer(line) }, { attribution: '© OpenStreetMap (utdrag)' }));
		const setting = await readBasemapSetting({ LAGESKARTA_BASEMAP: path });
		expect(setting.config).toMatchObject({ kind: 'deployment', url: expect.stringMatching(/^\/basemap\/omrade\.pmtiles\?v=[0-9a-f]+-[0-9a-f]+$/), attribution: '© OpenStreetMap (utdrag)' });
		expect(setting.file).toMatchObject({ path, etag: expect.stringMatching(/^"[0-9a-f]+-[0-9a-f]+"$/) });
		expect(setting.rasterOrigin).toBeNull();
	});

	it('a WMTS REST template becomes {z}/{x}/{y}, and its origin the one the CSP allows', async () => {
		const setting = await readBasemapSetting({
			LAGESKARTA_BASEMAP_RASTER: 'https://karta.example.se/wmts/1.0.0/karta/default/3857/{TileMatrix}/{TileRow}/{TileCol}.png',
			LAGESKARTA_BASEMAP_ATTRIBUTION: '© Stockholms stad'
		});
		expect(setting.config).toMatchObject({ kind: 'raster', tiles: ['https://karta.example.se/wmts/1.0.0/karta/default/3857/{z}/{y}/{x}.png'], attribution: '© Stockholms stad' });
		expect(setting.rasterOrigin).toBe('https://karta.example.se');
	});

	it('both an archive and a raster, or an attribution alone, is refused naming the settings', async () => {
		await expect(readBasemapSetting({ LAGESKARTA_BASEMAP: '/x.pmtiles', LAGESKARTA_BASEMAP_RASTER: 'https://a/{z}/{x}/{y}' })).rejects.toThrow(/LAGESKARTA_BASEMAP och LAGESKARTA_BASEMAP_RASTER: ange den ena/);
		await expect(readBasemapSetting({ LAGESKARTA_BASEMAP_ATTRIBUTION: '© x' })).rejects.toThrow(/^LAGESKARTA_BASEMAP_ATTRIBUTION: gäller bara/);
	});

	it('the CSP gets the raster origin in img-src and connect-src only', () => {
		const policy = "default-src 'self'; img-src 'self' data: blob:; connect-src 'self'; script-src 'self'";
		expect(withRasterOrigin(policy, 'https://karta.example.se')).toBe(
			"default-src 'self'; img-src 'self' data: blob: https://karta.example.se; connect-src 'self' https://karta.example.se; script-src 'self'"
		);
	});
});
