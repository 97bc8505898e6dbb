import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempServices } from '../testing/temp-service';
import { canSeeReport, mayImportReports, seesAllReports } from './access';
import { DEMO_ACCOUNTS, DEMO_EXAMPLE_ORGANISATIONS, ensureDemoAccounts } from './demo';

let services: Awaited<ReturnType<typeof tempServices>>;
beforeEach(async () => {
	services = await tempServices();
});
afterEach(() => services.close());

describe('demo accounts at a start', () => {
	it('another instance (or a restart) with the same password keeps the sessions; a new password ends them and brings a changed account back', async () => {
		const { accounts } = services;
		await ensureDemoAccounts(accounts, 'ett-långt-demolösenord-2026');
		const reader = (await accounts.accountByUsername('demo-polis-lasare'))!;
		const token = await accounts.startSession(reader.id);
		await ensureDemoAccounts(accounts, 'ett-långt-demolösenord-2026');
		expect((await accounts.sessionViewer(token)).check.ok).toBe(true);
		expect((await accounts.accountByUsername('demo-polis-lasare'))!.passwordHash).toBe(reader.passwordHash);
		// Changed by someone in the demo: brought back to its demo role (its session stays, now with that role).
		await accounts.updateAccount(reader.id, { role: 'redaktör' });
		const again = await accounts.startSession(reader.id);
		await ensureDemoAccounts(accounts, 'ett-långt-demolösenord-2026');
		expect(await accounts.accountByUsername('demo-polis-lasare')).toMatchObject({ role: 'läsare', passwordHash: reader.passwordHash });
		expect((await accounts.sessionViewer(again)).check.ok).toBe(true);
		await ensureDemoAccounts(accounts, 'ett-annat-långt-demolösenord');
		expect((await accounts.sessionViewer(again)).check.ok).toBe(false);
		expect((await accounts.accountByUsername('demo-polis-lasare'))!.passwordHash).not.toBe(reader.passwordHash);
		// Three starts hash every demo password (scrypt, ~2 CPU-seconds in all): more than Vitest's 5 s
		// when the machine is shared and the other fork runs beside it (seen at load 10).
	}, 15_000);
});

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
