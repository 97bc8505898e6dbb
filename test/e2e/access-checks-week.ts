/**
 * Access checks for the weekly meeting and the week's lägesbild export (see access-checks.ts for
 * the vocabulary). Every account reads the meeting (a partner gets the focus places it owns) and
 * downloads its own edition of the PDF and map; focus places are set and followed up by the
 * redaktörer and admins of the district administration (the operator) and the police, who see
 * every report: a property owner's redaktör is refused (403) before its body is read, a läsare
 * always. The seeded server has no focus places: by id they are 404.
 */
import { type Check, type Who } from './access-checks';

const NONE = '00000000-0000-4000-8000-000000000000';
const runsMeeting = (w: Who, ok = 400) => (w.role === 'läsare' || w.org === 'fastighet' ? 403 : ok);

export const WEEK_MEETING_CHECKS: Check[] = [
	{ route: '/api/reports/week/meeting', method: 'GET', path: '/api/reports/week/meeting?week=2026-W49', expect: () => 200 },
	{ route: '/api/reports/week/meeting', method: 'GET', path: '/api/reports/week/meeting?week=2026-W99', expect: () => 400 },
	{ route: '/api/reports/week/pdf', method: 'GET', path: '/api/reports/week/pdf?week=2026-W49', expect: () => 200 },
	{ route: '/api/reports/week/map', method: 'GET', path: '/api/reports/week/map?week=2026-W49', expect: () => 200 },
	{ route: '/api/reports/week/focus', method: 'POST', path: '/api/reports/week/focus', body: {}, expect: (w) => runsMeeting(w) },
	{ route: '/api/reports/week/focus/[id]', method: 'GET', path: `/api/reports/week/focus/${NONE}`, expect: () => 404 },
	{ route: '/api/reports/week/focus/[id]', method: 'PATCH', path: `/api/reports/week/focus/${NONE}`, body: {}, expect: (w) => runsMeeting(w) },
	{ route: '/api/reports/week/focus/[id]', method: 'DELETE', path: `/api/reports/week/focus/${NONE}`, body: {}, expect: (w) => runsMeeting(w) },
	{ route: '/api/reports/week/focus/[id]', method: 'DELETE', path: `/api/reports/week/focus/${NONE}`, body: { baseVersion: 1 }, expect: (w) => runsMeeting(w, 404) },
	{ route: '/api/reports/week/focus/[id]/follow-up', method: 'POST', path: `/api/reports/week/focus/${NONE}/follow-up`, body: {}, expect: (w) => runsMeeting(w) },
	{ route: '/api/reports/week/focus/[id]/follow-up', method: 'POST', path: `/api/reports/week/focus/${NONE}/follow-up`, body: { baseVersion: 1, outcome: 'klar' }, expect: (w) => runsMeeting(w, 404) },
	{ route: '/api/reports/week/focus/[id]/measures', method: 'POST', path: `/api/reports/week/focus/${NONE}/measures`, body: {}, expect: (w) => runsMeeting(w) }
];
