import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { eachDatabase, insertAccount } from '../../../../test/pg/each-database';
import { auditCsv, auditTable } from './audit-csv';
import { AuditLog } from './audit-log';
import type { Viewer } from './access';

const anna: Viewer = { id: 1, username: 'anna', displayName: 'Anna', role: 'admin', organisation: { id: 'sdf-jarva', name: 'SDF', kind: 'stadsdelsförvaltning' } };

describe('the audit log', () => {
	eachDatabase((database) => {
		let now: number;
		let log: AuditLog;
		beforeEach(() => {
			now = Date.parse('2026-11-20T10:00:00Z');
			log = new AuditLog(database(), () => now);
		});

		it('records who, what, on what, from where, newest first', async () => {
			await log.record({ action: 'login', who: anna, ip: '10.0.0.1' });
			now += 1000;
			await log.record({ action: 'layer-export', who: anna, target: 'drogscener-2023', detail: { format: 'csv' } });
			const { entries } = await log.query();
			expect(entries.map((e) => e.action)).toEqual(['layer-export', 'login']);
			expect(entries[0]).toMatchObject({ username: 'anna', organisationId: 'sdf-jarva', target: 'drogscener-2023', outcome: 'ok', detail: { format: 'csv' } });
			expect(entries[1]).toMatchObject({ ip: '10.0.0.1', at: '2026-11-20T10:00:00.000Z' });
		});

		it('a failed login keeps the username that was tried, without an account', async () => {
			await log.record({ action: 'login-failed', who: { username: 'gissning' }, outcome: 'refused' });
			expect((await log.query()).entries[0]).toMatchObject({ username: 'gissning', organisationId: null, outcome: 'refused' });
		});

		it('filters by action, username and dates, and pages with before', async () => {
			for (let day = 20; day <= 24; day++) {
				now = Date.parse(`2026-11-${day}T12:00:00Z`);
				await log.record({ action: 'login', who: anna });
				await log.record({ action: 'login-failed', who: { username: 'bo' }, outcome: 'refused' });
			}
			expect((await log.query({ action: 'login-failed' })).entries).toHaveLength(5);
			const anyCase = (await log.query({ username: 'ANNA' })).entries;
			expect(anyCase).toHaveLength(5);
			expect(anyCase.every((e) => e.username === 'anna')).toBe(true);
			expect((await log.query({ from: '2026-11-22', to: '2026-11-23' })).entries).toHaveLength(4);
			const first = await log.query({ limit: 3 });
			expect(first.entries).toHaveLength(3);
			const second = await log.query({ limit: 3, before: first.next! });
			expect(second.entries[0]!.seq).toBeLessThan(first.entries[2]!.seq);
			expect((await log.query({ limit: 100 })).next).toBeNull();
		});

		it('a change’s row is written in the change’s transaction: kept with it, gone with it, refused outside one', async () => {
			const change = (title: string) => sql`INSERT INTO organisations (id, name, kind, created_at) VALUES (${title}, ${title}, 'annan', '2026-11-20T10:00:00.000Z')`.execute(database().query);
			await database().write(async () => {
				await change('kept');
				void log.record({ action: 'organisation-create', who: anna, target: 'kept' });
			});
			await expect(
				database().write(async () => {
					void log.record({ action: 'organisation-create', who: anna, target: 'gone' });
					await change('gone');
					throw new Error('a later step failed');
				})
			).rejects.toThrow('a later step failed');
			expect((await log.query()).entries.map((e) => e.target)).toEqual(['kept']);
			// Refused whether record throws at once or rejects: the async wrapper turns a throw into a rejection.
			await expect(async () => log.record({ action: 'organisation-create', who: anna, target: 'outside' })).rejects.toThrow(/inside the change's transaction/);
			expect((await log.query()).entries).toHaveLength(1);
		});

		it('as an organisation admin reads it: only what its accounts did, and refused logins under their names', async () => {
			const as = (username: string, organisation: string): Viewer => ({ id: 1, username, displayName: username, role: 'redaktör', organisation: { id: organisation, name: organisation, kind: 'annan' } });
			await log.record({ action: 'layer-export', who: as('pelle', 'polis-jarva'), target: 'drogscener-2023' });
			await log.record({ action: 'layer-export', who: as('fia', 'fastighetsagare'), target: 'otrygga-platser' });
			await log.record({ action: 'login-failed', who: { username: 'gissning' }, outcome: 'refused' });
			await insertAccount(database(), { username: 'Fia', organisationId: 'fastighetsagare' });
			await log.record({ action: 'login-failed', who: { username: 'fia' }, outcome: 'refused', detail: { reason: 'throttled' } });
			expect((await log.query({ organisation: 'fastighetsagare' })).entries.map((e) => [e.username, e.organisationId])).toEqual([
				['fia', null],
				['fia', 'fastighetsagare']
			]);
			expect((await log.query()).entries).toHaveLength(4);
		});
	});
});

describe('the audit log as CSV and .xlsx', () => {
	// These tests only read: the 2 600 entries are written once per database, not once per test.
	eachDatabase(
		(database) => {
			let log: AuditLog;
			beforeAll(async () => {
				let now = Date.parse('2026-11-20T10:00:00Z');
				log = new AuditLog(database(), () => (now += 1000));
				await database().write(() => {
					for (let i = 0; i < 2600; i++) void log.record({ action: i % 2 ? 'login' : 'login-failed', who: { username: `user${i % 7}` }, ip: '10.0.0.1', detail: { i } });
				});
			}, 60_000);
			const lines = async (stream: ReadableStream<Uint8Array>) => (await new Response(stream).text()).replace(/^\uFEFF/, '').trimEnd().split('\r\n');

			it('holds every matching entry, far more than one page of 1000, newest first and none twice', async () => {
				const rows = await lines(auditCsv(log, {}));
				expect(rows[0]).toBe('löpnummer;tid;användare;organisation;händelse;objekt;utfall;adress;detaljer');
				expect(rows).toHaveLength(2601);
				const seqs = rows.slice(1).map((r) => Number(r.split(';')[0]));
				expect(new Set(seqs).size).toBe(2600);
				expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
				expect(seqs.at(-1)).toBe(1);
			});

			it('keeps the filter across pages and stops at an asked-for limit', async () => {
				expect(await lines(auditCsv(log, { action: 'login-failed' }))).toHaveLength(1301);
				const rows = await lines(auditCsv(log, { action: 'login', limit: 1234 }));
				expect(rows).toHaveLength(1235);
				expect(rows.slice(1).every((r) => r.includes(';login;'))).toBe(true);
				expect(await lines(auditCsv(log, { before: 1500 }))).toHaveLength(1500);
			});

			it('the .xlsx table holds the same entries with Swedish headings, and refuses more than an Excel file should hold', async () => {
				const table = await auditTable(log, { action: 'login' });
				expect(table.columns.map((c) => c.header)).toEqual(['Löpnummer', 'Tid (svensk tid)', 'Användare', 'Organisation', 'Händelse', 'Objekt', 'Utfall', 'Adress', 'Detaljer']);
				expect(table.rows).toHaveLength(1300);
				expect(table.rows[0]![4]).toBe('login');
				await expect(auditTable(log, {}, 2000)).rejects.toThrow(/fler än 2[\s\u00a0]000 rader.*CSV/);
			});

			it('the store pages without a gap: all() yields pages of at most 1000 that add up to every entry', async () => {
				const pages = [];
				for await (const page of log.all({})) pages.push(page);
				expect(pages.map((p) => p.length)).toEqual([1000, 1000, 600]);
				expect(pages.flat().map((e) => e.seq)).toEqual(Array.from({ length: 2600 }, (_, i) => 2600 - i));
			});
		},
		{ shared: true }
	);
});
