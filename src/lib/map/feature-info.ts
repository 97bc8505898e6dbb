/**
 * What a popup says about a feature: its attributes in Swedish and, always, where it came from
 * and how precise it is. Pure, so it can be tested without a map.
 */
import type { LayerDefinition } from '$lib/layers/catalog';
import type { PopupInfo } from './feature-popup';
import {
	AREA_CLASS_LABELS,
	DRAWING_LABELS,
	PLACE_CATEGORY_LABELS,
	PRECISION_LABELS
} from '$lib/layers/labels';

export interface FeatureInfo {
	title: string;
	layerTitle: string;
	rows: { label: string; value: string }[];
	/** Not in the lägesbild: a demo example. */
	example: boolean;
	approximate: boolean;
}

type Props = Record<string, unknown>;

const text = (value: unknown) => (value === undefined || value === null ? '' : String(value));

function lookup<T extends string>(labels: Record<T, string>, value: unknown): string {
	return (labels as Record<string, string>)[text(value)] ?? text(value);
}

/** MapLibre flattens arrays in properties to JSON strings; show them as a list again. */
function listValue(value: unknown): string {
	if (Array.isArray(value)) return value.join(', ');
	const raw = text(value);
	try {
		const parsed: unknown = JSON.parse(raw);
		if (Array.isArray(parsed)) return parsed.join(', ');
	} catch {
		// not JSON: show as it is
	}
	return raw;
}

export function featureInfo(properties: Props, layer: LayerDefinition): FeatureInfo {
	const rows: FeatureInfo['rows'] = [];
	const add = (label: string, value: string) => value && rows.push({ label, value });

	add('År', text(properties.year));
	add('Stadsdel', text(properties.district));
	if (layer.kind === 'district') add('Del av', `${text(properties.part)}, ${text(properties.borough)} stadsdelsområde`);
	if (layer.kind === 'area-class') {
		add('Klassning', lookup(AREA_CLASS_LABELS, properties.areaClass));
		add('Stadsdelar', listValue(properties.districts));
	}
	if (layer.kind === 'insecure-place') add('Kategori', lookup(PLACE_CATEGORY_LABELS, properties.category));
	if (layer.kind === 'drug-scene') add('Kartläggning', lookup(DRAWING_LABELS, properties.drawing));
	add('Anteckning', text(properties.note));

	const metres = Number(properties.precisionMeters);
	const precision = lookup(PRECISION_LABELS, properties.precision);
	add('Precision', Number.isFinite(metres) && metres > 0 ? `${precision}, ±${metres} m` : precision);
	add('Källa', text(properties.source));
	add('Licens', text(properties.licence) || 'ej angiven');

	return {
		title: text(properties.name) || 'Namnlös',
		layerTitle: layer.title,
		rows,
		example: properties.example === true || properties.example === 'true',
		approximate: !['exact', 'official'].includes(text(properties.precision))
	};
}

const PROVENANCE = ['Precision', 'Källa', 'Licens'];

/** The shared popup's info (feature-popup.ts): the attributes, then where the object came from. */
export function popupInfo(properties: Props, layer: LayerDefinition): PopupInfo {
	const info = featureInfo(properties, layer);
	const value = (label: string) => info.rows.find((r) => r.label === label)?.value ?? '';
	return {
		title: info.title,
		layerTitle: info.layerTitle,
		source: value('Källa') || layer.source,
		precision: value('Precision') || layer.precision,
		approximate: info.approximate,
		example: info.example,
		licence: value('Licens'),
		rows: info.rows.filter((r) => !PROVENANCE.includes(r.label))
	};
}
