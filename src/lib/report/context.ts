/**
 * The maps' background from public data: the streets the basemap names (no footways) from
 * OpenStreetMap, and the city's water. Pure: the caller reads the two GeoJSON files.
 */
import type { FeatureCollection, LineString, MultiLineString, MultiPolygon, Polygon } from 'geojson';
import type { ReportInput } from './model';

const NAMED_STREETS = ['secondary', 'tertiary', 'residential', 'unclassified', 'living_street', 'pedestrian'];

export function mapContext(
	ways: FeatureCollection<LineString | MultiLineString>,
	water: FeatureCollection<Polygon | MultiPolygon>
): NonNullable<ReportInput['context']> {
	const streets = ways.features.filter((f) => NAMED_STREETS.includes(String(f.properties?.['highway'])));
	return {
		water: { title: 'Vatten', source: 'Stockholms stad, öppna data (CC0 1.0)', precision: 'Förenklat av källan', approximate: false, features: water },
		streets: {
			title: 'Gator',
			source: 'OpenStreetMap (ODbL 1.0)',
			precision: 'OpenStreetMap',
			approximate: false,
			features: {
				type: 'FeatureCollection',
				features: streets.map((f) => ({ ...f, properties: { licence: 'ODbL 1.0 (© OpenStreetMap-bidragsgivare)' } }))
			}
		}
	};
}
