/**
 * Seeded synthetic data for tests and the bench: scenes, a later year's scenes evolved from
 * them, insecure places and a grid of districts, spread over a square around Järva whose side
 * grows with the square root of the count (constant density, as a real city would have).
 * Not part of the analysis API.
 */
import type { Feature, FeatureCollection, Point, Polygon } from 'geojson';
import { localMetric } from '../local-metric';
import { JARVA } from './shapes';

/** mulberry32: a small, fast, seedable PRNG giving floats in [0, 1). */
export function prng(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** Metres between neighbouring scenes on average: sparse enough that tolerances rarely chain scenes together. */
const SPACING = 450;
const metric = localMetric(JARVA);

export const sideFor = (count: number) => Math.sqrt(count) * SPACING;

/** A star-shaped blob of `vertices` points with radius `radius` ± 35 %. */
function blob(random: () => number, cx: number, cy: number, radius: number, vertices: number): [number, number][][] {
	const ring = Array.from({ length: vertices }, (_, k) => {
		const t = (2 * Math.PI * k) / vertices;
		const r = radius * (0.65 + 0.7 * random());
		return metric.unproject([cx + r * Math.cos(t), cy + r * Math.sin(t)]);
	});
	return [[...ring, ring[0]!]];
}

function sceneFeature(id: string, year: number, ring: [number, number][][], oval: boolean): Feature<Polygon> {
	return {
		type: 'Feature',
		properties: {
			id,
			name: id,
			source: 'syntetisk',
			precision: 'approximate',
			precisionMeters: oval ? 40 : 20,
			example: true,
			year,
			district: 'Husby',
			drawing: oval ? 'oval' : 'outline'
		},
		geometry: { type: 'Polygon', coordinates: ring }
	};
}

/** `count` oval scenes of `year` (16 vertices, radius 20–45 m ± 35 %, precision 40 m). */
export function syntheticScenes(count: number, seed: number, year = 2021): FeatureCollection<Polygon> {
	const random = prng(seed);
	const side = sideFor(count);
	return {
		type: 'FeatureCollection',
		features: Array.from({ length: count }, (_, i) => {
			const [x, y] = [(random() - 0.5) * side, (random() - 0.5) * side];
			return sceneFeature(`s${year}-${i}`, year, blob(random, x, y, 20 + 25 * random(), 16), true);
		})
	};
}

/**
 * A later year: each scene persists with probability `persist` (redrawn as an outline, precision
 * 20 m, up to 40 m away), and as many new scenes as ceased appear at random.
 */
export function evolveScenes(from: FeatureCollection<Polygon>, seed: number, year = 2023, persist = 0.6): FeatureCollection<Polygon> {
	const random = prng(seed);
	const side = sideFor(from.features.length);
	const features: Feature<Polygon>[] = [];
	let ceased = 0;
	from.features.forEach((f, i) => {
		if (random() >= persist) {
			ceased += 1;
			return;
		}
		const ring = f.geometry.coordinates[0]!;
		const [cx, cy] = ring.slice(0, -1).reduce((s, p) => {
			const [x, y] = metric.project(p);
			return [s[0]! + x / (ring.length - 1), s[1]! + y / (ring.length - 1)];
		}, [0, 0]);
		const angle = 2 * Math.PI * random();
		const shift = 40 * random();
		const at = [cx! + shift * Math.cos(angle), cy! + shift * Math.sin(angle)] as const;
		features.push(sceneFeature(`s${year}-p${i}`, year, blob(random, at[0], at[1], 15 + 20 * random(), 10), false));
	});
	for (let k = 0; k < ceased; k++) {
		const [x, y] = [(random() - 0.5) * side, (random() - 0.5) * side];
		features.push(sceneFeature(`s${year}-n${k}`, year, blob(random, x, y, 15 + 20 * random(), 10), false));
	}
	return { type: 'FeatureCollection', features };
}

const CATEGORIES = ['way-home', 'parking', 'garage', 'stairwell-refuse-room'];
const DISTRICTS = ['Akalla', 'Husby', 'Kista', 'Rinkeby', 'Tensta'];

/** `count` places spread over the square of `sceneCount` scenes, with district and category. */
export function syntheticPlaces(count: number, sceneCount: number, seed: number): FeatureCollection<Point> {
	const random = prng(seed);
	const side = sideFor(sceneCount) * 1.1;
	return {
		type: 'FeatureCollection',
		features: Array.from({ length: count }, (_, i) => ({
			type: 'Feature',
			properties: {
				id: `p${i}`,
				name: `plats ${i}`,
				category: CATEGORIES[Math.floor(random() * CATEGORIES.length)]!,
				district: DISTRICTS[Math.floor(random() * DISTRICTS.length)]!
			},
			geometry: { type: 'Point', coordinates: metric.unproject([(random() - 0.5) * side, (random() - 0.5) * side]) }
		}))
	};
}

/** A `cells` × `cells` grid of square districts covering the square of `sceneCount` scenes. */
export function syntheticDistricts(cells: number, sceneCount: number): FeatureCollection<Polygon> {
	const side = sideFor(sceneCount) * 1.1;
	const step = side / cells;
	const features: Feature<Polygon>[] = [];
	for (let i = 0; i < cells; i++) {
		for (let j = 0; j < cells; j++) {
			const [x0, y0] = [-side / 2 + i * step, -side / 2 + j * step];
			const corners = [[x0, y0], [x0 + step, y0], [x0 + step, y0 + step], [x0, y0 + step], [x0, y0]];
			features.push({
				type: 'Feature',
				properties: { id: `d${i}-${j}`, name: `Distrikt ${i}-${j}` },
				geometry: { type: 'Polygon', coordinates: [corners.map((c) => metric.unproject(c))] }
			});
		}
	}
	return { type: 'FeatureCollection', features };
}
