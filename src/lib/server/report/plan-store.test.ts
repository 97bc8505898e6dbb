import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrganisationKind, Role, Viewer } from '../auth/access';
import { BadParamError, ForbiddenError, VersionConflictError } from '../errors';
import { LayerView } from '../layer-view';
import { tempServices } from '../testing/temp-service';
import { lagesbildInput, lagesbildPdf, lagesbildStores } from './lagesbild';
import type { PlanAreaInput } from './plan-store';

let services: ReturnType<typeof tempServices>;
beforeAll(() => {
	services = tempServices();
});
afterAll(() => services.close());

function as(organisation: string, kind: OrganisationKind, role: Role = 'redaktör'): LayerView {
	const viewer: Viewer = { id: 1, username: `${organisation}-${role}`, displayName: `Namn ${organisation}`, role, organisation: { id: organisation, name: `Org ${organisation}`, kind } };
	return new LayerView(services.layers, services.accounts, viewer);
}
const sdf = () => as('sdf-jarva', 'stadsdelsförvaltning');
const owner = () => as('fastighetsagare', 'fastighetsägare', 'läsare');

const change = (area: ReturnType<typeof services.plan.get>, priorities: PlanAreaInput['priorities']): PlanAreaInput => ({
	baseVersion: area.version,
	description: area.description,
	collaborators: area.collaborators,
	goals: area.goals,
	workForms: ['special-measures'],
	comment: area.comment,
	results: area.results,
	priorities
});

function pdfText(pdf: Buffer): string {
	const dir = mkdtempSync(join(tmpdir(), 'plan-'));
	try {
		writeFileSync(join(dir, 'a.pdf'), pdf);
		return execFileSync('pdftotext', ['-enc', 'UTF-8', join(dir, 'a.pdf'), '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

describe('the action plan', () => {
	it('2023 starts as the lägesbild’s five areas with their sections; 2024 carries them on without results', () => {
		const areas = services.plan.list(2023, sdf());
		expect(areas.map((a) => a.id)).toEqual(['unga-i-riskzon', 'otrygga-platser', 'systemhotande-brottslighet', 'sarbara-brottsoffer', 'kriminella-miljoer']);
		expect(areas[0]).toMatchObject({ version: 0, prioritiesYear: 2024, section: 'Lägesbild Järva 2023, Prioriterade samverkansområden: Unga i riskzon för destruktivt beteende' });
		const next = services.plan.list(2024, sdf());
		expect(next[0]).toMatchObject({ version: 0, results: [], priorities: [], goals: areas[0]!.goals, prioritiesYear: 2025 });
		expect(services.plan.list(2022, sdf())).toEqual([]);
	});

	it('links priorities to measures and places; each reader sees only what they may, and the edition says so', async () => {
		const measure = services.measures.create(
			{ title: 'Belysning vid Nordkapsgatan', description: '', ownerOrganisationId: 'sdf-jarva', dueDate: '2024-03-31', status: 'beslutad' },
			sdf()
		);
		const area = services.plan.get(2023, 'otrygga-platser', sdf());
		const saved = services.plan.update(
			2023,
			'otrygga-platser',
			change(area, [
				{ text: 'Belysa Nordkapsgatan.', measureIds: [measure.id], places: [{ layerId: 'drogscener-2023', featureId: 'ds2023-nordkapsgatan' }] },
				{ text: 'Trygghetsvandring i Akalla.', measureIds: [], places: [{ layerId: 'otrygga-platser', featureId: 'op-akalla-01' }] }
			]),
			sdf()
		);
		expect(saved).toMatchObject({ version: 1, workForms: ['special-measures'] });
		expect(saved.priorities[0]).toMatchObject({ measures: [{ id: measure.id, title: 'Belysning vid Nordkapsgatan' }], places: [{ name: 'Nordkapsgatan, Husby' }] });
		// the property owner does not see the scene: the link is not there for them
		const seen = services.plan.get(2023, 'otrygga-platser', owner());
		expect(seen.priorities[0]!.places).toEqual([]);
		expect(seen.priorities[1]!.places.map((p) => p.featureId)).toEqual(['op-akalla-01']);

		const police = await lagesbildInput(2023, lagesbildStores(as('polis-jarva', 'polis'), services));
		const linked = police.collaborationAreas.find((a) => a.id === 'otrygga-platser')!.priorities[0]!;
		expect(linked).toEqual({ text: 'Belysa Nordkapsgatan.', measureIds: [measure.id], places: ['Nordkapsgatan, Husby'] });
		expect(police.measures.map((m) => m.id)).toContain(measure.id);
		const text = pdfText((await lagesbildPdf(police)).pdf);
		expect(text).toContain('Belysa Nordkapsgatan.');
		expect(text).toContain('ingår i åtgärdsplanen');
		const ownerText = pdfText((await lagesbildPdf(await lagesbildInput(2023, lagesbildStores(owner(), services)))).pdf);
		expect(ownerText).toContain('Belysa Nordkapsgatan.');
		expect(ownerText).not.toContain('Nordkapsgatan, Husby');
	}, 60_000);

	it('refuses links the writer cannot see, stale versions and other organisations; keeps links hidden from the writer', () => {
		const area = services.plan.get(2023, 'otrygga-platser', sdf());
		expect(() => services.plan.update(2023, 'otrygga-platser', change(area, [{ text: 'X', measureIds: ['finns-inte'], places: [] }]), sdf())).toThrow(BadParamError);
		expect(() => services.plan.update(2023, 'otrygga-platser', change(area, [{ text: 'X', measureIds: [], places: [{ layerId: 'stadsdelar', featureId: 'nej' }] }]), sdf())).toThrow(BadParamError);
		expect(() => services.plan.update(2023, 'otrygga-platser', { ...change(area, []), baseVersion: 0 }, sdf())).toThrow(VersionConflictError);
		expect(() => services.plan.update(2023, 'otrygga-platser', change(area, []), as('fastighetsagare', 'fastighetsägare'))).toThrow(ForbiddenError);
		// a writer who does not see the scenes (an organisation of kind polis without scene rights, here: another police org) keeps the scene link
		const blind = as('annan-polis', 'polis');
		const theirs = services.plan.get(2023, 'otrygga-platser', blind);
		expect(theirs.priorities[0]!.places).toEqual([]);
		const kept = services.plan.update(2023, 'otrygga-platser', change(theirs, theirs.priorities.map((p) => ({ text: p.text, measureIds: p.measures.map((m) => m.id), places: p.places }))), blind);
		expect(kept.version).toBe(2);
		expect(services.plan.get(2023, 'otrygga-platser', sdf()).priorities[0]!.places.map((p) => p.name)).toEqual(['Nordkapsgatan, Husby']);
		const restored = services.plan.restore(2023, 'otrygga-platser', 1, 2, sdf());
		expect(restored.version).toBe(3);
		expect(services.plan.history(2023, 'otrygga-platser', sdf()).map((v) => v.action)).toEqual(['create', 'update', 'restore']);
	});
});
