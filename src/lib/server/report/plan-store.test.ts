import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { eachDatabase } from '../../../../test/pg/each-database';
import type { OrganisationKind, Role, Viewer } from '../auth/access';
import { BadParamError, ForbiddenError, NotFoundError, VersionConflictError } from '../errors';
import { LayerView } from '../layer-view';
import { tempServices } from '../testing/temp-service';
import { lagesbildInput, lagesbildPdf, lagesbildStores } from './lagesbild';
import { PlanStore, type PlanArea, type PlanAreaInput } from './plan-store';

// Layers, accounts and measures from seeded services on SQLite (they run there until they move);
// the plan store under test runs on each database.
let services: Awaited<ReturnType<typeof tempServices>>;
beforeEach(async () => {
	services = await tempServices();
});
afterEach(() => services.close());

function as(organisation: string, kind: OrganisationKind, role: Role = 'redaktör'): LayerView {
	const viewer: Viewer = { id: 1, username: `${organisation}-${role}`, displayName: `Namn ${organisation}`, role, organisation: { id: organisation, name: `Org ${organisation}`, kind } };
	return new LayerView(services.layers, services.accounts, viewer);
}
const sdf = () => as('sdf-jarva', 'stadsdelsförvaltning');
const owner = () => as('fastighetsagare', 'fastighetsägare', 'läsare');

const change = (area: PlanArea, priorities: PlanAreaInput['priorities']): PlanAreaInput => ({
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
	eachDatabase((database) => {
		let plan: PlanStore;
		beforeEach(async () => {
			plan = new PlanStore(database(), services.measures);
		});
		const stores = (layers: LayerView) => ({ ...lagesbildStores(layers, services), plan });
		/** The scene link saved as version 1, with a measure. */
		async function linked() {
			const measure = await services.measures.create(
				{ title: 'Belysning vid Nordkapsgatan', description: '', ownerOrganisationId: 'sdf-jarva', dueDate: '2024-03-31', status: 'beslutad' },
				sdf()
			);
			const area = await plan.get(2023, 'otrygga-platser', sdf());
			const saved = await plan.update(
				2023,
				'otrygga-platser',
				change(area, [
					{ text: 'Belysa Nordkapsgatan.', measureIds: [measure.id], places: [{ layerId: 'drogscener-2023', featureId: 'ds2023-nordkapsgatan' }] },
					{ text: 'Trygghetsvandring i Akalla.', measureIds: [], places: [{ layerId: 'otrygga-platser', featureId: 'op-akalla-01' }] }
				]),
				sdf()
			);
			return { measure, saved };
		}

		it('2023 starts as the lägesbild’s five areas with their sections; 2024 carries them on without results', async () => {
			const areas = await plan.list(2023, sdf());
			expect(areas.map((a) => a.id)).toEqual(['unga-i-riskzon', 'otrygga-platser', 'systemhotande-brottslighet', 'sarbara-brottsoffer', 'kriminella-miljoer']);
			expect(areas[0]).toMatchObject({ version: 0, prioritiesYear: 2024, section: 'Lägesbild Järva 2023, Prioriterade samverkansområden: Unga i riskzon för destruktivt beteende' });
			const next = await plan.list(2024, sdf());
			expect(next[0]).toMatchObject({ version: 0, results: [], priorities: [], goals: areas[0]!.goals, prioritiesYear: 2025 });
			expect(await plan.list(2022, sdf())).toEqual([]);
		});

		it('a saved year is carried on to the next, which starts at version 0 again', async () => {
			const area = await plan.get(2023, 'otrygga-platser', sdf());
			await plan.update(2023, 'otrygga-platser', { ...change(area, []), goals: ['Ett nytt mål.'], results: ['Gjort.'] }, sdf());
			const next = await plan.get(2025, 'otrygga-platser', sdf());
			expect(next).toMatchObject({ version: 0, goals: ['Ett nytt mål.'], results: [], section: 'Handlingsplanen 2025' });
			const saved = await plan.update(2025, 'otrygga-platser', change(next, []), sdf());
			expect(saved).toMatchObject({ version: 1, year: 2025 });
			expect((await plan.get(2024, 'otrygga-platser', sdf())).version).toBe(0);
		});

		it('links priorities to measures and places; each reader sees only what they may, and the edition says so', async () => {
			const { measure, saved } = await linked();
			expect(saved).toMatchObject({ version: 1, workForms: ['special-measures'] });
			expect(saved.priorities[0]).toMatchObject({ measures: [{ id: measure.id, title: 'Belysning vid Nordkapsgatan' }], places: [{ name: 'Nordkapsgatan, Husby' }] });
			// the property owner does not see the scene: the link is not there for them
			const seen = await plan.get(2023, 'otrygga-platser', owner());
			expect(seen.priorities[0]!.places).toEqual([]);
			expect(seen.priorities[1]!.places.map((p) => p.featureId)).toEqual(['op-akalla-01']);

			const police = await lagesbildInput(2023, stores(as('polis-jarva', 'polis')));
			const link = police.collaborationAreas.find((a) => a.id === 'otrygga-platser')!.priorities[0]!;
			expect(link).toEqual({ text: 'Belysa Nordkapsgatan.', measureIds: [measure.id], places: ['Nordkapsgatan, Husby'] });
			expect(police.measures.map((m) => m.id)).toContain(measure.id);
			const text = pdfText((await lagesbildPdf(police)).pdf);
			expect(text).toContain('Belysa Nordkapsgatan.');
			expect(text).toContain('ingår i åtgärdsplanen');
			const ownerText = pdfText((await lagesbildPdf(await lagesbildInput(2023, stores(owner())))).pdf);
			expect(ownerText).toContain('Belysa Nordkapsgatan.');
			expect(ownerText).not.toContain('Nordkapsgatan, Husby');
		}, 60_000);

		it('refuses links the writer cannot see, stale versions and other organisations; keeps links hidden from the writer', async () => {
			await linked();
			const area = await plan.get(2023, 'otrygga-platser', sdf());
			await expect(plan.update(2023, 'otrygga-platser', change(area, [{ text: 'X', measureIds: ['finns-inte'], places: [] }]), sdf())).rejects.toThrow(BadParamError);
			await expect(plan.update(2023, 'otrygga-platser', change(area, [{ text: 'X', measureIds: [], places: [{ layerId: 'stadsdelar', featureId: 'nej' }] }]), sdf())).rejects.toThrow(BadParamError);
			await expect(plan.update(2023, 'otrygga-platser', { ...change(area, []), baseVersion: 0 }, sdf())).rejects.toThrow(VersionConflictError);
			await expect(plan.update(2023, 'otrygga-platser', change(area, []), as('fastighetsagare', 'fastighetsägare'))).rejects.toThrow(ForbiddenError);
			// a writer who does not see the scenes (an organisation of kind polis without scene rights, here: another police org) keeps the scene link
			const blind = as('annan-polis', 'polis');
			const theirs = await plan.get(2023, 'otrygga-platser', blind);
			expect(theirs.priorities[0]!.places).toEqual([]);
			const kept = await plan.update(2023, 'otrygga-platser', change(theirs, theirs.priorities.map((p) => ({ text: p.text, measureIds: p.measures.map((m) => m.id), places: p.places }))), blind);
			expect(kept.version).toBe(2);
			expect((await plan.get(2023, 'otrygga-platser', sdf())).priorities[0]!.places.map((p) => p.name)).toEqual(['Nordkapsgatan, Husby']);
			const restored = await plan.restore(2023, 'otrygga-platser', 1, 2, sdf());
			expect(restored.version).toBe(3);
			expect((await plan.history(2023, 'otrygga-platser', sdf())).map((v) => v.action)).toEqual(['create', 'update', 'restore']);
		});

		it('an unknown area, a year without a plan and a version never saved are not found; a stale one writes nothing', async () => {
			for (const id of ['finns-inte', "'; DROP TABLE plan_areas; --"]) {
				await expect(plan.get(2023, id, sdf())).rejects.toThrow(NotFoundError);
				await expect(plan.history(2023, id, sdf())).rejects.toThrow(NotFoundError);
			}
			const area = await plan.get(2023, 'otrygga-platser', sdf());
			for (const year of [2022, 2101, 2023.5]) await expect(plan.update(year, 'otrygga-platser', change(area, []), sdf()), String(year)).rejects.toThrow(NotFoundError);
			await expect(plan.restore(2023, 'otrygga-platser', 4, 0, sdf())).rejects.toThrow(NotFoundError);
			await plan.update(2023, 'otrygga-platser', change(area, []), sdf());
			const conflict = await plan.update(2023, 'otrygga-platser', { ...change(area, []), comment: 'Gammal' }, sdf()).catch((error: unknown) => error);
			expect(conflict).toBeInstanceOf(VersionConflictError);
			expect((conflict as Error).message).toMatch(/nu version 1/);
			expect((await plan.get(2023, 'otrygga-platser', sdf())).comment).toBe(area.comment);
			expect(await plan.history(2023, 'otrygga-platser', sdf())).toHaveLength(1);
		});

		it('an area saved inside a write that fails later is not kept, nor its history', async () => {
			const area = await plan.get(2023, 'otrygga-platser', sdf());
			await expect(
				database().write(async () => {
					await plan.update(2023, 'otrygga-platser', { ...change(area, []), comment: 'Halvvägs' }, sdf());
					throw new Error('later step failed');
				})
			).rejects.toThrow('later step failed');
			expect(await plan.get(2023, 'otrygga-platser', sdf())).toMatchObject({ version: 0, comment: area.comment });
			const { rows } = await sql<{ n: number }>`SELECT COUNT(*) AS n FROM plan_areas`.execute(database().query);
			expect(Number(rows[0]!.n)).toBe(0);
		});
	});
});
