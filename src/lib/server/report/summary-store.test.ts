import { beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { eachDatabase } from '../../../../test/pg/each-database';
import type { OrganisationKind, Role, Viewer } from '../auth/access';
import { BadParamError, ForbiddenError, NotFoundError, VersionConflictError } from '../errors';
import { editionYear, ReportSummaryStore } from './summary-store';

/** The summary's writers are decided by organisation kind and role alone (access.ts requireLagesbildEdit). */
function as(organisation: string, kind: OrganisationKind, role: Role = 'redaktör'): Viewer {
	const username = `${organisation}-${role}`;
	return { id: 1, username, displayName: `Namn ${username}`, role, organisation: { id: organisation, name: `Org ${organisation}`, kind } };
}

describe('the summary', () => {
	it('a year in a path is four digits in range, else a Swedish 400', () => {
		expect(editionYear('2023')).toBe(2023);
		for (const bad of ['23', '1999', 'år', '2023.5', '2101']) expect(() => editionYear(bad)).toThrow(/inget årtal/);
	});

	eachDatabase((database) => {
		let summaries: ReportSummaryStore;
		beforeEach(() => {
			summaries = new ReportSummaryStore(database());
		});

		it('starts as the lägesbild’s own for 2023 (version 0), empty for other years', async () => {
			expect(await summaries.get(2023)).toMatchObject({ version: 0, sections: [{ title: 'Inledning' }, { title: 'Syfte' }] });
			expect(await summaries.get(2024)).toMatchObject({ version: 0, sections: [] });
		});

		it('is written by the district administration and the police, versioned, restorable', async () => {
			const sdf = as('sdf-jarva', 'stadsdelsförvaltning');
			const first = await summaries.update(2024, { baseVersion: 0, sections: [{ title: ' Läget ', body: 'Ett.\r\n\r\nTvå.' }] }, sdf, 'A');
			expect(first).toMatchObject({ version: 1, sections: [{ title: 'Läget', body: 'Ett.\n\nTvå.' }], updatedBy: 'A' });
			const police = as('polis-jarva', 'polis');
			await summaries.update(2024, { baseVersion: 1, sections: [] }, police, 'B');
			await expect(summaries.update(2024, { baseVersion: 1, sections: [] }, sdf, 'A')).rejects.toThrow(VersionConflictError);
			await expect(summaries.update(2024, { baseVersion: 2, sections: [] }, as('fastighetsagare', 'fastighetsägare'), 'C')).rejects.toThrow(ForbiddenError);
			await expect(summaries.update(2024, { baseVersion: 2, sections: [] }, as('sdf-jarva', 'stadsdelsförvaltning', 'läsare'), 'D')).rejects.toThrow(ForbiddenError);
			const restored = await summaries.restore(2024, 1, 2, sdf, 'A');
			expect(restored).toMatchObject({ version: 3, sections: [{ title: 'Läget' }] });
			expect((await summaries.history(2024)).map((v) => [v.version, v.action, v.by])).toEqual([
				[1, 'create', 'A'],
				[2, 'update', 'B'],
				[3, 'restore', 'A']
			]);
			expect(await summaries.lastChanged(2024)).toEqual(['sections']);
			expect(await summaries.years()).toEqual([2024]);
		});

		it('a stale version is a conflict naming the current one; a version never saved is not found; neither writes', async () => {
			const sdf = as('sdf-jarva', 'stadsdelsförvaltning');
			await summaries.update(2025, { baseVersion: 0, sections: [{ title: 'A', body: '' }] }, sdf, 'A');
			const conflict = await summaries.update(2025, { baseVersion: 0, sections: [] }, sdf, 'B').catch((error: unknown) => error);
			expect(conflict).toBeInstanceOf(VersionConflictError);
			expect((conflict as Error).message).toMatch(/nu version 1 \(A\)/);
			await expect(summaries.restore(2025, 7, 1, sdf, 'A')).rejects.toThrow(NotFoundError);
			expect(await summaries.get(2025)).toMatchObject({ version: 1, sections: [{ title: 'A' }] });
			expect(await summaries.history(2025)).toHaveLength(1);
		});

		it('a year outside what an edition can have is refused, not sent to the database', async () => {
			const sdf = as('sdf-jarva', 'stadsdelsförvaltning');
			for (const year of [1999, 2101, 2024.5, 2 ** 40]) {
				await expect(summaries.update(year, { baseVersion: 0, sections: [] }, sdf, 'A'), String(year)).rejects.toThrow(BadParamError);
				expect(await summaries.get(year)).toMatchObject({ version: 0, sections: [] });
			}
			expect(await summaries.years()).toEqual([]);
		});

		it('a summary saved inside a write that fails later is not kept, nor its history', async () => {
			const sdf = as('sdf-jarva', 'stadsdelsförvaltning');
			await expect(
				database().write(async () => {
					await summaries.update(2024, { baseVersion: 0, sections: [{ title: 'Halvvägs', body: '' }] }, sdf, 'A');
					throw new Error('later step failed');
				})
			).rejects.toThrow('later step failed');
			expect(await summaries.get(2024)).toMatchObject({ version: 0, sections: [] });
			const { rows } = await sql<{ n: number }>`SELECT COUNT(*) AS n FROM object_history`.execute(database().query);
			expect(Number(rows[0]!.n)).toBe(0);
		});
	});
});
