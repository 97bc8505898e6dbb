import { describe, expect, it } from 'vitest';
import { refusal } from './testing/refusal';
import { weightedDisplacementQuotient, type IncidentCounts } from './wdq';

const counts = (t: [number, number], b: [number, number], c: [number, number]): IncidentCounts => ({
	target: { before: t[0], after: t[1] },
	buffer: { before: b[0], after: b[1] },
	control: { before: c[0], after: c[1] }
});

describe('weightedDisplacementQuotient', () => {
	it('computes the textbook case by hand: T 100→60, B 80→70, C 200→200', () => {
		// SM = 60/200 − 100/200 = −0.2; DM = 70/200 − 80/200 = −0.05; WDQ = 0.25
		// TNE = (100·1 − 60) + (80·1 − 70) = 50
		const r = weightedDisplacementQuotient(counts([100, 60], [80, 70], [200, 200]));
		expect(r.successMeasure).toBeCloseTo(-0.2, 12);
		expect(r.displacementMeasure).toBeCloseTo(-0.05, 12);
		expect(r.wdq).toBeCloseTo(0.25, 12);
		expect(r.totalNetEffect).toBeCloseTo(50, 9);
		expect(r.reading).toBe('diffusion');
		expect(r.readingText).toBe('Viss spridning av positiva effekter, mindre än den direkta effekten (0 < WDQ ≤ 1).');
		expect(r.totalNetEffectText).toBe('Nettoeffekt: cirka 50,0 färre händelser i mål- och buffertområdet än kontrollområdets utveckling ger.');
	});

	it('scales by the control trend: T 50→30, B 40→50, C 100→125 has no displacement and TNE 32.5', () => {
		// SM = 30/125 − 50/100 = −0.26; DM = 50/125 − 40/100 = 0; TNE = (62.5 − 30) + (50 − 50)
		const r = weightedDisplacementQuotient(counts([50, 30], [40, 50], [100, 125]));
		expect(r.successMeasure).toBeCloseTo(-0.26, 12);
		expect(r.wdq).toBeCloseTo(0, 12);
		expect(r.reading).toBe('none');
		expect(r.totalNetEffect).toBeCloseTo(32.5, 9);
	});

	it.each([
		[[80, 30], 1.25, 'diffusion-greater'],
		[[80, 40], 1, 'diffusion'],
		[[80, 100], -0.5, 'displacement'],
		[[80, 120], -1, 'displacement'],
		[[80, 140], -1.5, 'displacement-greater']
	] as const)('reads buffer %j against T 100→60, C 200→200 as WDQ %d, %s', (buffer, wdq, reading) => {
		const r = weightedDisplacementQuotient(counts([100, 60], [...buffer], [200, 200]));
		expect(r.wdq).toBeCloseTo(wdq, 12);
		expect(r.reading).toBe(reading);
	});

	it('says more incidents when the buffer grew more than the target shrank', () => {
		const r = weightedDisplacementQuotient(counts([100, 60], [80, 140], [200, 200]));
		expect(r.totalNetEffect).toBeCloseTo(-20, 9);
		expect(r.totalNetEffectText).toMatch(/cirka 20,0 fler händelser/);
	});
});

describe('weightedDisplacementQuotient refuses', () => {
	it('a control area with no incidents before', () => {
		expect(refusal(() => weightedDisplacementQuotient(counts([10, 5], [10, 10], [0, 7])))).toEqual({
			code: 'control-zero',
			message:
				'Kontrollområdet har 0 händelser före (control.before = 0): WDQ och TNE räknar mål- och buffertområdet ' +
				'i förhållande till kontrollområdet och kan inte beräknas. Välj ett större kontrollområde eller en längre period.'
		});
	});

	it('a control area with no incidents after', () => {
		expect(refusal(() => weightedDisplacementQuotient(counts([10, 5], [10, 10], [7, 0])))).toMatchObject({
			code: 'control-zero',
			message: expect.stringMatching(/^Kontrollområdet har 0 händelser efter \(control\.after = 0\)/)
		});
	});

	it('a target that changed exactly as the control did (success measure 0)', () => {
		expect(refusal(() => weightedDisplacementQuotient(counts([100, 100], [80, 70], [200, 200])))).toEqual({
			code: 'success-measure-zero',
			message:
				'Målområdet har inte förändrats i förhållande till kontrollområdet (framgångsmått Ta/Ca − Tb/Cb = ' +
				'100/200 − 100/200 = 0, |värde| < 1e-9): WDQ delar med framgångsmåttet och går inte att beräkna.'
		});
	});

	it('a success measure below the given epsilon', () => {
		// SM = 100/201 − 100/200 ≈ −0.00249
		expect(refusal(() => weightedDisplacementQuotient(counts([100, 100], [80, 70], [200, 201]), { epsilon: 0.01 })).code).toBe(
			'success-measure-zero'
		);
		expect(weightedDisplacementQuotient(counts([100, 100], [80, 70], [200, 201])).successMeasure).toBeLessThan(0);
	});

	it('a target that got worse relative to control, explaining that WDQ reads only for an improvement', () => {
		expect(refusal(() => weightedDisplacementQuotient(counts([100, 120], [80, 70], [200, 200])))).toEqual({
			code: 'target-not-improved',
			message:
				'Målområdet har inte förbättrats i förhållande till kontrollområdet (framgångsmått Ta/Ca − Tb/Cb = ' +
				'120/200 − 100/200 = 0.1 > 0): WDQ kan bara läsas när målområdet förbättrats (framgångsmåttet är negativt); ' +
				'annars blir tolkningen av förflyttning och spridning omvänd.'
		});
	});

	it.each([
		['target', 'before', -3, 'Ogiltigt antal för målområdet före (target.before = -3): antal händelser ska vara ett heltal ≥ 0.'],
		['buffer', 'after', 2.5, 'Ogiltigt antal för buffertområdet efter (buffer.after = 2.5): antal händelser ska vara ett heltal ≥ 0.'],
		['control', 'before', undefined, 'Ogiltigt antal för kontrollområdet före (control.before = undefined): antal händelser ska vara ett heltal ≥ 0.']
	] as const)('a bad count in %s.%s (%s)', (area, period, value, message) => {
		const bad = counts([100, 60], [80, 70], [200, 200]);
		(bad[area] as unknown as Record<string, unknown>)[period] = value;
		expect(refusal(() => weightedDisplacementQuotient(bad))).toEqual({ code: 'invalid-count', message });
	});
});
