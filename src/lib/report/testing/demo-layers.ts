/**
 * The demo's layers from geodata/layers/, read from disk for tests and the bench (the app gets
 * them through the store). Not part of the report API.
 */
import { readFileSync } from 'node:fs';
import type { FeatureCollection, MultiPolygon, Point, Polygon } from 'geojson';

export function readLayer<T extends FeatureCollection>(id: string): T {
	return JSON.parse(readFileSync(new URL(`../../../../geodata/layers/${id}.geojson`, import.meta.url), 'utf8')) as T;
}

export const demoScenes = (year: 2021 | 2023) => readLayer<FeatureCollection<Polygon | MultiPolygon>>(`drogscener-${year}`);
export const demoDistricts = () => readLayer<FeatureCollection<Polygon | MultiPolygon>>('stadsdelar');
export const demoAreaClasses = () => readLayer<FeatureCollection<Polygon | MultiPolygon>>('omradesklassning');
export const demoPlaces = () => readLayer<FeatureCollection<Point>>('otrygga-platser');
