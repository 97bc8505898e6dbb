/**
 * Access checks for the meetings and saved-view routes (see access-checks.ts for the vocabulary).
 * The shared server holds no meetings or views, so the checks on one meeting meet a 404 once let
 * in: läsare are refused first (403), everyone else is told it does not exist. What a meeting or
 * view shows to whom is tested on a server of its own in meeting-api.e2e.ts.
 */
import { writes, type Check } from './access-checks';

const M = '/api/meetings/00000000-0000-4000-8000-000000000000';
const I = `${M}/items/00000000-0000-4000-8000-000000000001`;

export const MEETING_CHECKS: Check[] = [
	{ route: '/api/meetings', method: 'GET', path: '/api/meetings', expect: () => 200 },
	{ route: '/api/meetings', method: 'POST', path: '/api/meetings', body: {}, expect: (w) => writes(w) },
	{ route: '/api/meetings/[id]', method: 'GET', path: M, expect: () => 404 },
	{ route: '/api/meetings/[id]', method: 'PATCH', path: M, body: {}, expect: (w) => writes(w, 404) },
	{ route: '/api/meetings/[id]/items', method: 'POST', path: `${M}/items`, body: {}, expect: (w) => writes(w, 404) },
	{ route: '/api/meetings/[id]/order', method: 'PUT', path: `${M}/order`, body: {}, expect: (w) => writes(w, 404) },
	{ route: '/api/meetings/[id]/items/[itemId]', method: 'PATCH', path: I, body: {}, expect: (w) => writes(w, 404) },
	{ route: '/api/meetings/[id]/items/[itemId]', method: 'DELETE', path: I, body: {}, expect: (w) => writes(w, 404) },
	{ route: '/api/meetings/[id]/items/[itemId]/decisions', method: 'POST', path: `${I}/decisions`, body: {}, expect: (w) => writes(w, 404) },
	{ route: '/api/meetings/[id]/items/[itemId]/story', method: 'GET', path: `${I}/story`, expect: () => 404 },
	{ route: '/api/meetings/[id]/history', method: 'GET', path: `${M}/history`, expect: () => 404 },
	{ route: '/api/meetings/[id]/protocol', method: 'GET', path: `${M}/protocol?format=xlsx`, expect: () => 404 },
	{ route: '/api/meetings/[id]/protocol', method: 'GET', path: `${M}/protocol?format=csv`, expect: () => 404 },
	{ route: '/api/meetings/[id]/restore', method: 'POST', path: `${M}/restore`, body: {}, expect: (w) => writes(w, 404) },
	{ route: '/api/meetings/[id]/items/[itemId]/history', method: 'GET', path: `${I}/history`, expect: () => 404 },
	{ route: '/api/meetings/[id]/items/[itemId]/restore', method: 'POST', path: `${I}/restore`, body: {}, expect: (w) => writes(w, 404) },
	{ route: '/api/views', method: 'GET', path: '/api/views', expect: () => 200 },
	{ route: '/api/views', method: 'POST', path: '/api/views', body: {}, expect: (w) => writes(w) },
	{ route: '/api/views/[id]', method: 'DELETE', path: '/api/views/00000000-0000-4000-8000-000000000002', body: {}, expect: (w) => writes(w, 404) },
	{ route: '/api/views/[id]', method: 'PATCH', path: '/api/views/00000000-0000-4000-8000-000000000002', body: {}, expect: (w) => writes(w, 404) },
	{ route: '/api/views/[id]/history', method: 'GET', path: '/api/views/00000000-0000-4000-8000-000000000002/history', expect: () => 404 },
	{ route: '/api/views/[id]/restore', method: 'POST', path: '/api/views/00000000-0000-4000-8000-000000000002/restore', body: {}, expect: (w) => writes(w, 404) }
];
