/**
 * Runs the analysis library on the layers the layer service holds, and shapes the results for the
 * API (JSON, GeoJSON for the map, CSV rows). The analysis itself stays pure in $lib/analysis.
 */
import type { Feature, FeatureCollection, MultiPolygon, Point, Polygon } from 'geojson';
import { buffer, featureCollection, union } from '@turf/turf';
import {
	centrography,
	centreShift,
	compareScenes,
	comparisonToGeoJSON,
	districtSummary,
	placesNearScenes
} from '$lib/analysis';
import type { DistrictsReport, PlacesReport, ScenesReport } from '$lib/analysis-api';
import type { LayerReader } from './layer-service';
import { BadParamError, NotFoundError } from './errors';

const KIND_WORDS: Record<string, string> = { district: 'stadsdelar', 'drug-scene': 'drogscener', 'insecure-place': 'otrygga platser' };

type Areas = FeatureCollection<Polygon | MultiPolygon>;

/**
 * The drug-scene years the viewer's layers have, ascending.
 * @throws NotFoundError when there are none (an organisation that may not see the scenes).
 */
export function sceneYears(layers: LayerReader): number[] {
	const years = layers
		.list()
		.filter((l) => l.kind === 'drug-scene' && l.year !== null)
		.map((l) => l.year!)
		.sort((a, b) => a - b);
	if (years.length === 0) throw new NotFoundError('Det finns inga drogscener som ditt konto får se, så den här analysen går inte att göra.');
	return years;
}

function layerIdOfKind(layers: LayerReader, kind: string, year?: number): string {
	const layer = layers.list().find((l) => l.kind === kind && (year === undefined || l.year === year));
	if (!layer) throw new NotFoundError(`Analysen behöver ett lager av typen ${KIND_WORDS[kind] ?? kind}${year ? ` för ${year}` : ''} som ditt konto får se.`);
	return layer.id;
}

export function scenesOfYear(layers: LayerReader, year: number): Areas {
	return layers.features(layerIdOfKind(layers, 'drug-scene', year)) as Areas;
}

const districtsOf = (layers: LayerReader) => layers.features(layerIdOfKind(layers, 'district')) as Areas;
const placesOf = (layers: LayerReader) =>
	layers.features(layerIdOfKind(layers, 'insecure-place')) as FeatureCollection<Point>;

/** A small cache: layers change rarely, and every page load asks the same questions. */
const cache = new Map<string, unknown>();
function memo<T>(layers: LayerReader, key: string, compute: () => T): T {
	const etags = layers
		.list()
		.map((l) => layers.get(l.id).etag)
		.join();
	const full = `${key}|${etags}`;
	if (!cache.has(full)) {
		if (cache.size > 200) cache.clear();
		cache.set(full, compute());
	}
	return cache.get(full) as T;
}

export interface ScenesQuery {
	from: number;
	to: number;
	radius: number;
	tolerance: number | 'precision';
}

export function scenesReport(layers: LayerReader, query: ScenesQuery): ScenesReport {
	if (query.from === query.to) {
		throw new BadParamError('to', `from och to är båda ${query.from}: välj två olika år.`, sceneYears(layers));
	}
	return memo(layers, `scenes:${JSON.stringify(query)}`, () => {
		const from = scenesOfYear(layers, query.from);
		const to = scenesOfYear(layers, query.to);
		const comparison = compareScenes(from, to, {
			displacementRadius: query.radius,
			tolerance: query.tolerance,
			fromYear: query.from,
			toYear: query.to
		});
		// A year with no scenes yet (a layer just made for 2024) has no centre to speak of.
		const centres = {
			from: from.features.length ? centrography(from) : null,
			to: to.features.length ? centrography(to) : null
		};
		return {
			...comparison,
			options: { displacementRadius: query.radius, tolerance: query.tolerance },
			centrography: {
				...centres,
				shift: centres.from && centres.to ? centreShift(centres.from, centres.to) : null
			}
		};
	});
}

/** The comparison for the map: scenes, relation lines, centroids, mean centres and ellipses. */
export function scenesGeoJSON(layers: LayerReader, report: ScenesReport): FeatureCollection {
	const collection = comparisonToGeoJSON(
		report,
		scenesOfYear(layers, report.fromYear),
		scenesOfYear(layers, report.toYear)
	);
	for (const [side, year] of [
		['from', report.fromYear],
		['to', report.toYear]
	] as const) {
		const c = report.centrography[side];
		if (!c) continue;
		collection.features.push(
			{
				...c.ellipse,
				properties: { ...c.ellipse.properties, kind: 'ellipse', year, count: c.count }
			},
			{
				type: 'Feature',
				properties: { kind: 'mean-centre', year, standardDistance: c.standardDistance },
				geometry: { type: 'Point', coordinates: c.meanCenter }
			}
		);
	}
	return collection;
}

export function placesReport(layers: LayerReader, year: number, distances: number[]): PlacesReport {
	return memo(layers, `places:${year}:${distances}`, () => ({
		year,
		...placesNearScenes(placesOf(layers), scenesOfYear(layers, year), { distances })
	}));
}

/** Places with their distance, a line to the nearest scene, and one ring per distance. */
export function placesGeoJSON(
	layers: LayerReader,
	report: PlacesReport
): FeatureCollection {
	const places = placesOf(layers);
	const byId = new Map(report.places.map((p) => [p.id, p]));
	const features: Feature[] = [];
	for (const distance of report.within.map((w) => w.distance).sort((a, b) => b - a)) {
		features.push(...ringAround(scenesOfYear(layers, report.year), distance, report.year));
	}
	for (const place of places.features) {
		const near = byId.get(String(place.properties?.['id']));
		features.push({
			...place,
			properties: {
				...place.properties,
				kind: 'place',
				nearestScene: near?.nearest?.name ?? null,
				distance: near?.distance === null || near?.distance === undefined ? null : Math.round(near.distance)
			}
		});
		if (near?.nearestPoint && near.distance) {
			features.push({
				type: 'Feature',
				properties: { kind: 'nearest', place: near.id, distance: Math.round(near.distance) },
				geometry: { type: 'LineString', coordinates: [place.geometry.coordinates, near.nearestPoint] }
			});
		}
	}
	return { type: 'FeatureCollection', features };
}

/** The area within `distance` metres of any scene, as one feature (none when there are no scenes). */
function ringAround(scenes: Areas, distance: number, year: number): Feature[] {
	const grown = scenes.features
		.map((scene) => buffer(scene, distance, { units: 'meters', steps: 16 }))
		.filter((f): f is Feature<Polygon | MultiPolygon> => Boolean(f));
	const merged = grown.length > 1 ? union(featureCollection(grown)) : grown[0];
	if (!merged) return [];
	return [
		{
			type: 'Feature',
			properties: { kind: 'ring', distance, year, label: `${distance} m från drogscen ${year}` },
			geometry: merged.geometry
		}
	];
}

export function districtsReport(layers: LayerReader, year: number, distance: number): DistrictsReport {
	return memo(layers, `districts:${year}:${distance}`, () => ({
		year,
		bufferDistance: distance,
		rows: districtSummary(districtsOf(layers), scenesOfYear(layers, year), placesOf(layers), {
			bufferDistance: distance
		})
	}));
}
