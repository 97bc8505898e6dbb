import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { FINDING_CATEGORIES, FINDING_CATEGORY_IDS, FindingInput, SEVERITIES, findingCategory } from './categories';

function finding(overrides: Record<string, unknown> = {}): Record<string, unknown> {
	return {
		category: 'belysning',
		severity: 2,
		note: 'Två lampor släckta vid gångtunneln',
		position: [17.93, 59.41],
		clientId: '6f1c2a7e-3b5d-4c8e-9a0f-1d2e3f4a5b6c',
		createdAt: '2025-05-14T18:30:00.000Z',
		photos: ['foto-1'],
		...overrides
	};
}

/** The first issue's message, or null when the input is valid. */
function message(input: unknown): string | null {
	const result = v.safeParse(FindingInput, input);
	return result.success ? null : result.issues[0].message;
}

describe('FINDING_CATEGORIES', () => {
	it('holds the nine kinds of finding plus annat, last', () => {
		expect(FINDING_CATEGORY_IDS).toEqual([
			'belysning',
			'vegetation',
			'nedskrapning',
			'klotter-skadegorelse',
			'trasig-utrustning',
			'orienterbarhet',
			'entreer-trapphus',
			'parkering-garage',
			'tunnlar-gangvagar',
			'annat'
		]);
	});

	it('gives every category 2–4 questions, each a short Swedish question', () => {
		for (const category of FINDING_CATEGORIES) {
			expect(category.checklist.length, category.id).toBeGreaterThanOrEqual(2);
			expect(category.checklist.length, category.id).toBeLessThanOrEqual(4);
			for (const question of category.checklist) {
				expect(question, category.id).toMatch(/^[A-ZÅÄÖ].{8,80}\?$/u);
			}
		}
	});

	it('labels every category in Swedish and English', () => {
		for (const category of FINDING_CATEGORIES) {
			expect(category.sv.length, category.id).toBeGreaterThan(2);
			expect(category.en.length, category.id).toBeGreaterThan(2);
		}
	});

	it('uses ids that are plain ASCII kebab-case, safe in URLs and CSV', () => {
		for (const id of FINDING_CATEGORY_IDS) expect(id).toMatch(/^[a-z]+(-[a-z]+)*$/);
	});
});

describe('findingCategory', () => {
	it('finds a category by id', () => {
		expect(findingCategory('tunnlar-gangvagar').en).toBe('Tunnels and paths');
	});

	it('refuses an unknown id and lists the known ones', () => {
		expect(() => findingCategory('lampor')).toThrow('Okänd kategori "lampor": välj en av belysning, vegetation');
	});
});

describe('SEVERITIES', () => {
	it('names 1–3 Låg, Medel, Hög', () => {
		expect([SEVERITIES[1].sv, SEVERITIES[2].sv, SEVERITIES[3].sv]).toEqual(['Låg', 'Medel', 'Hög']);
		expect([SEVERITIES[1].en, SEVERITIES[2].en, SEVERITIES[3].en]).toEqual(['Low', 'Medium', 'High']);
	});
});

describe('FindingInput', () => {
	it('accepts a complete finding', () => {
		expect(v.parse(FindingInput, finding())).toEqual(finding());
	});

	it('defaults a missing note to empty and missing photos to none', () => {
		const parsed = v.parse(FindingInput, finding({ note: undefined, photos: undefined }));
		expect([parsed.note, parsed.photos]).toEqual(['', []]);
	});

	it('refuses an unknown category and names it', () => {
		expect(message(finding({ category: 'lampor' }))).toMatch(/^Okänd kategori "lampor"/);
	});

	it('refuses severity 4 and names it', () => {
		expect(message(finding({ severity: 4 }))).toBe('Ogiltig allvarlighetsgrad 4: välj 1 (Låg), 2 (Medel) eller 3 (Hög)');
	});

	it('refuses a severity given as text', () => {
		expect(message(finding({ severity: '3' }))).toMatch(/^Ogiltig allvarlighetsgrad "3"/);
	});

	it('takes a note of 2000 characters and refuses 2001', () => {
		expect(message(finding({ note: 'a'.repeat(2000) }))).toBeNull();
		expect(message(finding({ note: 'a'.repeat(2001) }))).toBe('Anteckningen har 2001 tecken; högst 2000 får plats');
	});

	it('refuses a position outside Stockholm and names it', () => {
		expect(message(finding({ position: [18.9, 59.4] }))).toBe(
			'Positionen [18.9, 59.4] ligger utanför Stockholm (longitud 17.6–18.3, latitud 59.2–59.5)'
		);
	});

	it('suggests that lon and lat are swapped when swapping them would land in Stockholm', () => {
		expect(message(finding({ position: [59.41, 17.93] }))).toMatch(/har longitud och latitud bytt plats\?$/);
	});

	it('refuses a position that is not two finite numbers', () => {
		expect(message(finding({ position: [17.93, NaN] }))).toBe(
			'Ogiltig position [17.93, NaN]: ange [longitud, latitud] som två tal'
		);
		expect(message(finding({ position: [17.93, 59.41, 12] }))).toMatch(/^Ogiltig position \[17.93, 59.41, 12\]/);
	});

	it('accepts positions on the edge of the box', () => {
		expect(message(finding({ position: [17.6, 59.2] }))).toBeNull();
		expect(message(finding({ position: [18.3, 59.5] }))).toBeNull();
	});

	it('refuses a clientId that is not a UUID and names it', () => {
		expect(message(finding({ clientId: 'abc' }))).toBe('clientId "abc" är inget UUID');
	});

	it('refuses a createdAt on a day that does not exist', () => {
		expect(message(finding({ createdAt: '2025-02-30T12:00:00Z' }))).toBe(
			'createdAt "2025-02-30T12:00:00Z" är ingen tidpunkt: ange t.ex. 2025-05-14T18:30:00Z'
		);
	});

	it('accepts a createdAt with a UTC offset', () => {
		expect(message(finding({ createdAt: '2025-05-14T20:30:00+02:00' }))).toBeNull();
	});

	it('refuses a createdAt without a time zone, which would be read in whatever zone the server has', () => {
		expect(message(finding({ createdAt: '2025-05-14T18:30:00' }))).toMatch(/^createdAt "2025-05-14T18:30:00" är ingen tidpunkt/);
	});

	it('takes six photos and refuses seven', () => {
		const ids = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
		expect(message(finding({ photos: ids.slice(0, 6) }))).toBeNull();
		expect(message(finding({ photos: ids }))).toBe('Fyndet har 7 foton; högst 6 får plats');
	});

	it('refuses the same photo twice', () => {
		expect(message(finding({ photos: ['a', 'a'] }))).toBe('Samma foto finns flera gånger i ["a", "a"]');
	});

	it('drops keys it does not know rather than storing them', () => {
		expect(v.parse(FindingInput, finding({ admin: true }))).not.toHaveProperty('admin');
	});
});
