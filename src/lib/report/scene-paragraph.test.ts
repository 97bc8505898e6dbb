import { describe, expect, it } from 'vitest';
import { compareScenes, type SceneComparison } from '../analysis';
import { collection, oval, scene, square } from '../analysis/testing/shapes';
import { sceneParagraphs } from './scene-paragraph';
import { metres } from './swedish';
import { demoScenes } from './testing/demo-layers';

/** Distances keep a no-break space before their unit. */
const nb = (text: string) => text.replace(/(\d) (m|km)\b/g, '$1\u00a0$2');

const nameOf = (c: SceneComparison, id: string) => c.scenes.find((s) => s.id === id)!.name;

describe('sceneParagraphs on the demo data (drogscener 2021 and 2023)', () => {
	const comparison = compareScenes(demoScenes(2021), demoScenes(2023));
	const paragraphs = sceneParagraphs(comparison, { displacementRadius: 1000, precision: { from: 150, to: 75 } });
	const text = paragraphs.join('\n');

	it('says how many scenes each year has, in words, as the analysis counts them', () => {
		expect(comparison.summary).toMatchObject({ fromCount: 7, toCount: 6 });
		expect(paragraphs[0]).toMatch(/^År 2023 finns sex öppna drogscener i kartläggningen, en färre än år 2021, då de var sju\./);
	});

	it('names every persisted, ceased and new scene the analysis found, under its status', () => {
		const persisted = comparison.scenes.filter((s) => s.year === 2023 && s.status === 'persisted').map((s) => s.name);
		expect(paragraphs[0]).toContain(`Fyra av 2021 års scener kvarstår: ${persisted.join('; ')}.`);
		expect(paragraphs[0]).toContain('Tre har upphört: Hjulsta C, Husby C och Risingeplan.');
		expect(paragraphs[0]).toContain('Två är nya: Nordkapsgatan, Husby; Sibeliusgången/Borgågatan.');
	});

	it("gives each displacement candidate the analysis' distance and direction, and calls it a candidate", () => {
		const candidates = comparison.relations.filter((r) => r.type === 'displacement');
		expect(candidates).toHaveLength(2);
		for (const r of candidates) {
			expect(text).toContain(`${nameOf(comparison, r.to[0]!)} (${metres(r.distance)} åt ${r.compass})`);
		}
		expect(paragraphs[1]).toContain(
			nb('Husby C kan ha flyttat till Nordkapsgatan, Husby (460 m åt sydost) eller till Sibeliusgången/Borgågatan (520 m åt nordväst).')
		);
		expect(paragraphs[1]).toContain(nb('Hjulsta C och Risingeplan har ingen ny scen inom 1 km.'));
		expect(paragraphs[1]).toContain('kandidater, inte bevisade');
	});

	it('ends with the caveat about the two drawing methods and their precision', () => {
		expect(paragraphs[2]).toBe(
			nb('Scenerna 2021 är ritade som cirklar/ovaler (±150 m) och 2023 som ytor längs gator och platser (±75 m). ' +
				'Två scener räknas därför som samma plats när ritningarna ligger högst den grövre ritningens osäkerhet från varandra, ' +
				'och en ändrad yta mellan åren kan bero på ritmetoden, inte på platsen.')
		);
	});
});

describe('sceneParagraphs on edge cases', () => {
	it('a year with no scenes is said plainly, without lists of ceased scenes or displacements', () => {
		const comparison = compareScenes(collection(oval(scene('Gamla torget', 2021), 150, 100)), collection(), { toYear: 2023 });
		const paragraphs = sceneParagraphs(comparison, { displacementRadius: 1000 });
		expect(paragraphs).toEqual(['År 2023 finns inga öppna drogscener i kartläggningen; år 2021 fanns en öppen drogscen.']);
	});

	it('a ceased and a new scene further apart than the radius are no displacement, and the text says so', () => {
		const comparison = compareScenes(
			collection(oval(scene('Västra torget', 2021), 100, 100)),
			collection(square(scene('Östra gången', 2023), 80, 2000))
		);
		const [counts, moves] = sceneParagraphs(comparison, { displacementRadius: 1000 });
		expect(counts).toContain('En har upphört: Västra torget. En är ny: Östra gången.');
		expect(moves).toBe(nb('Ingen av de upphörda scenerna har en ny scen inom 1 km: analysen ser ingen möjlig förflyttning.'));
	});

	it('two scenes drawn into one are told as a merge', () => {
		const comparison = compareScenes(
			collection(oval(scene('Norra delen', 2021), 100, 100, 0, 150), oval(scene('Södra delen', 2021), 100, 100, 0, -150)),
			collection(square(scene('Hela torget', 2023), 300))
		);
		expect(sceneParagraphs(comparison, { displacementRadius: 1000 })[0]).toContain(
			'Norra delen och Södra delen har gått ihop till en scen 2023: Hela torget.'
		);
	});

	it('no caveat when both years are drawn the same way', () => {
		const comparison = compareScenes(
			collection(square(scene('A', 2022, { drawing: 'outline' }), 100)),
			collection(square(scene('A', 2023), 100))
		);
		const paragraphs = sceneParagraphs(comparison, { displacementRadius: 1000 });
		expect(paragraphs).toEqual(['År 2023 finns en öppen drogscen i kartläggningen, lika många som år 2022. En av 2022 års scener kvarstår: A.']);
	});
});
