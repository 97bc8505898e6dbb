/** The week's lägesbild as a real PDF (the Typst compiler), read back with poppler's pdftotext. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Viewer } from '../auth/access';
import { LayerView } from '../layer-view';
import { tempServices } from '../testing/temp-service';
import { ensureDemoReports } from './demo-reports';
import { weekMapSvg, weekReportInput, weekReportPdf } from './week-pdf';

let services: Awaited<ReturnType<typeof tempServices>>;
let dir: string;
beforeAll(async () => {
	services = await tempServices();
	await services.accounts.setOperator('sdf-jarva');
	await ensureDemoReports(services, '2026-W49');
	dir = mkdtempSync(join(tmpdir(), 'veckopdf-'));
});
afterAll(() => {
	services.close();
	rmSync(dir, { recursive: true, force: true });
});

const viewer = (org: 'polis-jarva' | 'fastighetsagare'): LayerView => {
	const v: Viewer = { id: 1, username: 'u', displayName: 'Ulla', role: 'redaktör', organisation: { id: org, name: org === 'polis-jarva' ? 'Lokalpolisområde Järva' : 'Fastighetsägare i Järva', kind: org === 'polis-jarva' ? 'polis' : 'fastighetsägare' } };
	return new LayerView(services.layers, services.accounts, v);
};

function text(pdf: Buffer, name: string): string {
	writeFileSync(join(dir, name), pdf);
	// -raw: table cells in reading order, not laid out as columns
	return execFileSync('pdftotext', ['-raw', '-enc', 'UTF-8', join(dir, name), '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
}

describe('the week’s lägesbild as PDF', () => {
	it('says the week, the counts, the focus places, last week’s follow-up, the sources and that the reports are invented', async () => {
		const police = viewer('polis-jarva');
		const last = await services.focusPlaces.create({ week: '2026-W48', place: { kind: 'point', position: [17.9275, 59.4105] }, name: 'Husby centrum', ownerOrganisationId: 'polis-jarva', text: 'Grupperingar kvällstid' }, police);
		await services.focusPlaces.followUp(last.id, { baseVersion: 1, outcome: 'fortsatter', note: 'Fortfarande kvällstid' }, police);
		const cell = await services.focusPlaces.create({ week: '2026-W49', place: { kind: 'cell', cellId: 'E666000N6589400', cellSize: 200 }, name: 'Trappan vid Husby gård', ownerOrganisationId: 'fastighetsagare', text: 'Klotter och nedskräpning' }, police);
		await services.focusPlaces.addMeasure(cell.id, { measure: { title: 'Sanera klottret', description: '', ownerOrganisationId: 'fastighetsagare', dueDate: '2026-12-11', status: 'beslutad' } }, police);

		const input = await weekReportInput('2026-W49', police, services);
		const made = weekReportPdf(input);
		expect(made.pdf.subarray(0, 5).toString()).toBe('%PDF-');
		const t = text(made.pdf, 'polis.pdf');
		expect(t).toContain('Veckans lägesbild – Vecka 49, 2026 (30 november – 6 december 2026)');
		expect(t).toContain('Exempel – påhittade händelser');
		expect(t).toContain(`${input.comparison.total.current} rapporter vecka 49`);
		const husby = input.comparison.byDistrict.find((d) => d.district === 'Husby')!;
		expect(t).toMatch(new RegExp(`Husby ${husby.current} `));
		expect(t).toContain('Trappan vid Husby gård');
		expect(t).toContain('Sanera klottret');
		expect(t).toContain('Husby centrum');
		expect(t).toMatch(/Fortsätter: Fortfarande kvällstid/);
		expect(t).toContain('ODbL');
		expect(t).toContain('Heta och kalla områden');
		expect(input.cells.length).toBeGreaterThan(0);
		// the map: outlines, cells, reports, both focus places, the example mark and the licences
		const svg = weekMapSvg(input);
		expect(svg).toContain('Exempel – påhittade händelser');
		expect(svg).toContain('Kartdata:');
		expect(svg).toContain('Husby');
	});

	it('a partner’s edition has its own reports and focus places only, and says so', async () => {
		const owner = viewer('fastighetsagare');
		const input = await weekReportInput('2026-W49', owner, services);
		expect(input.seesAll).toBe(false);
		expect(input.focusPlaces.every((f) => f.ownerOrganisationId === 'fastighetsagare')).toBe(true);
		expect(input.followUp).toEqual([]);
		const t = text(weekReportPdf(input).pdf, 'agare.pdf');
		expect(t).toContain('bygger bara på Fastighetsägare i Järvas egna rapporter');
		expect(t).not.toContain('Husby centrum');
	});
});
