/**
 * Answers of the OGC API – Features service: JSON documents with their links, the items page, and
 * refusals as OGC exceptions `{ code, description }` (Swedish). The refusals come from the one
 * mapping of domain errors to HTTP (http.ts errorResponse): only the body's shape differs.
 */
import type { RequestEvent } from '@sveltejs/kit';
import { errorResponse } from '../http';
import { services } from '../services';
import { layersFor } from '../guard';
import { collectionFor, collectionsFor, select, type CollectionInfo } from './collections';
import { CRS84, geometryIn, parseCrs, SUPPORTED_CRS } from './crs';
import { parseItemsQuery } from './query';

export const GEOJSON = 'application/geo+json';
export const OPENAPI_TYPE = 'application/vnd.oai.openapi+json;version=3.0';

export const CONFORMANCE = [
	'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
	'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
	'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30',
	'http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs'
];

const CODES: Record<number, string> = {
	400: 'InvalidParameterValue',
	401: 'Unauthorized',
	403: 'Forbidden',
	404: 'NotFound',
	405: 'MethodNotAllowed',
	406: 'NotAcceptable'
};

/** An OGC exception (`{ code, description }`, plus what the app's own error names, e.g. `param`). */
export function ogcError(status: number, description: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}): Response {
	return new Response(JSON.stringify({ code: CODES[status] ?? 'ServerError', description, ...extra }), {
		status,
		headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'private, no-store', ...headers }
	});
}

/** Runs an OGC endpoint: a domain error becomes its status as an OGC exception; anything else stays a 500. */
export async function ogcAnswer(handler: () => Response | Promise<Response>): Promise<Response> {
	try {
		return await handler();
	} catch (err) {
		const response = errorResponse(err);
		if (!response) throw err;
		const { message, ...rest } = (await response.json()) as { message: string } & Record<string, unknown>;
		return ogcError(response.status, message, rest);
	}
}

export function ogcJson(body: unknown, type = 'application/json', headers: Record<string, string> = {}): Response {
	return new Response(JSON.stringify(body), {
		headers: { 'content-type': `${type}; charset=utf-8`, 'cache-control': 'private, no-store', ...headers }
	});
}

const base = (url: URL) => `${url.origin}/ogc`;

export function landingPage(url: URL) {
	const root = base(url);
	return {
		title: 'Lägeskartan – lägesbildens lager (OGC API – Features)',
		description:
			'Järvas gemensamma lägesbild: lagren, åtgärderna och trygghetsinventeringarnas fynd som ditt konto får se, för QGIS, ArcGIS Pro och andra GIS. Kräver inloggning eller en personlig åtkomsttoken (Authorization: Bearer …). Läsning; ändringar görs i Lägeskartan.',
		links: [
			{ href: `${root}`, rel: 'self', type: 'application/json', title: 'Den här sidan' },
			{ href: `${root}/api`, rel: 'service-desc', type: OPENAPI_TYPE, title: 'API-beskrivning (OpenAPI 3.0)' },
			{ href: `${root}/conformance`, rel: 'conformance', type: 'application/json', title: 'Vilka standarder tjänsten följer' },
			{ href: `${root}/collections`, rel: 'data', type: 'application/json', title: 'Samlingarna' }
		]
	};
}

function collectionJson(url: URL, c: CollectionInfo) {
	const root = `${base(url)}/collections/${encodeURIComponent(c.id)}`;
	return {
		id: c.id,
		title: c.title,
		description: c.description,
		itemType: c.itemType,
		links: [
			{ href: root, rel: 'self', type: 'application/json', title: c.title },
			{ href: `${root}/items`, rel: 'items', type: GEOJSON, title: `${c.title} (GeoJSON)` }
		],
		extent: {
			spatial: { bbox: [c.bbox ?? [17.8, 59.35, 18.0, 59.45]], crs: CRS84 },
			...(c.interval ? { temporal: { interval: [c.interval], trs: 'http://www.opengis.net/def/uom/ISO-8601/0/Gregorian' } } : {})
		},
		crs: [...SUPPORTED_CRS],
		storageCrs: CRS84
	};
}

export async function collectionsDocument(event: Pick<RequestEvent, 'locals' | 'url'>) {
	const collections = await collectionsFor(services(), layersFor(event));
	return {
		links: [{ href: `${base(event.url)}/collections`, rel: 'self', type: 'application/json', title: 'Samlingarna' }],
		crs: [...SUPPORTED_CRS],
		collections: collections.map((c) => collectionJson(event.url, c))
	};
}

export async function collectionDocument(event: Pick<RequestEvent, 'locals' | 'url'>, id: string) {
	const collection = await collectionFor(services(), layersFor(event), id);
	return collectionJson(event.url, collection);
}

/** A page of items as a GeoJSON FeatureCollection with next/prev links, in the CRS asked for. */
export async function itemsResponse(event: Pick<RequestEvent, 'locals' | 'url'>, id: string): Promise<Response> {
	const collection = await collectionFor(services(), layersFor(event), id);
	const query = parseItemsQuery(event.url, collection.properties);
	const selected = select(collection, query);
	const page = selected.slice(query.offset, query.offset + query.limit);
	const self = `${base(event.url)}/collections/${encodeURIComponent(id)}/items`;
	const at = (offset: number) => {
		const params = new URLSearchParams(event.url.searchParams);
		params.set('offset', String(offset));
		params.set('limit', String(query.limit));
		return `${self}?${params}`;
	};
	const links = [
		{ href: `${self}${event.url.search}`, rel: 'self', type: GEOJSON, title: 'Den här sidan' },
		{ href: `${base(event.url)}/collections/${encodeURIComponent(id)}`, rel: 'collection', type: 'application/json', title: collection.title }
	];
	if (query.offset + page.length < selected.length) links.push({ href: at(query.offset + query.limit), rel: 'next', type: GEOJSON, title: 'Nästa sida' });
	if (query.offset > 0) links.push({ href: at(Math.max(0, query.offset - query.limit)), rel: 'prev', type: GEOJSON, title: 'Föregående sida' });
	const body = {
		type: 'FeatureCollection',
		timeStamp: new Date().toISOString(),
		numberMatched: selected.length,
		numberReturned: page.length,
		links,
		features: page.map((p) => (query.crs === CRS84 ? p.feature : { ...p.feature, geometry: geometryIn(p.feature.geometry, query.crs) }))
	};
	return ogcJson(body, GEOJSON, { 'content-crs': `<${query.crs}>` });
}

export async function itemResponse(event: Pick<RequestEvent, 'locals' | 'url'>, id: string, featureId: string): Promise<Response> {
	const collection = await collectionFor(services(), layersFor(event), id);
	const unknown = [...event.url.searchParams.keys()].filter((k) => k !== 'crs' && k !== 'f');
	if (unknown.length) return ogcError(400, `Okänd parameter ”${unknown[0]!.slice(0, 40)}”. Tillåtna för ett enskilt objekt: crs, f.`, { param: unknown[0] });
	const crs = parseCrs(event.url.searchParams.get('crs'), 'crs');
	const found = collection.byId.get(featureId);
	if (!found) return ogcError(404, `Objektet ”${featureId.slice(0, 80)}” finns inte i samlingen ${id}.`);
	const self = `${base(event.url)}/collections/${encodeURIComponent(id)}/items/${encodeURIComponent(featureId)}`;
	return ogcJson(
		{
			...found.feature,
			geometry: geometryIn(found.feature.geometry, crs),
			links: [
				{ href: self, rel: 'self', type: GEOJSON, title: 'Det här objektet' },
				{ href: `${base(event.url)}/collections/${encodeURIComponent(id)}`, rel: 'collection', type: 'application/json', title: collection.title }
			]
		},
		GEOJSON,
		{ 'content-crs': `<${crs}>` }
	);
}
