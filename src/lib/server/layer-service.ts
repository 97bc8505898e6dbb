/**
 * The layer service: the one place the API (and later the analysis) gets layers from.
 *
 * For now the layers are the team's authored files in geodata/layers/, bundled into the server
 * build by Vite (so `node build` needs no geodata folder beside it and nothing is in static/).
 * The SQLite store (issue 4) replaces `loadSeedLayers` behind the same interface.
 */
import { createHash } from 'node:crypto';
import type { FeatureCollection } from 'geojson';
import * as v from 'valibot';
import { bbox } from '@turf/turf';
import {
	LAYERS,
	PROPERTY_SCHEMAS,
	type LayerDefinition,
	type LayerSummary
} from '$lib/layers/catalog';

export type { LayerSummary };

export interface LayerBody {
	summary: LayerSummary;
	/** The FeatureCollection serialised once, as served. */
	json: string;
	/** Strong validator for conditional requests: a hash of `json`. */
	etag: string;
}

export class LayerNotFoundError extends Error {
	constructor(readonly id: string) {
		super(`Okänt lager "${id}". Finns: ${LAYERS.map((l) => l.id).join(', ')}`);
	}
}

const seedFiles = import.meta.glob('/geodata/layers/*.geojson', {
	query: '?raw',
	import: 'default',
	eager: true
}) as Record<string, string>;

function seedText(id: string): string {
	const text = seedFiles[`/geodata/layers/${id}.geojson`];
	if (text === undefined) throw new Error(`geodata/layers/${id}.geojson saknas i bygget`);
	return text;
}

/** Parses and validates one layer's features; a bad seed file must stop start-up, not a request. */
function parseLayer(def: LayerDefinition, text: string): FeatureCollection {
	const data = JSON.parse(text) as FeatureCollection;
	if (data?.type !== 'FeatureCollection' || !Array.isArray(data.features)) {
		throw new Error(`geodata/layers/${def.id}.geojson is not a FeatureCollection`);
	}
	const schema = PROPERTY_SCHEMAS[def.kind];
	data.features.forEach((feature, index) => {
		const result = v.safeParse(schema, feature.properties);
		if (!result.success) {
			throw new Error(
				`geodata/layers/${def.id}.geojson feature ${index}: ${v.summarize(result.issues)}`
			);
		}
	});
	return data;
}

function toBody(def: LayerDefinition, data: FeatureCollection): LayerBody {
	const json = JSON.stringify(data);
	const box = data.features.length > 0 ? (bbox(data) as [number, number, number, number]) : null;
	return {
		summary: { ...def, featureCount: data.features.length, bbox: box },
		json,
		etag: `"${createHash('sha256').update(json).digest('base64url').slice(0, 27)}"`
	};
}

export class LayerService {
	readonly #layers = new Map<string, LayerBody>();

	constructor(layers: Iterable<[LayerDefinition, FeatureCollection]>) {
		for (const [def, data] of layers) this.#layers.set(def.id, toBody(def, data));
	}

	list(): LayerSummary[] {
		return [...this.#layers.values()].map((layer) => layer.summary);
	}

	/** @throws LayerNotFoundError */
	get(id: string): LayerBody {
		const layer = this.#layers.get(id);
		if (!layer) throw new LayerNotFoundError(id);
		return layer;
	}

	/** The parsed features, for analysis; callers must not mutate them. */
	features(id: string): FeatureCollection {
		return JSON.parse(this.get(id).json) as FeatureCollection;
	}
}

export function loadSeedLayers(): LayerService {
	return new LayerService(LAYERS.map((def) => [def, parseLayer(def, seedText(def.id))]));
}

let service: LayerService | undefined;

/** The process-wide layer service, created on first use. */
export function layerService(): LayerService {
	service ??= loadSeedLayers();
	return service;
}
