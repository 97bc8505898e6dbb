/** Access checks for the weekly lägesbild's report routes (see access-checks.ts for the vocabulary). */
import { system, writes, type Check } from './access-checks';

const NONE = '00000000-0000-4000-8000-000000000000';

export const REPORT_CHECKS: Check[] = [
	{ route: '/api/reports', method: 'GET', path: '/api/reports?week=2026-W49', expect: () => 200 },
	{ route: '/api/reports', method: 'GET', path: '/api/reports?week=2026-W49&format=csv', expect: () => 200 },
	{ route: '/api/reports', method: 'GET', path: '/api/reports?timeOfDay=middag', expect: () => 400 },
	{ route: '/api/reports', method: 'POST', path: '/api/reports', body: {}, expect: (w) => writes(w) },
	{ route: '/api/reports/[id]', method: 'GET', path: `/api/reports/${NONE}`, expect: () => 404 },
	{ route: '/api/reports/[id]', method: 'PATCH', path: `/api/reports/${NONE}`, body: {}, expect: (w) => writes(w, 404) },
	{ route: '/api/reports/[id]', method: 'DELETE', path: `/api/reports/${NONE}`, body: {}, expect: (w) => writes(w, 404) },
	{ route: '/api/reports/week', method: 'GET', path: '/api/reports/week?week=2026-W49', expect: () => 200 },
	{ route: '/api/reports/week', method: 'GET', path: '/api/reports/week?cellSize=5', expect: () => 400 },
	{ route: '/api/reports/categories', method: 'GET', path: '/api/reports/categories', expect: () => 200 },
	{ route: '/api/reports/categories', method: 'POST', path: '/api/reports/categories', body: {}, expect: (w) => system(w, 400) },
	// The import: whoever may report for their organisation (a redaktör or admin of any partner); its reports are the importer's own.
	{ route: '/api/reports/import', method: 'GET', path: '/api/reports/import', expect: (w) => writes(w, 200) },
	{ route: '/api/reports/import', method: 'POST', path: '/api/reports/import', body: {}, expect: (w) => writes(w) },
	{ route: '/api/reports/categories/[id]', method: 'PATCH', path: '/api/reports/categories/klotter', body: {}, expect: (w) => system(w, 400) }
];
