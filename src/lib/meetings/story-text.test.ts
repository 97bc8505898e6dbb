import { describe, expect, it } from 'vitest';
import { nearbyText, storyLines } from './story-text';
import type { PlaceStory } from './types';

const story = (itemYear: number | null, years: PlaceStory['years']): PlaceStory => ({ itemYear, years, nearby: null, measures: [] });
const husby = [{ id: 'ds2021-husby-c', name: 'Husby C' }];
const nordkap = [{ id: 'ds2023-nordkapsgatan', name: 'Nordkapsgatan' }];

describe('a place’s story in sentences', () => {
	it('a ceased scene names its possible displacement, as a candidate', () => {
		const lines = storyLines(story(2021, [{ year: 2023, present: false, status: 'ceased', relation: 'displacement', distance: 418, compass: 'norr', scenes: nordkap }, { year: 2021, present: true }]), 'scene');
		expect(lines.map((l) => l.year)).toEqual([2021, 2023]);
		expect(lines[1]!.text).toBe('Upphört. Möjlig förflyttning till Nordkapsgatan, 420 m åt norr – en kandidat, inte bevisad.');
	});

	it('a new scene looks back: where it may have come from', () => {
		const [line] = storyLines(story(2023, [{ year: 2021, present: false, status: 'new', relation: 'displacement', distance: 418, compass: 'söder', scenes: husby }]), 'scene');
		expect(line!.text).toBe('Ingen scen här (ny 2023). Möjlig förflyttning från Husby C, 420 m åt söder – en kandidat, inte bevisad.');
	});

	it('a persisting scene drawn another way warns that the area change may be the method', () => {
		const [line] = storyLines(story(2021, [{ year: 2023, present: true, status: 'persisted', relation: 'same', drawingChanged: true, scenes: nordkap }]), 'scene');
		expect(line!.text).toBe('Kvarstår (samma plats). Ritad på annat sätt det året: en ändrad yta kan vara ritmetoden.');
	});

	it('an insecure place says whether a scene was within 200 m, and which', () => {
		const lines = storyLines(story(null, [{ year: 2021, present: true, distance: 153, compass: 'nordväst', scenes: husby }, { year: 2023, present: false, distance: 246, scenes: nordkap }]), 'place');
		expect(lines.map((l) => l.text)).toEqual(['Drogscen inom 200 m: Husby C, 150 m åt nordväst.', 'Närmaste drogscen: Nordkapsgatan, 250 m.']);
	});

	it('an area far from every scene says there is none within 500 m', () => {
		expect(storyLines(story(null, [{ year: 2023, present: false }]), 'area')[0]!.text).toBe('Ingen drogscen inom 500 m.');
	});

	it('a year whose layer has no scenes yet says so, for scenes, places and areas alike', () => {
		const empty = { year: 2024, present: false, noScenes: true };
		expect(storyLines(story(2021, [empty]), 'scene')[0]!.text).toBe('Inga drogscener är inritade för 2024 ännu.');
		expect(storyLines(story(null, [empty]), 'place')[0]!.text).toBe('Inga drogscener är inritade för 2024 ännu.');
		expect(storyLines(story(null, [empty]), 'area')[0]!.text).toBe('Inga drogscener är inritade för 2024 ännu.');
	});

	it('counts nearby places in words, singular and plural', () => {
		expect(nearbyText({ places200: 1, places500: 3 })).toBe('1 otrygg plats inom 200 m, 3 inom 500 m.');
		expect(nearbyText(null)).toBeNull();
	});
});
