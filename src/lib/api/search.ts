/** Finding places, streets and objects by name (GET /api/search). */
import type { SearchResult } from '$lib/search/search-text';
import { get, request } from './request';

/** Cancellable: the search box asks again at every pause in typing. */
export function search(query: string, limit: number, signal?: AbortSignal) {
	return request(`/api/search?q=${encodeURIComponent(query.slice(0, 100))}&limit=${limit}`, get(signal), (b) => b.results as SearchResult[]);
}
