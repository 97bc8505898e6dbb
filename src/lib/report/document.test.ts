import { describe, expect, it } from 'vitest';
import { formatNumber } from '../format';
import { indicatorChartSvg } from './charts/indicator-chart';
import { buildReport, ReportInputError } from './document';
import { EXAMPLE_MARK } from './indicators';
import type { IndicatorSeries } from './model';
import { sceneParagraphs } from './scene-paragraph';
import { demoReportInput, EXAMPLE_GRADE, EXAMPLE_INDICATOR } from './testing/demo-input';

/** The texts of an SVG's <text> elements, entities decoded. */
function svgTexts(svg: string): string[] {
	return [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) =>
		m[1]!
			.replace(/&#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code)))
			.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&')
	);
}

const dataOf = (files: Record<string, string>) => JSON.parse(files['data.json']!);

// one build for the read-only checks: the maps and charts take a moment
const input = demoReportInput({ context: false });
const report = buildReport(input);
const data = dataOf(report.files);

describe('buildReport: the indicators', () => {
	it("a numeric chart writes exactly the imported table's values at its points, as Swedish numbers", () => {
		const index = input.indicators.indexOf(EXAMPLE_INDICATOR);
		const texts = svgTexts(report.files[`figures/indikator-${index + 1}.svg`]!);
		const labels = EXAMPLE_INDICATOR.values.map((v) => formatNumber(v.value as number));
		expect(labels).toContain('588,5');
		expect(labels).toContain('1\u00a0204');
		for (const label of labels) expect(texts).toContain(label);
		// no value label that is not in the table (ticks are on the axis, years on x, names of panels)
		const numbersShown = texts.filter((t) => /^\d[\d\u00a0]*(,\d+)?$/.test(t) && !/^20\d\d$/.test(t));
		const ticks = new Set(['0', '500', '1\u00a0000']);
		expect(numbersShown.filter((t) => !ticks.has(t)).sort()).toEqual([...labels].sort());
	});

	it("the indicator's table has one row per area and '–' where the table has no value", () => {
		const table = data.indicators.find((i: { title: string }) => i.title === EXAMPLE_INDICATOR.title).table;
		expect(table.header).toEqual(['Område', '2020', '2021', '2022']);
		expect(table.rows).toContainEqual(['Husby', '655', '601', '588,5']);
		expect(table.rows).toContainEqual(['Tensta', '980', '–', '902']);
	});

	it('an indicator with invented numbers says "Exempel – påhittade siffror" on its chart and in its caption', () => {
		const index = input.indicators.indexOf(EXAMPLE_INDICATOR);
		expect(svgTexts(report.files[`figures/indikator-${index + 1}.svg`]!)).toContain(EXAMPLE_MARK);
		const section = data.indicators[index];
		expect(section.example).toBe(EXAMPLE_MARK);
		expect(section.figure.caption).toContain(`${EXAMPLE_MARK}. Källa: Påhittade siffror`);
	});

	it('a chart of real data carries no example mark', () => {
		const computed = input.indicators.find((i) => i.origin === 'computed')!;
		expect(computed.example).toBe(false);
		expect(indicatorChartSvg(computed)).not.toContain(EXAMPLE_MARK);
	});

	it('a grade is drawn on its scale: the levels are the axis, and no level is written as a number', () => {
		const svg = indicatorChartSvg(EXAMPLE_GRADE);
		const texts = svgTexts(svg);
		for (const level of EXAMPLE_GRADE.scale!.levels) expect(texts).toContain(level);
		expect(texts.filter((t) => /^\d+$/.test(t) && !/^20\d\d$/.test(t))).toEqual([]);
	});

	it('every chart is set in Noto Sans only and has no ids that depend on what was drawn before', () => {
		const first = indicatorChartSvg(EXAMPLE_INDICATOR);
		indicatorChartSvg(EXAMPLE_GRADE);
		expect(indicatorChartSvg(EXAMPLE_INDICATOR)).toBe(first);
		expect(first).toMatch(/^<svg[^>]* font-family="Noto Sans"/);
		expect(first).not.toMatch(/system-ui|sans-serif|plot-clip-|currentColor/);
	});
});

describe('buildReport: the drug scenes', () => {
	it("prints the paragraph written from the input's comparison", () => {
		const scenes = input.drugScenes!;
		expect(data.scenes.paragraphs).toEqual(
			sceneParagraphs(scenes.comparison, { displacementRadius: 1000, precision: { from: 150, to: 75 } })
		);
	});

	it('lists each place once, with its years and status', () => {
		expect(data.scenes.table.header).toEqual(['Plats', 'Stadsdel', '2021', '2023', 'Status', 'Anmärkning']);
		expect(data.scenes.table.rows).toHaveLength(9);
		expect(data.scenes.table.rows).toContainEqual(['Kista C/Busstorg och tunnelbanestation', 'Kista', 'ja', 'ja', 'kvarstår', '–']);
		expect(data.scenes.table.rows).toContainEqual(['Nordkapsgatan, Husby', 'Husby', '–', 'ja', 'ny', 'möjligen flyttad från Husby C, 460\u00a0m']);
	});

	it('draws both years on one map: the earlier hatched and dashed, every label with its year', () => {
		const map = report.files['figures/drogscener.svg']!;
		expect(map).toContain('<pattern id="hatch-c8281d"');
		expect(map).toMatch(/stroke="#c8281d"[^>]*stroke-dasharray/);
		const texts = svgTexts(map);
		expect(texts).toContain('Husby C (2021)');
		expect(texts).toContain('Nordkapsgatan, Husby (2023, ny)');
		expect(texts).toContain('Kista C/Busstorg och tunnelbanestation (2021, 2023)');
		expect(texts.some((t) => t.startsWith('Kartdata:') && t.includes('OpenStreetMap-bidragsgivare'))).toBe(true);
	});

	it("a property owner's edition, without the scene layers, has no drug scenes anywhere: no section, map, chart or word", () => {
		const owner = buildReport(demoReportInput({ reader: 'Fastighetsägare i Järva', scenes: false, context: false }));
		expect(dataOf(owner.files).scenes).toBeNull();
		expect(Object.keys(owner.files)).not.toContain('figures/drogscener.svg');
		for (const [path, content] of Object.entries(owner.files)) {
			expect(content.toLowerCase(), path).not.toMatch(/drogscen|ds2021|ds2023/);
		}
		expect(owner.main).toContain('#if data.scenes != none');
	}, 30_000);
});

describe('buildReport: maps, places, action plan', () => {
	it('every map has a scale bar, a north arrow and the licences of what it draws', () => {
		for (const file of ['figures/omradet.svg', 'figures/drogscener.svg', 'figures/otrygga-platser.svg']) {
			const texts = svgTexts(report.files[file]!);
			expect(texts, file).toContain('N');
			expect(texts.some((t) => /^\d+ (m|km)$/.test(t)), file).toBe(true);
			expect(texts.find((t) => t.startsWith('Kartdata:')), file).toContain('CC0 1.0 (Stockholms stad)');
		}
	});

	it('the map of invented insecure places says so on the map and in its caption', () => {
		expect(svgTexts(report.files['figures/otrygga-platser.svg']!)).toContain('Exempel – påhittade platser');
		expect(data.places.figure.caption).toContain('Exempel – påhittade platser.');
	});

	it('approximate geometry is labelled in the caption with its precision', () => {
		expect(data.area.figure.caption).toContain('Ungefärlig geometri: Schematisk avgränsning');
	});

	it("the action plan links a priority to its measure's title and status and to its place", () => {
		const area = data.collaboration.find((a: { title: string }) => a.title === 'Otrygga och brottsutsatta platser');
		expect(area.priorities.at(-1)).toEqual({
			text: 'Vinterplats med extra belysning i Tenstagången.',
			links: 'Åtgärd: Utökad belysning i Tenstagången (pågår) · Plats: Tenstagången/Tensta C'
		});
		expect(area.results).toContain('Sju trygghetsinventeringar genomförda.');
		expect(area.section).toBe('Lägesbild Järva 2023, Prioriterade samverkansområden: Otrygga och brottsutsatta platser');
	});

	it('the measures appendix marks invented measures as examples', () => {
		expect(data.measures.rows[0]).toEqual(['Utökad belysning i Tenstagången (exempel)', 'Pågår', 'Stadsdelsförvaltningen Järva', '2024-03-31', 'Tenstagången/Tensta C']);
	});

	it('the same input gives the same files, byte for byte', () => {
		expect(buildReport(demoReportInput({ context: false }))).toEqual(report);
	}, 30_000);
});

describe('buildReport: bad input', () => {
	it('refuses an indicator with a value off its scale, a duplicate and a non-number, naming each', () => {
		const bad: IndicatorSeries = {
			...EXAMPLE_GRADE,
			values: [...EXAMPLE_GRADE.values, { area: 'Husby', year: 2023, value: 'bra' }]
		};
		const numbers: IndicatorSeries = { ...EXAMPLE_INDICATOR, values: [{ area: 'Husby', year: 2021, value: Number.NaN }] };
		const attempt = () => buildReport({ ...input, indicators: [bad, numbers] });
		expect(attempt).toThrow(ReportInputError);
		try {
			attempt();
		} catch (error) {
			expect((error as ReportInputError).problems).toEqual([
				'Indikatorn "Lokalpolisområdets bedömning av utvecklingen": Husby 2023 finns mer än en gång.',
				'Indikatorn "Lokalpolisområdets bedömning av utvecklingen": Husby 2023 har värdet "bra", som inte finns på skalan (negativ utveckling, oförändrad, positiv utveckling).',
				'Indikatorn "Anmälda livskvalitetsbrott": Husby 2021 har värdet null, som inte är ett tal.'
			]);
		}
	});

	it('refuses a priority that points at a measure the input does not have', () => {
		const areas = input.collaborationAreas.map((a, i) => (i === 0 ? { ...a, priorities: [{ text: 'X', measureIds: ['saknas'], places: [] }] } : a));
		expect(() => buildReport({ ...input, collaborationAreas: areas })).toThrow(/pekar på åtgärden "saknas", som inte finns bland åtgärderna/);
	});

	it('refuses a malformed date', () => {
		expect(() => buildReport({ ...input, asOf: '30/11/2023' })).toThrow('Datumet "30/11/2023" ska skrivas ÅÅÅÅ-MM-DD.');
	});
});
