/**
 * Järva's districts (the stadsdelar layer) for the reports: which district a report's point lies
 * in, and the study area the week's hot spots count empty cells in. Re-read when the layer
 * changes (its ETag), else kept.
 */
import { booleanPointInPolygon } from '@turf/turf';
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import type { LayerReader } from '../layer-service';
import type { LonLat } from '$lib/inventory/fields';

export const DISTRICT_LAYER = 'stadsdelar';

export class Districts {
	readonly #layers: LayerReader;
	#etag: string | null = null;
	#features: Feature<Polygon | MultiPolygon>[] = [];

	constructor(layers: LayerReader) {
		this.#layers = layers;
	}

	/** The district polygons (empty when the layer is missing). */
	collection(): FeatureCollection<Polygon | MultiPolygon> {
		try {
			const body = this.#layers.get(DISTRICT_LAYER);
			if (body.etag !== this.#etag) {
				this.#features = (JSON.parse(body.json) as FeatureCollection).features.filter(
					(f): f is Feature<Polygon | MultiPolygon> => f.geometry?.type === 'Polygon' || f.geometry?.type === 'MultiPolygon'
				);
				this.#etag = body.etag;
			}
		} catch {
			this.#features = [];
			this.#etag = null;
		}
		return { type: 'FeatureCollection', features: this.#features };
	}

	/** The name of the district `position` lies in, or null. */
	at(position: LonLat): string | null {
		const hit = this.collection().features.find((f) => booleanPointInPolygon(position, f));
		const name = hit?.properties?.['name'];
		return typeof name === 'string' ? name : null;
	}

	names(): string[] {
		return this.collection()
			.features.map((f) => f.properties?.['name'])
			.filter((n): n is string => typeof n === 'string')
			.sort((a, b) => a.localeCompare(b, 'sv'));
	}
}
