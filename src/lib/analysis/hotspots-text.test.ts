import { describe, expect, it } from 'vitest';
import { EMERGING_CATEGORIES } from './emerging-hotspots';
import { CONFIDENCE_LEVELS } from './hotspot-class';
import { EMERGING_LABELS, EMERGING_TEXT, FDR_TEXT, HEATMAP_TEXT, HOTSPOT_TEXT, spotLabel, WEEK_COMPARISON_TEXT } from './hotspots-text';

describe('the weekly analysis in Swedish', () => {
	it('names every emerging category for hot and cold spots, with an explanation', () => {
		for (const category of EMERGING_CATEGORIES) {
			expect(EMERGING_LABELS[category].hot.length).toBeGreaterThan(0);
			expect(EMERGING_LABELS[category].cold.length).toBeGreaterThan(0);
			expect(EMERGING_LABELS[category].explanation.length).toBeGreaterThan(10);
		}
	});

	it('labels a cell with its class and confidence, and a cell that is neither as not significant', () => {
		expect(CONFIDENCE_LEVELS.map((l) => spotLabel('hot', l.confidence))).toEqual([
			'Hett område, 99 % säkerhet',
			'Hett område, 95 % säkerhet',
			'Hett område, 90 % säkerhet'
		]);
		expect(spotLabel('cold', 95)).toBe('Kallt område, 95 % säkerhet');
		expect(spotLabel('none', null)).toBe('Inte signifikant');
	});

	it('states limits for every measure it explains', () => {
		for (const text of [HEATMAP_TEXT, HOTSPOT_TEXT, FDR_TEXT, EMERGING_TEXT, WEEK_COMPARISON_TEXT]) {
			expect(text.limits.length).toBeGreaterThan(0);
			expect(text.what).not.toBe('');
		}
		expect(EMERGING_TEXT.limits.join(' ')).toContain('minst 8 veckor');
	});
});
