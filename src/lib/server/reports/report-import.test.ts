import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { Role, Viewer } from '../auth/access';
import { eachDatabase } from '../../../../test/pg/each-database';
import { tempServices } from '../testing/temp-service';
import { BadParamError, ForbiddenError, RefusedInputError } from '../errors';
import { guessMapping, type ImportMapping } from '$lib/reports/import-csv';
import { ReportStore } from './report-store';
import { ReportImports } from './report-import';

// Järva's districts and street names come from the seeded layers (a SQLite store of their own);
// the reports and presets under test are on each database in turn.
let seeded: Awaited<ReturnType<typeof tempServices>>;
beforeAll(async () => {
	seeded = await tempServices();
});
afterAll(() => seeded.close());

const ORGS = {
	'sdf-jarva': 'stadsdelsförvaltning',
	'polis-jarva': 'polis',
	fastighetsagare: 'fastighetsägare',
	'trygghetsbolaget-exempel': 'säkerhetsföretag'
} as const;
const viewer = (organisation: keyof typeof ORGS, role: Role = 'redaktör'): Viewer => ({
	id: 1,
	username: `${organisation}-${role}`,
	displayName: 'Test',
	role,
	organisation: { id: organisation, name: organisation, kind: ORGS[organisation] }
});

const SAMPLE = readFileSync('test/fixtures/reports/tyck-till-exempel.csv');
const BAD = readFileSync('test/fixtures/reports/tyck-till-fel.csv');
const HEADERS = ['Ärendenummer', 'Inkommet', 'Ärendetyp', 'Beskrivning', 'Adress', 'Nord', 'Öst'];
const MAPPED: ImportMapping = { ...guessMapping(HEADERS), categories: { belysning: 'trasig-belysning', 'park - skräp': 'nedskrapning' } };
describe('importing reports from CSV', () => {
	eachDatabase((database) => {
		let reports: ReportStore;
		let imports: ReportImports;
		beforeEach(async () => {
			reports = new ReportStore(database(), () => 'sdf-jarva', (position) => seeded.districts.at(position));
			imports = new ReportImports(database(), reports, () => seeded.walkNetworks.current().streets);
			await sql`INSERT INTO organisations (id, name, kind, created_at) VALUES ('trygghetsbolaget-exempel', 'Trygghetsbolaget (exempel)', 'säkerhetsföretag', ${new Date().toISOString()})`.execute(
				database().query
			);
		});
		const run = (bytes: Uint8Array, who: Viewer, mapping: ImportMapping | null, dryRun = false, source = 'Tyck till') =>
			imports.run({ bytes, fileName: 'tyck-till.csv', source, mapping, dryRun }, who, 'Test (test)');

		it('a preview writes nothing; the import stores every row as the organisation’s, with its source', async () => {
			const preview = await run(SAMPLE, viewer('sdf-jarva'), MAPPED, true);
			expect(preview).toMatchObject({ file: { encoding: 'windows-1252', delimiter: ';', rows: 8 }, newCount: 8, alreadyImported: 0, problems: [], imported: false, weeks: { first: '2026-W47', last: '2026-W47' } });
			expect(await reports.count()).toBe(0);

			const done = await run(SAMPLE, viewer('sdf-jarva'), MAPPED);
			expect(done).toMatchObject({ newCount: 8, alreadyImported: 0, imported: true });
			const stored = await reports.list({ fromWeek: '2026-W47', toWeek: '2026-W47' }, viewer('sdf-jarva'));
			expect(stored).toHaveLength(8);
			expect(stored.find((r) => r.sourceId === 'TT-2026-104530')).toMatchObject({
				source: 'Tyck till',
				organisationId: 'sdf-jarva',
				category: 'trasig-belysning',
				date: '2026-11-18',
				time: '21:15',
				placeName: 'Hjulstavägen 20',
				district: 'Tensta',
				example: false,
				version: 1
			});
			expect(await reports.history(stored[0]!.id, viewer('sdf-jarva'))).toMatchObject([{ version: 1, action: 'create', by: 'Test (test)' }]);
		});

		it('the same file again imports nothing new and says how many were already imported', async () => {
			await run(SAMPLE, viewer('fastighetsagare'), MAPPED);
			const again = await run(SAMPLE, viewer('fastighetsagare'), MAPPED);
			expect(again).toMatchObject({ newCount: 0, alreadyImported: 8, imported: true });
			expect(await reports.count()).toBe(8);
			// Another source's ids are its own.
			expect(await run(SAMPLE, viewer('fastighetsagare'), MAPPED, true, 'Eget system')).toMatchObject({ newCount: 8, alreadyImported: 0 });
		});

		it('two imports of the same file at once store it once', async () => {
			const [a, b] = await Promise.all([run(SAMPLE, viewer('sdf-jarva'), MAPPED), run(SAMPLE, viewer('sdf-jarva'), MAPPED)]);
			expect(a.newCount + b.newCount).toBe(8);
			expect(a.alreadyImported + b.alreadyImported).toBe(8);
			expect(await reports.count()).toBe(8);
		});

		it('all or nothing: a file with bad rows stores nothing and names every row', async () => {
			const good = await run(SAMPLE, viewer('sdf-jarva'), MAPPED, true);
			expect(good.problems).toEqual([]);
			let refused: unknown;
			try {
				await run(BAD, viewer('sdf-jarva'), MAPPED);
			} catch (err) {
				refused = err;
			}
			expect(refused).toBeInstanceOf(RefusedInputError);
			expect((refused as RefusedInputError).message).toMatch(/problem på 5 rader; inget är importerat/);
			expect(((refused as RefusedInputError).details.problems as { row: number }[]).map((p) => p.row)).toEqual([3, 4, 5, 6, 7]);
			expect(await reports.count()).toBe(0);
			expect(await imports.presets(viewer('sdf-jarva'))).toEqual([]);
			// The file shown back in the preview has the personnummer masked.
			expect(JSON.stringify((await run(BAD, viewer('sdf-jarva'), MAPPED, true)).file.sample)).not.toContain('1234');
		});

		it('the mapping is saved as the source’s preset and used next time without one', async () => {
			expect(await run(SAMPLE, viewer('sdf-jarva'), null, true)).toMatchObject({ mappingFrom: 'guess', newCount: 5 });
			await run(SAMPLE, viewer('sdf-jarva'), MAPPED);
			expect(await imports.presets(viewer('sdf-jarva'))).toEqual([{ source: 'Tyck till', mapping: MAPPED, updatedAt: expect.any(String), updatedBy: 'Test (test)' }]);
			// The source's name in another case finds the same preset.
			const next = await run(SAMPLE, viewer('sdf-jarva'), null, true, 'tyck till');
			expect(next).toMatchObject({ mappingFrom: 'preset', problems: [], mapping: MAPPED });
			// Presets are the organisation's own.
			expect(await imports.presets(viewer('polis-jarva'))).toEqual([]);
		});

		it('imported reports are seen like reports from the form: a security company sees its own, the police all', async () => {
			await run(SAMPLE, viewer('trygghetsbolaget-exempel'), MAPPED);
			await run(BAD.subarray(0, BAD.indexOf(0x0a, BAD.indexOf(0x0a) + 1) + 1), viewer('fastighetsagare'), MAPPED);
			expect(await reports.list({}, viewer('trygghetsbolaget-exempel'))).toHaveLength(8);
			expect(await reports.list({}, viewer('fastighetsagare'))).toHaveLength(1);
			expect(await reports.list({}, viewer('polis-jarva'))).toHaveLength(9);
			expect(await reports.list({}, viewer('sdf-jarva'))).toHaveLength(9);
		});

		it('a läsare may not import; a source needs a name', async () => {
			await expect(run(SAMPLE, viewer('sdf-jarva', 'läsare'), MAPPED, true)).rejects.toThrow(ForbiddenError);
			await expect(imports.presets(viewer('sdf-jarva', 'läsare'))).rejects.toThrow(ForbiddenError);
			await expect(run(SAMPLE, viewer('sdf-jarva'), MAPPED, true, ' ')).rejects.toThrow(BadParamError);
		});

		it('addresses are matched against the walking network’s street names', async () => {
			const csv = new TextEncoder().encode('id;datum;kategori;text;adress\nA1;2026-11-16;Klotter;Klotter på gaveln;Borgarfjordsgatan 12\nA2;2026-11-16;Klotter;Klotter på gaveln;Storgatan 1\n');
			const preview = await run(csv, viewer('sdf-jarva'), null, true, 'Eget system');
			expect(preview.mapping.position).toEqual({ kind: 'address', address: 'adress' });
			expect(preview.preview).toEqual([expect.objectContaining({ sourceId: 'A1', placeName: 'Borgarfjordsgatan 12' })]);
			const [lon, lat] = preview.preview[0]!.position;
			expect(lon).toBeGreaterThan(17.9);
			expect(lat).toBeGreaterThan(59.39);
			expect(preview.problems).toEqual([{ row: 3, message: expect.stringMatching(/Storgatan 1/) }]);
		});
	});
});
