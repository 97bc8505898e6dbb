import { readJson, staffSession } from '$lib/page-load';
import { canEdit } from '$lib/session-client';
import type { ReportCategory } from '$lib/reports/categories';
import type { ImportMapping } from '$lib/reports/import-csv';
import type { PageLoad } from './$types';

export interface ImportPresetInfo {
	source: string;
	mapping: ImportMapping;
	updatedAt: string;
	updatedBy: string;
}

export const load = (async ({ fetch, url }) => {
	const session = await staffSession(fetch, 'importen av rapporter', url);
	if (!canEdit(session.account.role)) return { session, presets: [] as ImportPresetInfo[], categories: [] as ReportCategory[], maxBytes: 0 };
	const [{ presets, maxBytes }, { categories }] = await Promise.all([
		readJson<{ presets: ImportPresetInfo[]; maxBytes: number }>(fetch, '/api/reports/import', 'Importens sparade kopplingar'),
		readJson<{ categories: ReportCategory[] }>(fetch, '/api/reports/categories', 'Rapportkategorierna')
	]);
	return { session, presets, maxBytes, categories: categories.filter((c) => c.active) };
}) satisfies PageLoad;
