/**
 * Reads GeoJSON: a FeatureCollection, one Feature or a bare geometry, with or without the `crs`
 * member that GeoJSON had before RFC 7946 (GDAL still writes it for SWEREF 99 data):
 * `{"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::3006"}}`, or the older
 * `{"type": "EPSG", "properties": {"code": 3006}}`.
 */
import { crsFromName } from './crs';
import { decodeText } from './detect-format';
import { formatCount, formatValue, ImportError, objectLabel, type Problems } from './errors';
import { parseJsonSafely } from './safe-json';
import type { ImportLimits, SourceData, SourceFeature } from './types';

const GEOMETRY_TYPES = [
	'Point',
	'MultiPoint',
	'LineString',
	'MultiLineString',
	'Polygon',
	'MultiPolygon',
	'GeometryCollection'
];

/**
 * The objects of a GeoJSON file, untrusted geometry and all. Throws `ImportError` for text that
 * is not JSON (400), JSON that is not GeoJSON (422) and too many objects (413).
 *
 * @example
 * readGeoJson(bytes, limits, problems).features.length; // 117
 */
export function readGeoJson(bytes: Uint8Array, limits: ImportLimits, problems: Problems): SourceData {
	const { text, encoding, fallback } = decodeText(bytes);
	if (fallback)
		problems.warning(
			null,
			`Filen är inte UTF-8, som GeoJSON ska vara; den lästes som ${encoding}. Kontrollera å, ä och ö.`
		);
	const root = parseJsonSafely(text, { maxDepth: limits.maxDepth });

	if (root === null || typeof root !== 'object' || Array.isArray(root)) {
		throw new ImportError(
			'not-geodata',
			`JSON-filen är inte GeoJSON: den innehåller ${Array.isArray(root) ? 'en lista' : formatValue(root)}, inte ett objekt med "type".`
		);
	}
	const object = root as Record<string, unknown>;
	const type = object.type;
	const declaredCrs = readCrsMember(object.crs);

	if (type === 'FeatureCollection') {
		const features = object.features;
		if (!Array.isArray(features)) {
			throw new ImportError(
				'not-geodata',
				`FeatureCollection saknar listan "features" (fann ${formatValue(features)}).`
			);
		}
		if (features.length > limits.maxFeatures) {
			throw new ImportError(
				'too-large',
				`Filen har ${formatCount(features.length)} objekt; högst ${formatCount(limits.maxFeatures)} tas emot i en import.`
			);
		}
		return { format: 'geojson', declaredCrs, features: features.map((f, i) => readFeature(f, i + 1, problems)) };
	}
	if (type === 'Feature') return { format: 'geojson', declaredCrs, features: [readFeature(object, 1, problems)] };
	if (typeof type === 'string' && GEOMETRY_TYPES.includes(type)) {
		return { format: 'geojson', declaredCrs, features: [{ geometry: object, properties: {} }] };
	}
	const topo = type === 'Topology' ? ' (TopoJSON stöds inte; spara som GeoJSON)' : '';
	throw new ImportError(
		'not-geodata',
		`JSON-filen är inte GeoJSON: "type" är ${formatValue(type)}${topo}; väntade FeatureCollection, Feature eller en geometri.`
	);
}

function readFeature(value: unknown, n: number, problems: Problems): SourceFeature {
	const label = objectLabel(n);
	if (value === null || typeof value !== 'object' || Array.isArray(value)) {
		problems.error(n, `${label}: ${formatValue(value)} är inget GeoJSON-objekt (väntade {"type": "Feature", …}).`);
		return { geometry: null, properties: {}, rejected: true };
	}
	const feature = value as Record<string, unknown>;
	if (feature.type !== 'Feature') {
		problems.error(n, `${label}: "type" är ${formatValue(feature.type)}; varje objekt i features ska vara en Feature.`);
		return { geometry: null, properties: {}, rejected: true };
	}
	const props = feature.properties;
	if (props !== null && props !== undefined && (typeof props !== 'object' || Array.isArray(props))) {
		problems.error(n, `${label}: "properties" ska vara ett objekt eller null, inte ${formatValue(props)}.`);
		return { geometry: null, properties: {}, rejected: true };
	}
	const id = typeof feature.id === 'string' || typeof feature.id === 'number' ? feature.id : undefined;
	return {
		geometry: feature.geometry,
		properties: (props ?? {}) as Record<string, unknown>,
		...(id !== undefined ? { id } : {})
	};
}

function readCrsMember(crs: unknown): SourceData['declaredCrs'] {
	if (crs === undefined || crs === null) return null;
	const { type, properties } = (typeof crs === 'object' ? crs : {}) as {
		type?: unknown;
		properties?: Record<string, unknown>;
	};
	if (type === 'name' && typeof properties?.name === 'string') {
		const name = properties.name;
		const named = crsFromName(name);
		if (!named) return { unsupported: name };
		return 'code' in named
			? { code: named.code, from: `crs-medlemmen "${name}"${named.note ? ` (${named.note})` : ''}` }
			: named;
	}
	if (type === 'EPSG' && (typeof properties?.code === 'number' || typeof properties?.code === 'string')) {
		const name = `EPSG:${properties.code}`;
		const named = crsFromName(name);
		if (named && 'code' in named) return { code: named.code, from: `crs-medlemmen ${name}` };
		return { unsupported: name };
	}
	return { unsupported: `crs-medlemmen ${JSON.stringify(crs).slice(0, 80)}` };
}
