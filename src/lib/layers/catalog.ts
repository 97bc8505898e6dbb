/**
 * The lägesbild's layers: what each one is, which file in geodata/layers/ holds it, which schema its
 * features follow, and what to tell a user about where it came from and how precise it is.
 * Shared by server (layer service) and client (panel, legend): no I/O here.
 */
import type { GenericSchema } from 'valibot';
import type { LayerAccessInfo } from '$lib/accounts';
import {
	areaClassProperties,
	areaProperties,
	districtProperties,
	drugSceneProperties,
	insecurePlaceProperties,
	walkingNetworkProperties
} from '$lib/geo/schema';

export const LAYER_KINDS = ['district', 'area-class', 'drug-scene', 'insecure-place', 'area', 'walking-network'] as const;
export type LayerKind = (typeof LAYER_KINDS)[number];

export interface LayerDefinition {
	/** Stable id, used in URLs and API paths (Swedish, as users say it). */
	id: string;
	title: string;
	titleEn: string;
	kind: LayerKind;
	/** The year the layer describes, for layers that belong to one. */
	year: number | null;
	geometry: 'Polygon' | 'Point' | 'LineString';
	/** Where the layer comes from, in one sentence a user can read in the panel. */
	source: string;
	/** How precise the geometry is, in one sentence a user can read in the panel. */
	precision: string;
	/** Whether its geometry is approximate: the UI must then say so. */
	approximate: boolean;
}

/** A layer as the API lists it: its definition plus what its data says. */
export interface LayerSummary extends LayerDefinition {
	featureCount: number;
	/** [west, south, east, north] in WGS84, or null for an empty layer. */
	bbox: [number, number, number, number] | null;
	/** Organisation ids that may see the layer; null: all partners. Set by the viewer's view. */
	visibleTo?: string[] | null;
	/** Owner, editing organisations and the viewer's own right. Set by the viewer's view. */
	access?: LayerAccessInfo;
}

export const LAYERS: readonly LayerDefinition[] = [
	{
		id: 'stadsdelar',
		title: 'Stadsdelar',
		titleEn: 'Districts',
		kind: 'district',
		year: null,
		geometry: 'Polygon',
		source:
			'Stockholms stad, öppna data (stadsdelar, CC0 1.0); vilka som hör till Järva: Lägesbild Järva 2023.',
		precision: 'Stadens officiella gränser, förenklade av källan (±20 m).',
		approximate: false
	},
	{
		id: 'omradesklassning',
		title: 'Polisens områdesklassning 2023',
		titleEn: 'Police area classification 2023',
		kind: 'area-class',
		year: 2023,
		geometry: 'Polygon',
		source:
			'Lägesbild Järva 2023 (polisens nationella bedömning, Lägesbild över utsatta områden 2023); avgränsning handritad.',
		precision: 'Schematisk avgränsning av bostadsområdena; polisens egna gränser kan skilja sig.',
		approximate: true
	},
	{
		id: 'drogscener-2021',
		title: 'Öppna drogscener 2021',
		titleEn: 'Open drug scenes 2021',
		kind: 'drug-scene',
		year: 2021,
		geometry: 'Polygon',
		source: 'Lägesbild Järva 2023, figur 2 (röda figurer), källa Samverkan Stockholmsregionen (SSR).',
		precision:
			'Kartlagda som cirklar/ovaler 2021; här återgivna som ungefärliga ovaler kring de namngivna platserna.',
		approximate: true
	},
	{
		id: 'drogscener-2023',
		title: 'Öppna drogscener 2023',
		titleEn: 'Open drug scenes 2023',
		kind: 'drug-scene',
		year: 2023,
		geometry: 'Polygon',
		source: 'Lägesbild Järva 2023, figur 2 (blå figurer), källa Samverkan Stockholmsregionen (SSR).',
		precision:
			'Kartlagda mer exakt 2023; här ungefärliga ytor, ritade längs OpenStreetMaps gator där scenen har en gata i namnet.',
		approximate: true
	},
	{
		id: 'otrygga-platser',
		title: 'Otrygga platser (exempel)',
		titleEn: 'Insecure places (examples)',
		kind: 'insecure-place',
		year: 2023,
		geometry: 'Point',
		source:
			'Kategorier ur lägesbildens figur 8 (stadens trygghetsmätning 2023); platserna är påhittade exempel, inte ur lägesbilden.',
		precision: 'Exempelpunkter för demonstration; läget är ungefärligt (±100 m).',
		approximate: true
	}
];

/** The schema of one feature's properties, per layer kind. */
export const PROPERTY_SCHEMAS: Record<LayerKind, GenericSchema> = {
	district: districtProperties,
	'area-class': areaClassProperties,
	'drug-scene': drugSceneProperties,
	'insecure-place': insecurePlaceProperties,
	area: areaProperties,
	'walking-network': walkingNetworkProperties
};

export function findLayer(id: string): LayerDefinition | undefined {
	return LAYERS.find((layer) => layer.id === id);
}
