import { describe, expect, it } from 'vitest';
import { fold, matchRank, rankResults, type SearchResult } from './search-text';

const at: [number, number, number, number] = [17.9, 59.4, 17.9, 59.4];
const result = (name: string, kind: SearchResult['kind'] = 'street'): SearchResult => ({ kind, name, detail: kind, bbox: at });

describe('search text', () => {
	it('folds case and Swedish letters so a keyboard without å, ä, ö still finds the name', () => {
		expect(fold('Borgågatan')).toBe('borgagatan');
		expect(fold('HÄLLBYBACKEN')).toBe('hallbybacken');
		expect(matchRank('Hällbybacken', fold('hallby'))).toBe(1);
		expect(matchRank('Hällbybacken', fold('HÄLL'))).toBe(1);
	});

	it('matches the start of the name or of a word in it, not the middle of a word', () => {
		expect(matchRank('Edvard Griegsgången', fold('grieg'))).toBe(2);
		expect(matchRank('Edvard Griegsgången', fold('edv gri'))).toBe(2);
		expect(matchRank('Borgågatan', fold('gatan'))).toBeNull();
		expect(matchRank('Husby', fold('husby'))).toBe(0);
	});

	it('ranks the name itself first, then names beginning with it, districts before streets before objects', () => {
		const ranked = rankResults(
			[result('Husby gård', 'feature'), result('Husbyvägen'), result('Gamla Husby'), result('Husby', 'district'), result('Husby', 'feature')],
			'husby',
			10
		);
		expect(ranked.map((r) => `${r.kind}:${r.name}`)).toEqual(['district:Husby', 'feature:Husby', 'street:Husbyvägen', 'feature:Husby gård', 'street:Gamla Husby']);
	});

	it('sorts ties as a Swedish reader does, å ä ö after z', () => {
		const ranked = rankResults([result('Ödegatan'), result('Zetagatan'), result('Ängsgatan'), result('Åkergatan')], 'a', 10);
		expect(ranked.map((r) => r.name)).toEqual(['Åkergatan', 'Ängsgatan']);
		expect(rankResults([result('Ödegatan'), result('Zetagatan'), result('Ängsgatan')], '', 10)).toEqual([]);
	});

	it('returns at most `limit` results', () => {
		expect(rankResults(Array.from({ length: 30 }, (_, i) => result(`Gata ${i}`)), 'gata', 8)).toHaveLength(8);
	});
});
