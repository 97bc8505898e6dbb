import { describe, expect, it } from 'vitest';
import { LAYERS } from '$lib/layers/catalog';
import {
	defaultView,
	isLayerVisible,
	moveSplit,
	nextYearChoice,
	nextYearPair,
	parseCompare,
	parseMeetingView,
	parseView,
	toggleCompare,
	writeCompare,
	writeMeetingView,
	writeView
} from './view-state';

const layer = (id: string) => LAYERS.find((l) => l.id === id)!;

describe('view state in the URL', () => {
	it('a first visit shows districts, 2023 scenes and places, not the classification', () => {
		const view = defaultView(LAYERS);
		expect(view).toEqual({
			toggles: ['stadsdelar', 'drogscener', 'otrygga-platser'],
			years: [2023],
			camera: null,
			analysis: null
		});
	});

	it('round-trips layers, years and camera through the URL', () => {
		const view = {
			toggles: ['drogscener', 'omradesklassning'],
			years: [2021, 2023],
			camera: { center: [17.92345, 59.40111] as [number, number], zoom: 13.5, bearing: 30 },
			analysis: { from: 2021, to: 2023, overlays: ['pilar' as const, 'ringar' as const] }
		};
		const params = writeView(view);
		expect(params.get('karta')).toBe('13.50/59.40111/17.92345/30');
		const back = parseView(new URLSearchParams(params.toString()), LAYERS);
		// Toggles come back in panel order.
		expect(back).toEqual({ ...view, toggles: ['omradesklassning', 'drogscener'] });
	});

	it('drops unknown layers and years instead of failing on an old link', () => {
		const view = parseView(new URLSearchParams('lager=stadsdelar,gamla-lagret&ar=1999,2021'), LAYERS);
		expect(view.toggles).toEqual(['stadsdelar']);
		expect(view.years).toEqual([2021]);
	});

	it('ignores a camera that is not numbers or out of range', () => {
		for (const karta of ['abc', '12/59.4', '30/59.4/17.9', '12/95/17.9', '12/59.4/17.9/0/1']) {
			expect(parseView(new URLSearchParams({ karta }), LAYERS).camera, karta).toBeNull();
		}
	});

	it('an empty lager parameter means every layer is off', () => {
		expect(parseView(new URLSearchParams('lager=&ar=2023'), LAYERS).toggles).toEqual([]);
	});

	it('a drug-scene layer is visible only when scenes are on and its year is chosen', () => {
		const view = { toggles: ['drogscener'], years: [2021], camera: null, analysis: null };
		expect(isLayerVisible(layer('drogscener-2021'), view)).toBe(true);
		expect(isLayerVisible(layer('drogscener-2023'), view)).toBe(false);
		expect(isLayerVisible(layer('drogscener-2021'), { ...view, toggles: [] })).toBe(false);
		expect(isLayerVisible(layer('stadsdelar'), view)).toBe(false);
	});

	it('opens the analysis only for two different years that exist', () => {
		const analysis = (q: string) => parseView(new URLSearchParams(q), LAYERS).analysis;
		expect(analysis('analys=2023-2021')).toEqual({ from: 2023, to: 2021, overlays: ['pilar', 'ellipser', 'ringar'] });
		expect(analysis('analys=2021-2023&visa=ringar,okänd')).toEqual({ from: 2021, to: 2023, overlays: ['ringar'] });
		for (const bad of ['analys=2021-2021', 'analys=2019-2023', 'analys=2021', 'analys=abc']) {
			expect(analysis(bad), bad).toBeNull();
		}
	});

	it('the year key cycles each year alone, then all years', () => {
		const years = [2021, 2023];
		expect(nextYearChoice([2023], years)).toEqual([2021, 2023]);
		expect(nextYearChoice([2021, 2023], years)).toEqual([2021]);
		expect(nextYearChoice([2021], years)).toEqual([2023]);
		expect(nextYearChoice([], years)).toEqual([2021]);
	});
});

describe('the meeting view in the URL', () => {
	const years = [2021, 2023];

	it('round-trips compare mode, year pair, divider and the open place', () => {
		const meeting = {
			view: { toggles: ['stadsdelar', 'drogscener'], years: [2021, 2023], camera: null, analysis: null },
			compare: { mode: 'svep' as const, from: 2021, to: 2023, split: 35 },
			place: 'b6a1c0de-0000-4000-8000-000000000001'
		};
		const params = writeMeetingView(meeting);
		expect(params.get('jamfor')).toBe('svep');
		expect(params.get('arpar')).toBe('2021-2023');
		expect(parseMeetingView(new URLSearchParams(params.toString()), LAYERS)).toEqual(meeting);
	});

	it('side by side and overlay keep no divider in the URL', () => {
		const params = writeCompare({ mode: 'sida', from: 2021, to: 2023, split: 30 });
		expect(params.has('delning')).toBe(false);
		expect(parseCompare(params, years)).toEqual({ mode: 'sida', from: 2021, to: 2023, split: 50 });
	});

	it('a bad or missing year pair falls back to the two latest years; an unknown mode means no comparison', () => {
		expect(parseCompare(new URLSearchParams('jamfor=overlagg&arpar=2019-2023'), years)).toMatchObject({ from: 2021, to: 2023 });
		expect(parseCompare(new URLSearchParams('jamfor=overlagg&arpar=2023-2021'), years)).toMatchObject({ from: 2021, to: 2023 });
		expect(parseCompare(new URLSearchParams('jamfor=overlagg'), [2023])).toBeNull();
		expect(parseCompare(new URLSearchParams('jamfor=bredvid&arpar=2021-2023'), years)).toBeNull();
	});

	it('the divider stays between 5 and 95 per cent', () => {
		expect(parseCompare(new URLSearchParams('jamfor=svep&delning=120'), years)!.split).toBe(95);
		expect(moveSplit({ mode: 'svep', from: 2021, to: 2023, split: 8 }, -5).split).toBe(5);
	});

	it('a compare key switches its mode on, another mode over, and the same key off', () => {
		const on = toggleCompare(null, 'svep', years);
		expect(on).toEqual({ mode: 'svep', from: 2021, to: 2023, split: 50 });
		expect(toggleCompare(on, 'sida', years)).toMatchObject({ mode: 'sida' });
		expect(toggleCompare(on, 'svep', years)).toBeNull();
		expect(toggleCompare(null, 'svep', [2023])).toBeNull();
	});

	it('any two years present can be compared: the year key cycles every pair', () => {
		const three = [2021, 2023, 2024];
		expect(nextYearPair({ from: 2021, to: 2023 }, three)).toEqual({ from: 2021, to: 2024 });
		expect(nextYearPair({ from: 2021, to: 2024 }, three)).toEqual({ from: 2023, to: 2024 });
		expect(nextYearPair({ from: 2023, to: 2024 }, three)).toEqual({ from: 2021, to: 2023 });
	});

	it('a place id that is not an id is dropped', () => {
		expect(parseMeetingView(new URLSearchParams('plats=<script>'), LAYERS).place).toBeNull();
	});
});
