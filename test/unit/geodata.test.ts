/**
 * The project's own geodata: every file parses, every feature follows its schema, and the
 * geometry is valid WGS84 (lon, lat) around Järva. Placement against the real districts is
 * checked in geodata-placement.test.ts.
 */
import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { area, booleanValid, featureCollection, intersect, kinks, union } from '@turf/turf';
import type { Feature, Geometry, Polygon, Position } from 'geojson';
import { basemapProperties, DISTRICTS, PLACE_CATEGORIES, SPANGA_DISTRICTS } from '$lib/geo/schema';
import { LAYERS, PROPERTY_SCHEMAS } from '$lib/layers/catalog';
import { listGeodataFiles, readFeatures, readGeodata } from './helpers/geodata';

const layerFiles = listGeodataFiles('layers');
const basemapFiles = listGeodataFiles('basemap');
const allFiles = [...layerFiles, ...basemapFiles];

const LON: [number, number] = [17.8, 18.1];
const LAT: [number, number] = [59.3, 59.5];

/** Which geometries a basemap feature of each kind may have. */
const KIND_GEOMETRIES: Record<string, readonly Geometry['type'][]> = {
	water: ['Polygon', 'MultiPolygon'],
	green: ['Polygon', 'MultiPolygon'],
	stream: ['LineString', 'MultiLineString'],
	'metro-line': ['LineString', 'MultiLineString'],
	railway: ['LineString', 'MultiLineString'],
	motorway: ['LineString', 'MultiLineString'],
	'main-road': ['LineString', 'MultiLineString'],
	'metro-station': ['Point'],
	'place-label': ['Point']
};

const idOf = (feature: Feature) => String(feature.properties?.id ?? '(no id)');

/** Every schema problem of one feature, as `file id: properties.key: message`. */
function schemaProblems(file: string, feature: Feature, schema: v.GenericSchema): string[] {
	const result = v.safeParse(schema, feature.properties);
	if (result.success) return [];
	return result.issues.map((issue) => `${file} ${idOf(feature)}: properties.${v.getDotPath(issue) ?? ''}: ${issue.message}`);
}

function positionsOf(geometry: Geometry): Position[] {
	switch (geometry.type) {
		case 'Point':
			return [geometry.coordinates];
		case 'MultiPoint':
		case 'LineString':
			return geometry.coordinates;
		case 'MultiLineString':
		case 'Polygon':
			return geometry.coordinates.flat();
		case 'MultiPolygon':
			return geometry.coordinates.flat(2);
		case 'GeometryCollection':
			return geometry.geometries.flatMap(positionsOf);
	}
}

function polygonsOf(geometry: Geometry): Position[][][] {
	if (geometry.type === 'Polygon') return [geometry.coordinates];
	if (geometry.type === 'MultiPolygon') return geometry.coordinates;
	return [];
}

const everyFeature = () =>
	allFiles.flatMap((file) => readGeodata(file).features.map((feature) => ({ file, feature })));

describe('geodata files', () => {
	it.each(allFiles)('%s is a FeatureCollection of Features with geometries', (file) => {
		const collection = readGeodata(file);

		expect(collection.type).toBe('FeatureCollection');
		expect(collection.features.length).toBeGreaterThan(0);
		for (const feature of collection.features) {
			expect(feature.type, `${file} ${idOf(feature)}`).toBe('Feature');
			expect(feature.geometry?.type, `${file} ${idOf(feature)}`).toBeTypeOf('string');
		}
	});

	it('holds exactly one file per catalog layer', () => {
		expect(layerFiles).toEqual(LAYERS.map((layer) => `layers/${layer.id}.geojson`).sort());
	});

	it('layer features follow their layer schema and geometry type', () => {
		const problems = LAYERS.flatMap((layer) => {
			const file = `layers/${layer.id}.geojson`;
			return readGeodata(file).features.flatMap((feature) => [
				...schemaProblems(file, feature, PROPERTY_SCHEMAS[layer.kind]),
				...(feature.geometry.type === layer.geometry
					? []
					: [`${file} ${idOf(feature)}: geometry is ${feature.geometry.type}, the catalog says ${layer.geometry}`]),
				...(layer.year === null || feature.properties?.year === undefined || feature.properties.year === layer.year
					? []
					: [`${file} ${idOf(feature)}: year ${feature.properties.year}, the layer is ${layer.year}`])
			]);
		});

		expect(problems).toEqual([]);
	});

	it('basemap features follow basemapProperties with a geometry that fits their kind', () => {
		const problems = basemapFiles.flatMap((file) =>
			readGeodata(file).features.flatMap((feature) => {
				const allowed = KIND_GEOMETRIES[String(feature.properties?.kind)] ?? [];
				return [
					...schemaProblems(file, feature, basemapProperties),
					...(allowed.includes(feature.geometry.type)
						? []
						: [`${file} ${idOf(feature)}: a ${feature.properties?.kind} must not be a ${feature.geometry.type}`])
				];
			})
		);

		expect(problems).toEqual([]);
	});

	it('basemap features are the team’s own schematic drawing, not examples', () => {
		const wrong = basemapFiles.flatMap((file) =>
			readGeodata(file)
				.features.filter((feature) => feature.properties?.precision !== 'schematic' || feature.properties?.example !== false)
				.map((feature) => `${file} ${idOf(feature)}`)
		);

		expect(wrong).toEqual([]);
	});

	it('gives every layer feature its licence', () => {
		const missing = layerFiles.flatMap((file) =>
			readGeodata(file)
				.features.filter((feature) => typeof feature.properties?.licence !== 'string' || feature.properties.licence.length < 2)
				.map((feature) => `${file} ${idOf(feature)}`)
		);

		expect(missing).toEqual([]);
	});

	it('uses every id only once across all geodata', () => {
		const seen = new Map<string, string>();
		const duplicates: string[] = [];
		for (const { file, feature } of everyFeature()) {
			const id = idOf(feature);
			const earlier = seen.get(id);
			if (earlier) duplicates.push(`${id} in ${file} and ${earlier}`);
			else seen.set(id, file);
		}

		expect(duplicates).toEqual([]);
	});

	it('has WGS84 (lon, lat) coordinates around Järva, rounded to at most 5 decimals', () => {
		const problems: string[] = [];
		for (const { file, feature } of everyFeature()) {
			for (const position of positionsOf(feature.geometry)) {
				const [lon = NaN, lat = NaN] = position;
				const where = `${file} ${idOf(feature)}: [${position.join(', ')}]`;
				if (position.length !== 2) problems.push(`${where} must have exactly lon and lat`);
				if (!(lon >= LON[0] && lon <= LON[1] && lat >= LAT[0] && lat <= LAT[1])) {
					problems.push(`${where} is not lon ${LON.join('–')}, lat ${LAT.join('–')}`);
				}
				if (position.some((value) => Math.round(value * 1e5) / 1e5 !== value)) {
					problems.push(`${where} has more than 5 decimals`);
				}
			}
		}

		expect(problems).toEqual([]);
	});

	it('has polygons with closed rings of at least 4 positions, valid and without self-intersections', () => {
		const problems: string[] = [];
		for (const { file, feature } of everyFeature()) {
			const where = `${file} ${idOf(feature)}`;
			for (const polygon of polygonsOf(feature.geometry)) {
				for (const ring of polygon) {
					const first = ring[0];
					const last = ring.at(-1);
					if (ring.length < 4) problems.push(`${where}: a ring has ${ring.length} positions, needs at least 4`);
					if (!first || !last || first[0] !== last[0] || first[1] !== last[1]) {
						problems.push(`${where}: a ring is not closed`);
					}
				}
				const single: Feature<Polygon> = { type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: polygon } };
				const crossings = kinks(single).features.length;
				if (crossings > 0) problems.push(`${where}: ${crossings} self-intersection(s)`);
				if (!booleanValid(single)) problems.push(`${where}: not a valid polygon (booleanValid)`);
			}
		}

		expect(problems).toEqual([]);
	});
});

describe('geodata content', () => {
	it('has the eleven districts of Järva, each once, with Spånga marked', () => {
		const districts = readFeatures<Polygon>('layers/stadsdelar.geojson', 'Polygon');

		expect(districts.map((feature) => feature.properties?.name).sort()).toEqual([...DISTRICTS].sort());
		for (const feature of districts) {
			const name = feature.properties?.name;
			expect(feature.properties?.part, name).toBe(SPANGA_DISTRICTS.includes(name) ? 'Spånga' : 'Järva');
		}
	});

	it('has the districts edge to edge: no overlaps, and gaps only the slivers of the city’s simplified file', () => {
		const districts = readFeatures<Polygon>('layers/stadsdelar.geojson', 'Polygon');
		const merged = union(featureCollection(districts));
		const total = districts.reduce((sum, feature) => sum + area(feature), 0);
		const [, ...holes] = (merged?.geometry as Polygon).coordinates;
		const holeAreas = holes.map((ring) => area({ type: 'Polygon', coordinates: [ring] }));

		expect(merged?.geometry.type).toBe('Polygon');
		// Overlaps would make the sum of the parts larger than the whole.
		expect(Math.abs(total - area(merged!)) / total).toBeLessThan(0.001);
		// The CC0 file was simplified per district, which leaves slivers along shared borders
		// (the largest about 950 m², 0.003 % of Järva): no real gap between neighbours.
		expect(Math.max(0, ...holeAreas)).toBeLessThan(1000);
	});

	it('draws classified areas that do not overlap each other', () => {
		const areas = readFeatures<Polygon>('layers/omradesklassning.geojson', 'Polygon');
		const overlaps = areas.flatMap((a, i) =>
			areas.slice(i + 1).flatMap((b) => {
				const common = intersect(featureCollection([a, b]));
				return common && area(common) > 1 ? [`${idOf(a)} and ${idOf(b)}: ${Math.round(area(common))} m²`] : [];
			})
		);

		expect(overlaps).toEqual([]);
	});

	it('has the seven drug scenes of 2021, drawn as ovals', () => {
		const scenes = readFeatures<Polygon>('layers/drogscener-2021.geojson', 'Polygon');

		expect(scenes).toHaveLength(7);
		expect(scenes.map((feature) => feature.properties?.name).sort()).toEqual(
			[
				'Dragongränd, Ärvinge',
				'Hjulsta C',
				'Husby C',
				'Kista C/Busstorg och tunnelbanestation',
				'Risingeplan',
				'Skolområde/Hällbybacken, Rinkeby',
				'Tenstagången/Tensta C'
			].sort()
		);
		expect(new Set(scenes.map((feature) => feature.properties?.drawing))).toEqual(new Set(['oval']));
	});

	it('has the six drug scenes of 2023 as listed in the lägesbild, drawn as outlines', () => {
		const scenes = readFeatures<Polygon>('layers/drogscener-2023.geojson', 'Polygon');

		expect(scenes).toHaveLength(6);
		expect(scenes.map((feature) => feature.properties?.name).sort()).toEqual(
			[
				'Dragongränd, Ärvinge',
				'Kista C/Busstorg och tunnelbanestation',
				'Skolområde/Hällbybacken, Rinkeby',
				'Tenstagången/Tensta C',
				'Nordkapsgatan, Husby',
				'Sibeliusgången/Borgågatan'
			].sort()
		);
		expect(new Set(scenes.map((feature) => feature.properties?.drawing))).toEqual(new Set(['outline']));
	});

	it('has the police classification of 2023 as the lägesbild gives it', () => {
		const areas = readFeatures<Polygon>('layers/omradesklassning.geojson', 'Polygon');
		const classOf = (district: string) =>
			[...new Set(areas.filter((area) => area.properties?.districts.includes(district)).map((area) => area.properties?.areaClass))];

		expect(classOf('Rinkeby')).toEqual(['especially-vulnerable']);
		expect(classOf('Husby')).toEqual(['especially-vulnerable']);
		expect(classOf('Akalla')).toEqual(['vulnerable']);
		expect(classOf('Kista')).toEqual(['vulnerable']);
		expect(classOf('Tensta').sort()).toEqual(['especially-vulnerable', 'risk-area']);
		expect(areas.find((area) => area.properties?.areaClass === 'risk-area')?.properties?.name).toBe('Hjulsta');
	});

	it('has 20–30 insecure places, all marked as examples, over every district and category', () => {
		const places = readFeatures('layers/otrygga-platser.geojson', 'Point');

		expect(places.length).toBeGreaterThanOrEqual(20);
		expect(places.length).toBeLessThanOrEqual(30);
		expect(places.filter((place) => place.properties?.example !== true).map(idOf)).toEqual([]);
		expect(new Set(places.map((place) => place.properties?.district))).toEqual(new Set(DISTRICTS));
		expect(new Set(places.map((place) => place.properties?.category))).toEqual(new Set(PLACE_CATEGORIES));
	});
});
