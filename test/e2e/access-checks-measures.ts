/** Access checks for the measures and photo routes (see access-checks.ts for the vocabulary). */
import { writes, type Check } from './access-checks';

const NONE = '00000000-0000-4000-8000-000000000000';

export const MEASURE_CHECKS: Check[] = [
	{ route: '/api/measures', method: 'GET', path: '/api/measures?status=all', expect: () => 200 },
	{ route: '/api/measures', method: 'GET', path: '/api/measures?status=all&format=xlsx', expect: () => 200 },
	{ route: '/api/measures', method: 'POST', path: '/api/measures', body: {}, expect: (w) => writes(w) },
	{ route: '/api/measures/[id]', method: 'GET', path: `/api/measures/${NONE}`, expect: () => 404 },
	{ route: '/api/measures/[id]', method: 'PATCH', path: `/api/measures/${NONE}`, body: {}, expect: (w) => writes(w, 404) },
	{ route: '/api/measures/[id]/photos', method: 'POST', path: `/api/measures/${NONE}/photos`, multipart: { kind: 'before' }, expect: (w) => writes(w, 404) },
	{ route: '/api/photos/[id]', method: 'GET', path: `/api/photos/${NONE}`, expect: () => 404 }
];
