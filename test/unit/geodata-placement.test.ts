/**
 * Hand-drawn geodata against the real districts (Stockholm stad's CC0 stadsdelar, read from
 * ../shared/data, never copied): everything lies in the district it names, and the drug scenes
 * keep the relations between 2021 and 2023 that the lägesbild describes.
 */
import { describe, expect, it } from 'vitest';
import {
	area,
	bearing,
	booleanIntersects,
	booleanPointInPolygon,
	centroid,
	distance,
	featureCollection,
	intersect,
	pointToLineDistance,
	pointToPolygonDistance
} from '@turf/turf';
import type { Feature, LineString, MultiPolygon, Point, Polygon } from 'geojson';
import { loadReferenceDistricts, readFeatures } from './helpers/geodata';

type Area = Feature<Polygon | MultiPolygon>;

const reference = loadReferenceDistricts();
const districts = readFeatures<Polygon>('layers/stadsdelar.geojson', 'Polygon');
const scenes2021 = readFeatures<Polygon>('layers/drogscener-2021.geojson', 'Polygon');
const scenes2023 = readFeatures<Polygon>('layers/drogscener-2023.geojson', 'Polygon');
const areaClasses = readFeatures<Polygon>('layers/omradesklassning.geojson', 'Polygon');
const places = readFeatures<Point>('layers/otrygga-platser.geojson', 'Point');
const stations = readFeatures<Point>('basemap/stations.geojson', 'Point');
const osmWays = readFeatures<LineString>('osm/ways.geojson', 'LineString');

const nameOf = (feature: Feature) => String(feature.properties?.name);

function realDistrict(name: string): Area {
	const feature = reference.get(name.toLocaleUpperCase('sv'));
	if (!feature) throw new Error(`No district named ${name.toLocaleUpperCase('sv')} in the reference file`);
	return feature;
}

function ownDistrict(name: string): Feature<Polygon> {
	const feature = districts.find((district) => nameOf(district) === name);
	if (!feature) throw new Error(`No district named ${name} in geodata/layers/stadsdelar.geojson`);
	return feature;
}

/** Share of `inner`'s area that lies inside `outer`, 0–1. */
function shareInside(inner: Area, outer: Area): number {
	const common = intersect(featureCollection<Polygon | MultiPolygon>([inner, outer]));
	return common ? area(common) / area(inner) : 0;
}

function scene(scenes: Feature<Polygon>[], name: string): Feature<Polygon> {
	const found = scenes.find((feature) => nameOf(feature) === name);
	if (!found) throw new Error(`No drug scene named ${name}`);
	return found;
}

const CEASED = ['Hjulsta C', 'Husby C', 'Risingeplan'];
const NEW = ['Nordkapsgatan, Husby', 'Sibeliusgången/Borgågatan'];

describe('placement against the real districts', () => {
	it.each(districts.map(nameOf))('the drawn district %s has its centroid in the real one and mostly covers it', (name) => {
		const own = ownDistrict(name);
		const real = realDistrict(name);

		expect(booleanPointInPolygon(centroid(own), real)).toBe(true);
		expect(shareInside(own, real)).toBeGreaterThan(0.85);
		expect(shareInside(real, own)).toBeGreaterThan(0.85);
	});

	it.each([...scenes2021, ...scenes2023].map((feature) => [feature.properties?.id, feature] as const))(
		'drug scene %s lies in the district it names',
		(_, feature) => {
			const real = realDistrict(String(feature.properties?.district));

			expect(booleanPointInPolygon(centroid(feature), real)).toBe(true);
			expect(shareInside(feature, real)).toBeGreaterThanOrEqual(0.8);
			expect(shareInside(feature, ownDistrict(String(feature.properties?.district)))).toBeGreaterThanOrEqual(0.8);
		}
	);

	it.each(areaClasses.map((feature) => [feature.properties?.id, feature] as const))(
		'classified area %s lies inside its districts',
		(_, feature) => {
			const names: string[] = feature.properties?.districts ?? [];
			const inReal = names.reduce((sum, name) => sum + shareInside(feature, realDistrict(name)), 0);
			const inOwn = names.reduce((sum, name) => sum + shareInside(feature, ownDistrict(name)), 0);

			expect(inReal).toBeGreaterThanOrEqual(0.9);
			expect(inOwn).toBeGreaterThanOrEqual(0.99);
		}
	);

	it('puts every insecure place in the district it names', () => {
		const misplaced = places
			.filter((place) => {
				const name = String(place.properties?.district);
				return !booleanPointInPolygon(place, realDistrict(name)) || !booleanPointInPolygon(place, ownDistrict(name));
			})
			.map((place) => `${place.properties?.id} (${place.properties?.district})`);

		expect(misplaced).toEqual([]);
	});

	it('puts the metro stations of Järva in their districts (Hjulsta in Tensta)', () => {
		const expected: Record<string, string> = {
			Akalla: 'Akalla',
			Husby: 'Husby',
			Kista: 'Kista',
			Rinkeby: 'Rinkeby',
			Tensta: 'Tensta',
			Hjulsta: 'Tensta'
		};
		const misplaced = Object.entries(expected).filter(([station, district]) => {
			const found = stations.find((feature) => nameOf(feature) === station);
			return !found || !booleanPointInPolygon(found, realDistrict(district));
		});

		expect(misplaced).toEqual([]);
	});

	it('keeps Rissne and Hallonbergen outside Stockholm’s districts (they are in Sundbyberg)', () => {
		const inside = stations
			.filter((feature) => ['Rissne', 'Hallonbergen'].includes(nameOf(feature)))
			.filter((feature) => [...reference.values()].some((district) => booleanPointInPolygon(feature, district)))
			.map(nameOf);

		expect(inside).toEqual([]);
	});

	it('keeps insecure places at a mix of distances from the 2023 scenes', () => {
		// Inside a scene counts as 0 m (pointToPolygonDistance is negative there).
		const nearest = places.map((place) =>
			Math.max(0, Math.min(...scenes2023.map((feature) => pointToPolygonDistance(place, feature, { units: 'meters' }))))
		);

		expect(nearest.filter((metres) => metres < 200).length).toBeGreaterThanOrEqual(3);
		expect(nearest.filter((metres) => metres >= 200 && metres < 500).length).toBeGreaterThanOrEqual(3);
		expect(nearest.filter((metres) => metres >= 500).length).toBeGreaterThanOrEqual(8);
	});
});

describe('drug scenes 2021 and 2023', () => {
	it('names the ceased and the new scenes as the lägesbild does', () => {
		const names2021 = new Set(scenes2021.map(nameOf));
		const names2023 = new Set(scenes2023.map(nameOf));

		expect([...names2021].filter((name) => !names2023.has(name)).sort()).toEqual(CEASED);
		expect([...names2023].filter((name) => !names2021.has(name)).sort()).toEqual(NEW);
	});

	it.each(scenes2023.map(nameOf).filter((name) => !NEW.includes(name)))(
		'the persisting scene %s lies mostly inside its 2021 oval',
		(name) => {
			expect(shareInside(scene(scenes2023, name), scene(scenes2021, name))).toBeGreaterThanOrEqual(0.75);
		}
	);

	it.each(CEASED)('the ceased scene %s touches no 2023 scene', (name) => {
		const old = scene(scenes2021, name);

		expect(scenes2023.filter((feature) => booleanIntersects(old, feature)).map(nameOf)).toEqual([]);
	});

	it.each(NEW)('the new scene %s touches no 2021 scene', (name) => {
		const fresh = scene(scenes2023, name);

		expect(scenes2021.filter((feature) => booleanIntersects(fresh, feature)).map(nameOf)).toEqual([]);
	});

	it('puts Nordkapsgatan within 1000 m of Husby C', () => {
		const metres = distance(centroid(scene(scenes2021, 'Husby C')), centroid(scene(scenes2023, 'Nordkapsgatan, Husby')), {
			units: 'meters'
		});

		expect(metres).toBeLessThan(1000);
	});

	it.each([
		['Nordkapsgatan, Husby', ['Nordkapsgatan']],
		['Sibeliusgången/Borgågatan', ['Sibeliusgången', 'Borgågatan']],
		['Skolområde/Hällbybacken, Rinkeby', ['Hällbybacken']]
	])('the 2023 scene %s lies within 50 m of the OpenStreetMap way of its name', (name, streets) => {
		const drawn = scene(scenes2023, name);
		for (const street of streets) {
			const named = osmWays.filter((way) => way.properties?.name === street);
			expect(named.length, street).toBeGreaterThan(0);
			// Every corner of the scene near the street, and the street through the scene.
			const farthest = Math.max(
				...drawn.geometry.coordinates[0]!.map((corner) =>
					Math.min(...osmWays.filter((way) => streets.includes(String(way.properties?.name))).map((way) => pointToLineDistance(corner, way, { units: 'meters' })))
				)
			);
			expect(farthest, name).toBeLessThanOrEqual(50);
			expect(named.some((way) => booleanIntersects(way, drawn)), street).toBe(true);
		}
		expect(drawn.properties?.licence).toMatch(/ODbL/);
	});

	it('puts the real Nordkapsgatan about 460 m south-east of the Husby C oval’s centre', () => {
		const from = centroid(scene(scenes2021, 'Husby C'));
		const to = centroid(scene(scenes2023, 'Nordkapsgatan, Husby'));

		expect(distance(from, to, { units: 'meters' })).toBeGreaterThan(400);
		expect(distance(from, to, { units: 'meters' })).toBeLessThan(520);
		expect(bearing(from, to)).toBeGreaterThan(110);
		expect(bearing(from, to)).toBeLessThan(160);
	});

	it('draws the 2023 scenes smaller than the 2021 ovals of the same place', () => {
		const larger = scenes2023
			.filter((feature) => !NEW.includes(nameOf(feature)))
			.filter((feature) => area(feature) >= area(scene(scenes2021, nameOf(feature))))
			.map(nameOf);

		expect(larger).toEqual([]);
	});
});
