/**
 * Access checks for the OGC API – Features routes (read with a session here; with a personal
 * access token in ogc.e2e.ts) and the token routes (see access-checks.ts for the vocabulary).
 * Every account may read /ogc and manage its own tokens; a hidden layer is a 404 as in the app.
 */
import { scenes, type Check } from './access-checks';

const S = 'drogscener-2023';

export const OGC_CHECKS: Check[] = [
	{ route: '/ogc', method: 'GET', path: '/ogc', expect: () => 200 },
	{ route: '/ogc/api', method: 'GET', path: '/ogc/api', expect: () => 200 },
	{ route: '/ogc/conformance', method: 'GET', path: '/ogc/conformance', expect: () => 200 },
	{ route: '/ogc/collections', method: 'GET', path: '/ogc/collections', expect: () => 200 },
	{ route: '/ogc/collections/[collectionId]', method: 'GET', path: `/ogc/collections/${S}`, expect: scenes },
	{ route: '/ogc/collections/[collectionId]', method: 'GET', path: '/ogc/collections/otrygga-platser', expect: () => 200 },
	{ route: '/ogc/collections/[collectionId]/items', method: 'GET', path: `/ogc/collections/${S}/items?limit=2`, expect: scenes },
	{ route: '/ogc/collections/[collectionId]/items', method: 'GET', path: '/ogc/collections/lageskartan_atgarder/items', expect: () => 200 },
	{ route: '/ogc/collections/[collectionId]/items', method: 'GET', path: '/ogc/collections/lageskartan_fynd/items', expect: () => 200 },
	{ route: '/ogc/collections/[collectionId]/items/[featureId]', method: 'GET', path: `/ogc/collections/${S}/items/ds2023-dragongrand`, expect: scenes },
	{ route: '/ogc/collections/[collectionId]/items/[featureId]', method: 'GET', path: '/ogc/collections/otrygga-platser/items/op-akalla-01', expect: () => 200 },
	{ route: '/ogc/[...rest]', method: 'GET', path: '/ogc/finns-inte', expect: () => 404 },
	{ route: '/api/tokens', method: 'GET', path: '/api/tokens', expect: () => 200 },
	// An empty name: let in, then refused (400).
	{ route: '/api/tokens', method: 'POST', path: '/api/tokens', body: {}, expect: () => 400 },
	{ route: '/api/tokens/[id]', method: 'DELETE', path: '/api/tokens/999999', expect: () => 404 }
];
