/**
 * Access checks for the yearly lägesbild (see access-checks.ts for the vocabulary). Every account
 * reads the summary and downloads its own edition (what it contains is tested in lagesbild.e2e.ts);
 * the summary is written by the district administration's and the police's redaktörer and admins:
 * a property owner's redaktör is refused (403) before its body is read, a läsare always. The same
 * goes for importing indicators and the action plan; the shared server has none imported (history: 404).
 */
import { type Check, type Who } from './access-checks';

const writesReport = (w: Who) => (w.role === 'läsare' || w.org === 'fastighet' ? 403 : 400);
const Y = '/api/lagesbild/2023';

export const LAGESBILD_CHECKS: Check[] = [
	{ route: '/api/lagesbild', method: 'GET', path: '/api/lagesbild', expect: () => 200 },
	{ route: '/api/lagesbild/[year].pdf', method: 'GET', path: `${Y}.pdf`, expect: () => 200 },
	{ route: '/api/lagesbild/[year]/summary', method: 'GET', path: `${Y}/summary`, expect: () => 200 },
	{ route: '/api/lagesbild/[year]/summary', method: 'PUT', path: `${Y}/summary`, body: {}, expect: writesReport },
	{ route: '/api/lagesbild/[year]/summary/history', method: 'GET', path: `${Y}/summary/history`, expect: () => 200 },
	{ route: '/api/lagesbild/[year]/summary/restore', method: 'POST', path: `${Y}/summary/restore`, body: {}, expect: writesReport },
	{ route: '/api/plan/[year]', method: 'GET', path: '/api/plan/2023', expect: () => 200 },
	{ route: '/api/plan/[year]/areas/[id]', method: 'PUT', path: '/api/plan/2023/areas/unga-i-riskzon', body: {}, expect: writesReport },
	{ route: '/api/plan/[year]/areas/[id]/history', method: 'GET', path: '/api/plan/2023/areas/unga-i-riskzon/history', expect: () => 200 },
	{ route: '/api/plan/[year]/areas/[id]/restore', method: 'POST', path: '/api/plan/2023/areas/unga-i-riskzon/restore', body: {}, expect: writesReport },
	{ route: '/api/indicators', method: 'GET', path: '/api/indicators', expect: () => 200 },
	{ route: '/api/indicators/import', method: 'POST', path: '/api/indicators/import', body: {}, expect: writesReport },
	{ route: '/api/indicators/[id]/history', method: 'GET', path: '/api/indicators/finns-inte/history', expect: () => 404 },
	{ route: '/api/indicators/[id]/restore', method: 'POST', path: '/api/indicators/finns-inte/restore', body: {}, expect: writesReport }
];
