/**
 * The OpenAPI 3.0 definition of the OGC API – Features service (/ogc/api), as Part 1's oas30
 * conformance class asks. GIS clients read it for the `limit` range (GDAL takes its page size from
 * it). Checked in tests with @seriousme/openapi-schema-validator.
 */
import { CRS84, SUPPORTED_CRS } from './crs';
import { DEFAULT_LIMIT, MAX_LIMIT } from './query';

const exception = {
	description: 'Fel i förfrågan (OGC-undantag på svenska)',
	content: { 'application/json': { schema: { $ref: '#/components/schemas/exception' } } }
};

const json = (description: string, schema: string) => ({ description, content: { 'application/json': { schema: { $ref: `#/components/schemas/${schema}` } } } });
const geojson = (description: string, schema: string) => ({
	description,
	headers: { 'Content-Crs': { description: 'Referenssystemet för koordinaterna, t.ex. <http://www.opengis.net/def/crs/EPSG/0/3006>', schema: { type: 'string' } } },
	content: { 'application/geo+json': { schema: { $ref: `#/components/schemas/${schema}` } } }
});

const failures = { '400': exception, '401': exception, '404': exception };

export function openApiDocument(origin: string) {
	return {
		openapi: '3.0.3',
		info: {
			title: 'Lägeskartan – OGC API – Features',
			version: '1.0.0',
			description:
				'Lägesbildens lager, åtgärder och trygghetsinventeringarnas fynd som ditt konto får se. Läsning. Autentisering: en personlig åtkomsttoken från Lägeskartan (Konto → Åtkomsttoken för GIS) som Authorization: Bearer …, eller en inloggad session.'
		},
		servers: [{ url: `${origin}/ogc` }],
		security: [{ bearerAuth: [] }, { sessionCookie: [] }],
		paths: {
			'/': { get: { operationId: 'getLandingPage', summary: 'Startsidan', tags: ['Capabilities'], parameters: [{ $ref: '#/components/parameters/f' }], responses: { '200': json('Länkar till API-beskrivning, standarder och samlingar', 'landingPage'), ...failures } } },
			'/conformance': { get: { operationId: 'getConformance', summary: 'Standarder som tjänsten följer', tags: ['Capabilities'], parameters: [{ $ref: '#/components/parameters/f' }], responses: { '200': json('Konformitetsklasser', 'confClasses'), ...failures } } },
			'/api': { get: { operationId: 'getApi', summary: 'Den här beskrivningen', tags: ['Capabilities'], responses: { '200': { description: 'OpenAPI 3.0', content: { 'application/vnd.oai.openapi+json;version=3.0': { schema: { type: 'object' } } } }, ...failures } } },
			'/collections': { get: { operationId: 'getCollections', summary: 'Samlingarna ditt konto får se', tags: ['Capabilities'], parameters: [{ $ref: '#/components/parameters/f' }], responses: { '200': json('Samlingarna', 'collections'), ...failures } } },
			'/collections/{collectionId}': {
				get: { operationId: 'describeCollection', summary: 'En samling', tags: ['Capabilities'], parameters: [{ $ref: '#/components/parameters/collectionId' }, { $ref: '#/components/parameters/f' }], responses: { '200': json('Samlingen', 'collection'), ...failures } }
			},
			'/collections/{collectionId}/items': {
				get: {
					operationId: 'getFeatures',
					summary: 'Objekten i en samling, en sida i taget',
					description: 'Egenskapsfilter: `?<egenskap>=<värde>` (exakt likhet) för egenskaper med text, tal eller sant/falskt. Okända parametrar ger 400.',
					tags: ['Data'],
					parameters: [
						{ $ref: '#/components/parameters/collectionId' },
						{ $ref: '#/components/parameters/limit' },
						{ $ref: '#/components/parameters/offset' },
						{ $ref: '#/components/parameters/bbox' },
						{ $ref: '#/components/parameters/bbox-crs' },
						{ $ref: '#/components/parameters/crs' },
						{ $ref: '#/components/parameters/datetime' },
						{ $ref: '#/components/parameters/f' }
					],
					responses: { '200': geojson('En sida objekt (GeoJSON) med länkar till nästa och föregående', 'featureCollectionGeoJSON'), ...failures }
				}
			},
			'/collections/{collectionId}/items/{featureId}': {
				get: {
					operationId: 'getFeature',
					summary: 'Ett objekt',
					tags: ['Data'],
					parameters: [{ $ref: '#/components/parameters/collectionId' }, { $ref: '#/components/parameters/featureId' }, { $ref: '#/components/parameters/crs' }, { $ref: '#/components/parameters/f' }],
					responses: { '200': geojson('Objektet (GeoJSON)', 'featureGeoJSON'), ...failures }
				}
			}
		},
		components: {
			securitySchemes: {
				bearerAuth: { type: 'http', scheme: 'bearer', description: 'Personlig åtkomsttoken (lk_…), bara läsning av /ogc' },
				sessionCookie: { type: 'apiKey', in: 'cookie', name: 'lageskartan_session' }
			},
			parameters: {
				collectionId: { name: 'collectionId', in: 'path', required: true, description: 'Samlingens id', schema: { type: 'string' } },
				featureId: { name: 'featureId', in: 'path', required: true, description: 'Objektets id', schema: { type: 'string' } },
				limit: { name: 'limit', in: 'query', required: false, style: 'form', explode: false, description: 'Högst så många objekt per sida', schema: { type: 'integer', minimum: 1, maximum: MAX_LIMIT, default: DEFAULT_LIMIT } },
				offset: { name: 'offset', in: 'query', required: false, description: 'Hoppa över så många objekt (nästa-länken sätter den)', schema: { type: 'integer', minimum: 0, default: 0 } },
				bbox: {
					name: 'bbox',
					in: 'query',
					required: false,
					style: 'form',
					explode: false,
					description: 'minx,miny,maxx,maxy i bbox-crs (CRS84: longitud/latitud; EPSG:3006: nord, öst)',
					schema: { type: 'array', minItems: 4, maxItems: 6, items: { type: 'number' } }
				},
				'bbox-crs': { name: 'bbox-crs', in: 'query', required: false, description: 'Referenssystemet för bbox', schema: { type: 'string', format: 'uri', enum: [...SUPPORTED_CRS], default: CRS84 } },
				crs: { name: 'crs', in: 'query', required: false, description: 'Referenssystemet för svarets koordinater', schema: { type: 'string', format: 'uri', enum: [...SUPPORTED_CRS], default: CRS84 } },
				datetime: { name: 'datetime', in: 'query', required: false, description: 'Tidpunkt eller intervall (RFC 3339), t.ex. 2023-01-01/2023-12-31 eller 2023-01-01/..', schema: { type: 'string' } },
				f: { name: 'f', in: 'query', required: false, description: 'Format (bara JSON/GeoJSON)', schema: { type: 'string', enum: ['json'] } }
			},
			schemas: {
				exception: { type: 'object', required: ['code'], properties: { code: { type: 'string' }, description: { type: 'string' } } },
				link: { type: 'object', required: ['href'], properties: { href: { type: 'string' }, rel: { type: 'string' }, type: { type: 'string' }, title: { type: 'string' } } },
				links: { type: 'array', items: { $ref: '#/components/schemas/link' } },
				landingPage: { type: 'object', required: ['links'], properties: { title: { type: 'string' }, description: { type: 'string' }, links: { $ref: '#/components/schemas/links' } } },
				confClasses: { type: 'object', required: ['conformsTo'], properties: { conformsTo: { type: 'array', items: { type: 'string' } } } },
				extent: {
					type: 'object',
					properties: {
						spatial: { type: 'object', properties: { bbox: { type: 'array', items: { type: 'array', minItems: 4, maxItems: 6, items: { type: 'number' } } }, crs: { type: 'string' } } },
						temporal: { type: 'object', properties: { interval: { type: 'array', items: { type: 'array', minItems: 2, maxItems: 2, items: { type: 'string', format: 'date-time', nullable: true } } }, trs: { type: 'string' } } }
					}
				},
				collection: {
					type: 'object',
					required: ['id', 'links'],
					properties: {
						id: { type: 'string' },
						title: { type: 'string' },
						description: { type: 'string' },
						links: { $ref: '#/components/schemas/links' },
						extent: { $ref: '#/components/schemas/extent' },
						itemType: { type: 'string' },
						crs: { type: 'array', items: { type: 'string' } },
						storageCrs: { type: 'string' }
					}
				},
				collections: { type: 'object', required: ['links', 'collections'], properties: { links: { $ref: '#/components/schemas/links' }, crs: { type: 'array', items: { type: 'string' } }, collections: { type: 'array', items: { $ref: '#/components/schemas/collection' } } } },
				geometryGeoJSON: { type: 'object', required: ['type'], properties: { type: { type: 'string' } } },
				featureGeoJSON: {
					type: 'object',
					required: ['type', 'geometry', 'properties'],
					properties: {
						type: { type: 'string', enum: ['Feature'] },
						geometry: { allOf: [{ $ref: '#/components/schemas/geometryGeoJSON' }], nullable: true },
						properties: { type: 'object', nullable: true },
						id: { oneOf: [{ type: 'string' }, { type: 'integer' }] },
						links: { $ref: '#/components/schemas/links' }
					}
				},
				featureCollectionGeoJSON: {
					type: 'object',
					required: ['type', 'features'],
					properties: {
						type: { type: 'string', enum: ['FeatureCollection'] },
						features: { type: 'array', items: { $ref: '#/components/schemas/featureGeoJSON' } },
						links: { $ref: '#/components/schemas/links' },
						timeStamp: { type: 'string', format: 'date-time' },
						numberMatched: { type: 'integer', minimum: 0 },
						numberReturned: { type: 'integer', minimum: 0 }
					}
				}
			}
		}
	};
}
