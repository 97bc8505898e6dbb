import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempServices } from '../testing/temp-service';
import { canSeeReport, mayImportReports, seesAllReports } from './access';
import { DEMO_ACCOUNTS, DEMO_EXAMPLE_ORGANISATIONS, ensureDemoAccounts } from './demo';

let services: Awaited<ReturnType<typeof tempServices>>;
beforeEach(async () => {
	services = await tempServices();
});
afterEach(() => services.close());

describe('demo accounts of the example partners (security and transport company)', () => {
	it('are made with their organisations of the new kinds, named as examples, once however often the demo starts', async () => {
		await ensureDemoAccounts(services.accounts, 'ett-långt-demolösenord-2026');
		await ensureDemoAccounts(services.accounts, 'ett-långt-demolösenord-2026');
		const orgs = services.accounts.organisations().filter((o) => DEMO_EXAMPLE_ORGANISATIONS.some((e) => e.id === o.id));
		expect(orgs.map((o) => [o.kind, o.name])).toEqual(
			expect.arrayContaining([
				['säkerhetsföretag', 'Säkerhetsföretaget (exempel, påhittat)'],
				['transportföretag', 'Transportföretaget (exempel, påhittat)']
			])
		);
		expect(DEMO_ACCOUNTS.map((a) => a.username)).toEqual(expect.arrayContaining(['demo-sakerhet-redaktor', 'demo-transport-redaktor']));
		const guard = (await services.accounts.accountByUsername('demo-sakerhet-redaktor'))!;
		expect(guard).toMatchObject({ role: 'redaktör', demo: true, organisation: { id: 'exempel-sakerhetsforetag', kind: 'säkerhetsföretag' } });
	});

	it('a security company is a partner like a property owner: it reports and imports, and sees its own reports only', () => {
		const viewer = { id: 1, username: 'v', displayName: 'V', role: 'redaktör' as const, organisation: { id: 'exempel-sakerhetsforetag', name: 'S', kind: 'säkerhetsföretag' as const } };
		expect(mayImportReports(viewer)).toBe(true);
		expect(seesAllReports(viewer, 'sdf-jarva')).toBe(false);
		expect(canSeeReport(viewer, 'exempel-sakerhetsforetag', 'sdf-jarva')).toBe(true);
		expect(canSeeReport(viewer, 'fastighetsagare', 'sdf-jarva')).toBe(false);
		expect(mayImportReports({ ...viewer, role: 'läsare' })).toBe(false);
	});
});
