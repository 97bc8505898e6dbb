import { beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { eachDatabase } from '../../../../test/pg/each-database';
import type { OrganisationKind, Role, Viewer } from '../auth/access';
import { parseIndicatorTable, type ParsedIndicator } from '$lib/report/indicator-csv';
import { ConflictError, ForbiddenError, NotFoundError, VersionConflictError } from '../errors';
import { IndicatorStore } from './indicator-store';

/** Who imports is decided by organisation kind and role alone (access.ts requireLagesbildEdit). */
function as(organisation: string, kind: OrganisationKind, role: Role = 'redaktör'): Viewer {
	const username = `${organisation}-${role}`;
	return { id: 1, username, displayName: `Namn ${username}`, role, organisation: { id: organisation, name: `Org ${organisation}`, kind } };
}
const AREAS = ['Husby', 'Kista', 'Rinkeby'];
function table(text: string): ParsedIndicator[] {
	const parsed = parseIndicatorTable(text, AREAS);
	if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
	return parsed.indicators;
}
const TABLE = [
	'indikator;stadsdel;år;värde;enhet;källa;anmärkning',
	'Anmälda brott (test);Husby;2021;612;antal;Testkälla;',
	'Anmälda brott (test);Husby;2022;588,5;antal;Testkälla;',
	'Anmälda brott (test);Kista;2022;1 204;antal;Testkälla;',
	'Anmälda brott (test);Kista;2024;99;antal;Testkälla;efter utgåvan'
].join('\n');

describe('indicators', () => {
	eachDatabase((database) => {
		let indicators: IndicatorStore;
		const sdf = as('sdf-jarva', 'stadsdelsförvaltning');
		beforeEach(() => {
			indicators = new IndicatorStore(database());
		});

		it('an import is previewed, then stored with its provenance as a version; a second merges', async () => {
			expect(await indicators.preview(table(TABLE))).toEqual([
				{ id: 'anmalda-brott-test', title: 'Anmälda brott (test)', isNew: true, added: 4, changed: 0, unchanged: 0, describedAnew: false }
			]);
			expect(await indicators.list()).toEqual([]);
			await expect(indicators.import(table(TABLE), 'brott.csv', as('fastighetsagare', 'fastighetsägare'), 'X')).rejects.toThrow(ForbiddenError);
			await indicators.import(table(TABLE), 'brott.csv', sdf, 'A');
			const again = table('indikator;område;år;värde;enhet;källa\nAnmälda brott (test);Husby;2022;590;antal;Testkälla');
			expect((await indicators.preview(again))[0]).toMatchObject({ added: 0, changed: 1, unchanged: 0 });
			const [stored] = (await indicators.import(again, 'rättelse.csv', sdf, 'B')).indicators;
			expect(stored).toMatchObject({ version: 2, file: 'rättelse.csv', createdBy: 'A', updatedBy: 'B', source: 'Testkälla' });
			expect(stored!.values.find((v) => v.area === 'Husby' && v.year === 2022)?.value).toBe(590);
			expect(stored!.values).toHaveLength(4);
			const restored = await indicators.restore(stored!.id, 1, 2, sdf, 'A');
			expect(restored.values.find((v) => v.area === 'Husby' && v.year === 2022)?.value).toBe(588.5);
			expect((await indicators.history(stored!.id)).map((v) => v.action)).toEqual(['create', 'update', 'restore']);
		});

		it('lists by title whatever the case; an import without a file names none', async () => {
			await indicators.import(table('indikator;stadsdel;år;värde;enhet;källa\nbelysning;Husby;2023;12;antal;K\nAnmälda brott;Kista;2023;5;antal;K'), null, sdf, 'A');
			expect((await indicators.list()).map((i) => i.title)).toEqual(['Anmälda brott', 'belysning']);
			expect((await indicators.get('belysning')).file).toBeNull();
		});

		it('an unknown indicator is not found; a stale version is a conflict; a version never saved is not found', async () => {
			for (const id of ['finns-inte', "'; DROP TABLE indicators; --"]) {
				await expect(indicators.get(id)).rejects.toThrow(NotFoundError);
				await expect(indicators.history(id)).rejects.toThrow(NotFoundError);
				await expect(indicators.restore(id, 1, 1, sdf, 'A')).rejects.toThrow(NotFoundError);
			}
			const [stored] = (await indicators.import(table(TABLE), 'brott.csv', sdf, 'A')).indicators;
			await indicators.import(table('indikator;stadsdel;år;värde;enhet;källa\nAnmälda brott (test);Husby;2021;1;antal;Testkälla'), null, sdf, 'B');
			const conflict = await indicators.restore(stored!.id, 1, 1, sdf, 'A').catch((error: unknown) => error);
			expect(conflict).toBeInstanceOf(VersionConflictError);
			expect((conflict as Error).message).toMatch(/nu version 2/);
			await expect(indicators.restore(stored!.id, 9, 2, sdf, 'A')).rejects.toThrow(NotFoundError);
			expect(await indicators.history(stored!.id)).toHaveLength(2);
		});

		it('an import is all or nothing: one indicator that no longer fits its scale writes none of the others', async () => {
			await indicators.import(table('indikator;stadsdel;år;värde;enhet;källa\nBrott;Husby;2021;10;antal;K'), null, sdf, 'A');
			const graded = table('indikator;stadsdel;år;värde;enhet;källa;skala\nTrygghet;Husby;2022;låg;nivå;K;låg < hög\nBrott;Kista;2022;hög;nivå;K;låg < hög');
			await expect(indicators.import(graded, 'blandad.csv', sdf, 'B')).rejects.toThrow(ConflictError);
			expect((await indicators.list()).map((i) => [i.id, i.version])).toEqual([['brott', 1]]);
			const { rows } = await sql<{ n: number }>`SELECT COUNT(*) AS n FROM object_history`.execute(database().query);
			expect(Number(rows[0]!.n)).toBe(1);
		});
	});
});
