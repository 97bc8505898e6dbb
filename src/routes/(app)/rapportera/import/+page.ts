import { readJson } from '$lib/page-load';
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

const HEADER = { title: 'Importera rapporter (CSV)' };

export const load = (async ({ fetch, parent }) => {
	const { session } = await parent();
	if (!canEdit(session.account.role)) return { presets: [] as ImportPresetInfo[], categories: [] as ReportCategory[], maxBytes: 0, header: HEADER };
	const [{ presets, maxBytes }, { categories }] = await Promise.all([
		readJson<{ presets: ImportPresetInfo[]; maxBytes: number }>(fetch, '/api/reports/import', 'Importens sparade kopplingar'),
		readJson<{ categories: ReportCategory[] }>(fetch, '/api/reports/categories', 'Rapportkategorierna')
	]);
	return { presets, maxBytes, categories: categories.filter((c) => c.active), header: HEADER };
}) satisfies PageLoad;
