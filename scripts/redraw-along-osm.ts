/**
 * Redraws the demo data that names a street along that street's OpenStreetMap ways
 * (geodata/osm/ways.geojson) and writes the layer files back (one feature per line):
 *
 * - the 2023 drug scenes named after a street in the OSM data: a band along the named ways;
 * - the example insecure places on the way home ("Gångväg …") inside the street data: moved onto
 *   the nearest footway or path (they stay examples).
 *
 * Dragongränd, Tenstagången and Risingeplan are not in the OSM data and keep their drawing; 2021
 * stays ovals (that is how the lägesbild drew them). Run once after the OSM data changes:
 *
 *   npx tsx scripts/redraw-along-osm.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Feature, FeatureCollection, LineString, Point } from 'geojson';
import { booleanPointInPolygon } from '@turf/turf';
import { alongWays, snapToWays, waysNamed } from '../src/lib/geo/along-ways';
import { featureLines, OSM_LICENCE, OWN_LICENCE, streetCoverage } from '../src/lib/geo/official-sources';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const read = (file: string) => JSON.parse(readFileSync(join(root, 'geodata', file), 'utf8')) as FeatureCollection;
const ways = read('osm/ways.geojson');

/** Which 2023 scenes follow which OSM ways, and how wide the band is (metres either side). */
export const SCENE_STREETS: Record<string, { streets: string[]; width: number; precisionMeters: number }> = {
	'ds2023-nordkapsgatan': { streets: ['Nordkapsgatan'], width: 30, precisionMeters: 50 },
	'ds2023-sibeliusgangen-borgagatan': { streets: ['Sibeliusgången', 'Borgågatan'], width: 40, precisionMeters: 50 },
	'ds2023-hallbybacken': { streets: ['Hällbybacken'], width: 35, precisionMeters: 50 }
};

/** Sibeliusgången is 730 m long: the scene is where it meets Borgågatan, so only ways within this box. */
const SIBELIUS_EAST = 17.918;

function redrawScenes(): FeatureCollection {
	const scenes = read('layers/drogscener-2023.geojson');
	for (const scene of scenes.features) {
		const plan = SCENE_STREETS[String(scene.properties?.id)];
		if (!plan) {
			scene.properties = { ...scene.properties, licence: OWN_LICENCE };
			continue;
		}
		const named = waysNamed(ways, plan.streets).filter(
			(way) => way.properties?.name !== 'Sibeliusgången' || way.geometry.coordinates.every(([lon = 0]) => lon >= SIBELIUS_EAST)
		);
		scene.geometry = alongWays(named, plan.width);
		scene.properties = {
			...scene.properties,
			source:
				'Lägesbild Järva 2023, figur 2 (blå figurer, 2023) och listan över öppna drogscener, källa Samverkan Stockholmsregionen (SSR); ' +
				`ytan ritad längs OpenStreetMap-vägen ${plan.streets.join(' och ')} (© OpenStreetMap-bidragsgivare).`,
			precisionMeters: plan.precisionMeters,
			licence: OSM_LICENCE,
			note: [
				// Run again after new OSM data: the earlier sentence about the redrawing goes.
				String(scene.properties?.note ?? '').replace(/\s*Omritad längs OSM-vägen.*$/, ''),
				`Omritad längs OSM-vägen ${plan.streets.join('/')}, ±${plan.precisionMeters} m: ett band ${plan.width} m åt vardera sidan om gatan.`
			]
				.filter(Boolean)
				.join(' ')
		};
	}
	return scenes;
}

const FOOT_WAYS = ['footway', 'path', 'pedestrian', 'steps'];

function snapPlaces(): FeatureCollection {
	const places = read('layers/otrygga-platser.geojson');
	const coverage = streetCoverage(read('layers/stadsdelar.geojson'));
	const paths = ways.features.filter(
		(way): way is Feature<LineString> => way.geometry.type === 'LineString' && FOOT_WAYS.includes(String(way.properties?.highway))
	);
	for (const place of places.features as Feature<Point>[]) {
		const onTheWayHome = place.properties?.category === 'way-home';
		if (!onTheWayHome || !booleanPointInPolygon(place.geometry, coverage)) {
			place.properties = { ...place.properties, licence: OWN_LICENCE };
			continue;
		}
		const snapped = snapToWays(place.geometry.coordinates, paths);
		// Farther than the place's own uncertainty: no footpath of the data is the one it means.
		if (snapped.movedMeters > Number(place.properties?.precisionMeters ?? 100)) {
			place.properties = { ...place.properties, licence: OWN_LICENCE };
			continue;
		}
		const wayName = snapped.way.properties?.name ? ` (${snapped.way.properties.name})` : '';
		place.geometry = { type: 'Point', coordinates: snapped.position };
		place.properties = {
			...place.properties,
			source:
				'Kategori ur Lägesbild Järva 2023, figur 8 (stadens trygghetsmätning 2023); platsen är ett påhittat exempel, ' +
				`lagd på närmaste gångväg i OpenStreetMap${wayName} (© OpenStreetMap-bidragsgivare).`,
			licence: OSM_LICENCE
		};
		console.log(`${place.properties.id}: moved ${Math.round(snapped.movedMeters)} m onto OSM way ${snapped.way.properties?.osm_id}${wayName}`);
	}
	return places;
}

writeFileSync(join(root, 'geodata/layers/drogscener-2023.geojson'), featureLines(redrawScenes()));
writeFileSync(join(root, 'geodata/layers/otrygga-platser.geojson'), featureLines(snapPlaces()));
for (const file of ['drogscener-2021', 'omradesklassning']) {
	const layer = read(`layers/${file}.geojson`);
	for (const feature of layer.features) feature.properties = { ...feature.properties, licence: OWN_LICENCE };
	writeFileSync(join(root, `geodata/layers/${file}.geojson`), featureLines(layer));
}
console.log('Redrawn: run npx vitest run test/unit/geodata*.test.ts, then the analysis goldens (REGEN=1).');
