/**
 * Matching what a person types against names: case- and diacritics-insensitive (so "borga" finds
 * Borgågatan and "hallby" Hällbybacken, as people type on a phone or a keyboard without å, ä, ö),
 * by prefix of the whole name or of a word in it, ranked: the name itself, then names that begin
 * with what was typed, then names with a word that does. Ties are sorted as a Swedish reader
 * sorts (å, ä, ö after z). Pure.
 */

/** What a search can find. */
export type SearchKind = 'district' | 'street' | 'feature';

export interface SearchResult {
	kind: SearchKind;
	name: string;
	/** What it is, in Swedish: "Stadsdel", "Gata (OpenStreetMap)", the layer's title. */
	detail: string;
	/** [west, south, east, north] to fly to (a point has equal corners). */
	bbox: [number, number, number, number];
	layerId?: string;
	featureId?: string;
}

/** Lower case, no accents: "Borgågatan" → "borgagatan", "Hällbybacken" → "hallbybacken". */
export function fold(text: string): string {
	return text.toLocaleLowerCase('sv-SE').normalize('NFD').replace(/\p{M}/gu, '').trim();
}

const words = (folded: string) => folded.split(/[^\p{L}\p{N}]+/u).filter(Boolean);

/**
 * How well `name` matches the folded query: 0 the same, 1 begins with it, 2 every typed word
 * begins a word of the name, null no match.
 *
 * @example
 * matchRank('Borgågatan', fold('borga')); // 1
 * matchRank('Edvard Griegsgången', fold('grieg')); // 2
 */
export function matchRank(name: string, query: string): 0 | 1 | 2 | null {
	const folded = fold(name);
	if (query === '') return null;
	if (folded === query) return 0;
	if (folded.startsWith(query)) return 1;
	const nameWords = words(folded);
	const typed = words(query);
	if (typed.length > 0 && typed.every((t) => nameWords.some((w) => w.startsWith(t)))) return 2;
	return null;
}

const collator = new Intl.Collator('sv-SE');
const KIND_ORDER: Record<SearchKind, number> = { district: 0, street: 1, feature: 2 };

/**
 * The best `limit` results for `query` among `candidates`: by match, then districts before
 * streets before layer objects, then in Swedish alphabetical order.
 */
export function rankResults(candidates: Iterable<SearchResult>, query: string, limit: number): SearchResult[] {
	const folded = fold(query);
	const hits: { result: SearchResult; rank: number }[] = [];
	for (const result of candidates) {
		const rank = matchRank(result.name, folded);
		if (rank !== null) hits.push({ result, rank });
	}
	hits.sort(
		(a, b) => a.rank - b.rank || KIND_ORDER[a.result.kind] - KIND_ORDER[b.result.kind] || collator.compare(a.result.name, b.result.name) || collator.compare(a.result.detail, b.result.detail)
	);
	return hits.slice(0, limit).map((h) => h.result);
}
