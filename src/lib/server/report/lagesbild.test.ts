import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Polygon } from 'geojson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sceneParagraphs } from '$lib/report/scene-paragraph';
import type { OrganisationKind, Role, Viewer } from '../auth/access';
import { LayerView } from '../layer-view';
import { scenesReport } from '../analysis-service';
import { tempServices } from '../testing/temp-service';
import { indicatorAreas, indicatorsFor, inputKey, lagesbildInput, lagesbildPdf, lagesbildStores, REPORT_DISPLACEMENT_RADIUS } from './lagesbild';
import { parseIndicatorTable } from '$lib/report/indicator-csv';
import { indicatorChartSvg } from '$lib/report/charts/indicator-chart';

let services: Awaited<ReturnType<typeof tempServices>>;
beforeAll(async () => {
	services = await tempServices();
});
afterAll(() => services.close());

function as(organisation: string, kind: OrganisationKind, role: Role = 'redaktör'): LayerView {
	const username = `${organisation}-${role}`;
	const viewer: Viewer = { id: 1, username, displayName: `Namn ${username}`, role, organisation: { id: organisation, name: `Org ${organisation}`, kind } };
	return new LayerView(services.layers, services.accounts, viewer);
}
const stores = (layers: LayerView) => lagesbildStores(layers, services);

function pdfText(pdf: Buffer): string {
	const dir = mkdtempSync(join(tmpdir(), 'lagesbild-'));
	try {
		writeFileSync(join(dir, 'a.pdf'), pdf);
		return execFileSync('pdftotext', ['-enc', 'UTF-8', join(dir, 'a.pdf'), '-'], { encoding: 'utf8' });
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}
const words = (text: string) => text.replace(/[\s\u00ad]+/g, ' ').replace(/([-/]) /g, '$1').trim();

describe('the edition of one reader', () => {
	it('the police’s has the scenes compared as the analysis API does; the paragraph is in the PDF', async () => {
		const layers = as('polis-jarva', 'polis');
		const input = await lagesbildInput(2023, stores(layers));
		expect(input.drugScenes?.comparison.fromYear).toBe(2021);
		expect(input.drugScenes?.comparison.toYear).toBe(2023);
		const api = scenesReport(layers, { from: 2021, to: 2023, radius: REPORT_DISPLACEMENT_RADIUS, tolerance: 'precision' });
		expect(input.drugScenes?.comparison).toEqual(api);
		const { pdf } = await lagesbildPdf(input);
		const text = words(pdfText(pdf));
		const precision = (layer: NonNullable<typeof input.drugScenes>['from']) =>
			Math.max(...layer.features.features.map((f) => Number(f.properties?.['precisionMeters'])));
		const paragraphs = sceneParagraphs(api, {
			displacementRadius: REPORT_DISPLACEMENT_RADIUS,
			precision: { from: precision(input.drugScenes!.from), to: precision(input.drugScenes!.to) }
		});
		expect(paragraphs.length).toBeGreaterThan(1);
		for (const paragraph of paragraphs) expect(text).toContain(words(paragraph));
		for (const ceased of api.scenes.filter((s) => s.status === 'ceased')) expect(paragraphs[0]).toContain(ceased.name);
		expect(input.reader).toBe('Org polis-jarva');
		expect(input.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
	}, 60_000);

	it('a property owner’s has no drug scenes: no section, chart, indicator or sentence', async () => {
		const input = await lagesbildInput(2023, stores(as('fastighetsagare', 'fastighetsägare', 'läsare')));
		expect(input.drugScenes).toBeNull();
		expect(input.indicators).toEqual([]);
		const text = pdfText((await lagesbildPdf(input)).pdf);
		expect(text).not.toMatch(/drogscen/i);
		expect(text).toMatch(/Lägesbild Järva 2023/);
	}, 60_000);

	it('the same data gives the same input and the same bytes; a saved summary changes both', async () => {
		const layers = as('sdf-jarva', 'stadsdelsförvaltning');
		const a = await lagesbildInput(2023, stores(layers));
		const b = await lagesbildInput(2023, stores(layers));
		expect(inputKey(a)).toBe(inputKey(b));
		const first = await lagesbildPdf(a);
		const again = await lagesbildPdf(b);
		expect(again.cached).toBe(true);
		expect(Buffer.compare(first.pdf, again.pdf)).toBe(0);
		await services.reportSummaries.update(2023, { baseVersion: 0, sections: [{ title: 'Ny rubrik #1 ]', body: 'Text med [hakparentes] och #tecken.' }] }, layers.viewer, 'A');
		const changed = await lagesbildInput(2023, stores(layers));
		expect(inputKey(changed)).not.toBe(inputKey(a));
		const text = words(pdfText((await lagesbildPdf(changed)).pdf));
		expect(text).toContain('Ny rubrik #1 ]');
		expect(text).toContain('Text med [hakparentes] och #tecken.');
	}, 60_000);
});

describe('indicators', () => {
	const TABLE = [
		'indikator;stadsdel;år;värde;enhet;källa;anmärkning',
		'Anmälda brott (test);Husby;2021;612;antal;Testkälla;',
		'Anmälda brott (test);Husby;2022;588,5;antal;Testkälla;',
		'Anmälda brott (test);Kista;2022;1 204;antal;Testkälla;',
		'Anmälda brott (test);Kista;2024;99;antal;Testkälla;efter utgåvan'
	].join('\n');

	it('the edition charts the imported table up to its year: the chart’s and the PDF’s numbers are the table’s', async () => {
		const layers = as('polis-jarva', 'polis');
		// the import itself (preview, merge, versions) is indicator-store.test.ts's
		const table = parseIndicatorTable(TABLE, indicatorAreas(as('sdf-jarva', 'stadsdelsförvaltning')));
		if (!table.ok) throw new Error(JSON.stringify(table.problems));
		await services.indicators.import(table.indicators, 'brott.csv', as('sdf-jarva', 'stadsdelsförvaltning').viewer, 'A');
		const input = await lagesbildInput(2023, stores(layers));
		const series = input.indicators.find((i) => i.id === 'anmalda-brott-test')!;
		expect(series.values).toEqual([
			{ area: 'Husby', year: 2021, value: 612 },
			{ area: 'Husby', year: 2022, value: 588.5 },
			{ area: 'Kista', year: 2022, value: 1204 }
		]);
		const labels = [...indicatorChartSvg(series).matchAll(/<tspan[^>]*>([^<]*)<\/tspan>|<text[^>]*>([^<]*)<\/text>/g)].map((m) => (m[1] ?? m[2] ?? '').trim());
		for (const text of ['612', '588,5', '1 204']) expect(labels.map((l) => l.replace(/&#160;|\u00a0/g, ' '))).toContain(text);
		const text = words(pdfText((await lagesbildPdf(input)).pdf)).replace(/\u00a0/g, ' ');
		expect(text).toContain('Anmälda brott (test)');
		expect(text).toContain('Källa: Testkälla');
		expect(text).toMatch(/Husby 612 588,5/);
		expect(text).not.toContain('99');
		// computed from the app's own data, for those who see the scenes
		expect(input.indicators.map((i) => i.id)).toContain('drogscener-per-stadsdel');
	}, 60_000);
});

describe('indicators computed from the app’s own data', () => {
	it('counts the walks’ findings and the weekly reports per district and year, each reader only what they see', async () => {
		await services.accounts.setOperator('sdf-jarva');
		const sdf = as('sdf-jarva', 'stadsdelsförvaltning');
		const husby = services.layers.features('stadsdelar').features.find((f) => f.properties?.name === 'Husby')!.geometry as Polygon;
		const walk = await services.inventories.create(
			{ title: 'Kvällsvandring Husby', area: { kind: 'district', name: 'Husby' }, startsAt: '2025-05-14T16:30:00.000Z', organisationIds: ['sdf-jarva', 'polis-jarva'], purpose: 'Belysning' },
			() => husby,
			sdf
		);
		const inHusby: [number, number] = [17.9275, 59.4105];
		for (const n of [1, 2]) {
			await services.inventories.addFinding(walk.id, { category: 'belysning', severity: 2, note: `Släckt lampa ${n}`, position: inHusby, clientId: randomUUID(), createdAt: '2025-05-14T17:00:00.000Z', photos: [] }, sdf);
		}
		const report = (text: string) => ({ clientId: randomUUID(), category: 'klotter', date: '2025-11-30', time: '21:30', endDate: null, position: inHusby, placeName: null, text });
		await services.reports.create(report('Klotter på gaveln'), as('fastighetsagare', 'fastighetsägare').viewer, 'a');
		await services.reports.create(report('Krossad ruta'), as('polis-jarva', 'polis').viewer, 'b');

		const value = async (layers: LayerView, id: string) => (await indicatorsFor(stores(layers))).find((i) => i.id === id)?.values.find((v) => v.area === 'Husby' && v.year === 2025)?.value;
		const police = as('polis-jarva', 'polis');
		expect(await value(police, 'fynd-per-stadsdel')).toBe(2);
		expect(await value(police, 'rapporter-per-stadsdel')).toBe(2);
		// A property owner sees its own report only, and so counts only it.
		expect(await value(as('fastighetsagare', 'fastighetsägare'), 'rapporter-per-stadsdel')).toBe(1);
		// None of these is invented: not marked as an example. Up to an edition's year, later years are left out.
		expect((await indicatorsFor(stores(police))).find((i) => i.id === 'rapporter-per-stadsdel')).toMatchObject({ example: false, origin: 'computed' });
		expect((await indicatorsFor(stores(police), 2024)).map((i) => i.id)).not.toContain('rapporter-per-stadsdel');
	});
});

