import { DEFAULT_REPORT_CATEGORIES, type ReportCategory } from '$lib/reports/categories';
import type { PageLoad } from './$types';

const KEPT = 'lageskartan-rapportkategorier';

/**
 * The categories from the server, kept in localStorage so the form still offers them when the
 * phone has no network (then the last list seen, or EST's usual ones).
 */
async function categories(fetcher: typeof fetch): Promise<{ categories: ReportCategory[]; fromServer: boolean }> {
	try {
		const response = await fetcher('/api/reports/categories', { cache: 'no-store' });
		if (response.ok) {
			const { categories } = (await response.json()) as { categories: ReportCategory[] };
			localStorage.setItem(KEPT, JSON.stringify(categories));
			return { categories, fromServer: true };
		}
	} catch {
		// offline: fall through to what was kept
	}
	const kept = localStorage.getItem(KEPT);
	return { categories: kept ? (JSON.parse(kept) as ReportCategory[]) : DEFAULT_REPORT_CATEGORIES.map((c) => ({ ...c, active: true })), fromServer: false };
}

export const load = (async ({ fetch, parent }) => {
	// The session first (the layout's): logged out, the layout sends the person to the login form.
	await parent();
	return { ...(await categories(fetch)), header: { title: 'Rapportera händelse' } };
}) satisfies PageLoad;
