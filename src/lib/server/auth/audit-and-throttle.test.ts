import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Db } from '../db/database';
import { auditCsv, auditTable } from './audit-csv';
import { AuditLog } from './audit-log';
import { LoginThrottle } from './throttle';
import type { Viewer } from './access';

describe('the audit log', () => {
	let dir: string;
	let db: Db;
	let now: number;
	let log: AuditLog;
	beforeEach(() => {
		dir = mkdtempSync(join(tmpdir(), 'lageskarta-audit-'));
		db = openDatabase(dir);
		now = Date.parse('2026-11-20T10:00:00Z');
		log = new AuditLog(db, () => now);
	});
	afterEach(() => {
		db.close();
		rmSync(dir, { recursive: true, force: true });
	});
	const anna: Viewer = { id: 1, username: 'anna', displayName: 'Anna', role: 'admin', organisation: { id: 'sdf-jarva', name: 'SDF', kind: 'stadsdelsförvaltning' } };

	it('records who, what, on what, from where, newest first', () => {
		log.record({ action: 'login', who: anna, ip: '10.0.0.1' });
		now += 1000;
		log.record({ action: 'layer-export', who: anna, target: 'drogscener-2023', detail: { format: 'csv' } });
		const { entries } = log.query();
		expect(entries.map((e) => e.action)).toEqual(['layer-export', 'login']);
		expect(entries[0]).toMatchObject({ username: 'anna', organisationId: 'sdf-jarva', target: 'drogscener-2023', outcome: 'ok', detail: { format: 'csv' } });
		expect(entries[1]).toMatchObject({ ip: '10.0.0.1', at: '2026-11-20T10:00:00.000Z' });
	});

	it('a failed login keeps the username that was tried, without an account', () => {
		log.record({ action: 'login-failed', who: { username: 'gissning' }, outcome: 'refused' });
		expect(log.query().entries[0]).toMatchObject({ username: 'gissning', organisationId: null, outcome: 'refused' });
	});

	it('filters by action, username and dates, and pages with before', () => {
		for (let day = 20; day <= 24; day++) {
			now = Date.parse(`2026-11-${day}T12:00:00Z`);
			log.record({ action: 'login', who: anna });
			log.record({ action: 'login-failed', who: { username: 'bo' }, outcome: 'refused' });
		}
		expect(log.query({ action: 'login-failed' }).entries).toHaveLength(5);
		expect(log.query({ username: 'ANNA' }).entries.every((e) => e.username === 'anna')).toBe(true);
		expect(log.query({ from: '2026-11-22', to: '2026-11-23' }).entries).toHaveLength(4);
		const first = log.query({ limit: 3 });
		expect(first.entries).toHaveLength(3);
		const second = log.query({ limit: 3, before: first.next! });
		expect(second.entries[0]!.seq).toBeLessThan(first.entries[2]!.seq);
		expect(log.query({ limit: 100 }).next).toBeNull();
	});
});

describe('the audit log as an organisation admin reads it', () => {
	it('holds only what its organisation’s accounts did, and refused logins under their names', () => {
		const dir = mkdtempSync(join(tmpdir(), 'lageskarta-audit-'));
		const db = openDatabase(dir);
		const log = new AuditLog(db);
		const as = (username: string, organisation: string): Viewer => ({ id: 1, username, displayName: username, role: 'redaktör', organisation: { id: organisation, name: organisation, kind: 'annan' } });
		log.record({ action: 'layer-export', who: as('pelle', 'polis-jarva'), target: 'drogscener-2023' });
		log.record({ action: 'layer-export', who: as('fia', 'fastighetsagare'), target: 'otrygga-platser' });
		log.record({ action: 'login-failed', who: { username: 'gissning' }, outcome: 'refused' });
		db.prepare("INSERT INTO accounts (username, display_name, organisation_id, role, password_hash, created_at) VALUES ('Fia', 'Fia', 'fastighetsagare', 'läsare', 'h', 'x')").run();
		log.record({ action: 'login-failed', who: { username: 'fia' }, outcome: 'refused', detail: { reason: 'throttled' } });
		expect(log.query({ organisation: 'fastighetsagare' }).entries.map((e) => [e.username, e.organisationId])).toEqual([
			['fia', null],
			['fia', 'fastighetsagare']
		]);
		expect(log.query().entries).toHaveLength(4);
		db.close();
		rmSync(dir, { recursive: true, force: true });
	});
});

describe('the audit log as CSV', () => {
	let dir: string;
	let db: Db;
	let log: AuditLog;
	beforeEach(() => {
		dir = mkdtempSync(join(tmpdir(), 'lageskarta-audit-csv-'));
		db = openDatabase(dir);
		let now = Date.parse('2026-11-20T10:00:00Z');
		log = new AuditLog(db, () => (now += 1000));
		db.transaction(() => {
			for (let i = 0; i < 2600; i++) log.record({ action: i % 2 ? 'login' : 'login-failed', who: { username: `user${i % 7}` }, ip: '10.0.0.1', detail: { i } });
		})();
	});
	afterEach(() => {
		db.close();
		rmSync(dir, { recursive: true, force: true });
	});
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

	it('the .xlsx table holds the same entries with Swedish headings, and refuses more than an Excel file should hold', () => {
		const table = auditTable(log, { action: 'login' });
		expect(table.columns.map((c) => c.header)).toEqual(['Löpnummer', 'Tid (svensk tid)', 'Användare', 'Organisation', 'Händelse', 'Objekt', 'Utfall', 'Adress', 'Detaljer']);
		expect(table.rows).toHaveLength(1300);
		expect(table.rows[0]![4]).toBe('login');
		expect(() => auditTable(log, {}, 2000)).toThrow(/fler än 2[\s\u00a0]000 rader.*CSV/);
	});

	it('the store pages without a gap: all() yields pages of at most 1000 that add up to every entry', () => {
		const pages = [...log.all({})];
		expect(pages.map((p) => p.length)).toEqual([1000, 1000, 600]);
		expect(pages.flat().map((e) => e.seq)).toEqual(Array.from({ length: 2600 }, (_, i) => 2600 - i));
	});
});

describe('login throttling', () => {
	/** `n` tries that fail (a try counts until `succeeded` gives it back); the answers, in order. */
	const fail = async (throttle: LoginThrottle, username: string, address: string, n = 1) => {
		const answers = [];
		for (let i = 0; i < n; i++) answers.push(await throttle.attempt(username, address));
		return answers;
	};

	it('five failures for one username from one address block that pair, not others', async () => {
		const throttle = new LoginThrottle({ perUser: { points: 5, seconds: 900 }, perAddress: { points: 30, seconds: 3600 } });
		expect(await fail(throttle, 'anna', '10.0.0.1', 5)).toEqual([null, null, null, null, null]);
		const refused = await throttle.attempt('Anna', '10.0.0.1');
		expect(refused).toMatchObject({ scope: 'username-address' });
		expect(refused!.wait).toBeGreaterThan(800);
		expect(refused!.wait).toBeLessThanOrEqual(900);
		expect(await throttle.attempt('anna', '10.0.0.2')).toBeNull();
		expect(await throttle.attempt('bo', '10.0.0.1')).toBeNull();
	});

	it('forty concurrent tries for one username and address let five through and refuse the other 35', async () => {
		const throttle = new LoginThrottle();
		const answers = await Promise.all(Array.from({ length: 40 }, () => throttle.attempt('anna', '10.0.0.1')));
		expect(answers.filter((a) => a === null)).toHaveLength(5);
		expect(answers.filter((a) => a?.scope === 'username-address')).toHaveLength(35);
		// Only the first refusal of the block is for the audit log.
		expect(answers.filter((a) => a?.report)).toHaveLength(1);
	});

	it('refused tries do not spend the username’s or the address’s budget', async () => {
		const throttle = new LoginThrottle();
		await fail(throttle, 'anna', '10.0.0.1', 40); // 5 counted, 35 refused
		// 15 more failures for anna from elsewhere stay under the username's 20: the refusals were given back.
		for (let a = 1; a <= 3; a++) await fail(throttle, 'anna', `10.0.5.${a}`, 4);
		expect(await throttle.attempt('anna', '10.0.5.9')).toBeNull();
		// The address has 5 of its 30 used: another username from it is still let in.
		expect(await throttle.attempt('bo', '10.0.0.1')).toBeNull();
	});

	it('one address trying many usernames is blocked as a whole', async () => {
		const throttle = new LoginThrottle({ perUser: { points: 5, seconds: 900 }, perAddress: { points: 10, seconds: 3600 } });
		for (let i = 0; i < 10; i++) await throttle.attempt(`user${i}`, '10.0.0.9');
		const refused = await throttle.attempt('someone-new', '10.0.0.9');
		expect(refused).toMatchObject({ scope: 'address' });
		expect(refused!.wait).toBeGreaterThan(3000);
	});

	it('twenty failures for one username from many addresses block that username everywhere, for an hour', async () => {
		const throttle = new LoginThrottle();
		// Four from each of five addresses: no address and no username+address pair reaches its own limit.
		for (let a = 1; a <= 5; a++) await fail(throttle, 'anna', `10.0.1.${a}`, 4);
		const refused = await throttle.attempt('ANNA', '10.9.9.9');
		expect(refused).toMatchObject({ scope: 'username' });
		expect(refused!.wait).toBeGreaterThan(3500);
		expect(refused!.wait).toBeLessThanOrEqual(3600);
		expect(await throttle.attempt('anna', '192.168.0.1')).toMatchObject({ scope: 'username' });
		expect(await throttle.attempt('bo', '10.0.1.1')).toBeNull();
	});

	it('nineteen failures across addresses do not block the username, and its right password from one address does not reset the count', async () => {
		const throttle = new LoginThrottle();
		for (let a = 1; a <= 19; a++) await throttle.attempt('anna', `10.0.2.${a}`);
		expect(await throttle.attempt('anna', '10.0.3.1')).toBeNull();
		await throttle.succeeded('anna', '10.0.3.1');
		expect(await throttle.attempt('anna', '10.0.2.99')).toBeNull(); // the 20th failure
		expect(await throttle.attempt('anna', '10.0.3.1')).toMatchObject({ scope: 'username' });
	});

	it('a block is reported for the audit log once, however often it refuses; a new block is reported again', async () => {
		let now = Date.parse('2026-11-20T10:00:00Z');
		const throttle = new LoginThrottle({ perUser: { points: 2, seconds: 1 }, perAddress: { points: 30, seconds: 3600 } }, () => now);
		await fail(throttle, 'anna', '10.0.0.1', 2);
		const reports = (await fail(throttle, 'anna', '10.0.0.1', 10)).map((a) => a!.report);
		expect(reports).toEqual([true, false, false, false, false, false, false, false, false, false]);
		// The same username from elsewhere is another key: its own block, its own report.
		await fail(throttle, 'anna', '10.0.0.2', 2);
		expect((await throttle.attempt('anna', '10.0.0.2'))?.report).toBe(true);
		// After the block (1 s) the budget is back; failing again is a new block, reported once more.
		await new Promise((r) => setTimeout(r, 1100));
		now += 1100;
		expect(await fail(throttle, 'anna', '10.0.0.1', 2)).toEqual([null, null]);
		expect((await throttle.attempt('anna', '10.0.0.1'))?.report).toBe(true);
		expect((await throttle.attempt('anna', '10.0.0.1'))?.report).toBe(false);
	});

	it('a successful login clears the username’s failures from that address and costs no try itself', async () => {
		const throttle = new LoginThrottle();
		await fail(throttle, 'anna', '10.0.0.1', 4);
		await throttle.attempt('anna', '10.0.0.1');
		await throttle.succeeded('anna', '10.0.0.1');
		expect(await fail(throttle, 'anna', '10.0.0.1', 5)).toEqual([null, null, null, null, null]);
		expect(await throttle.attempt('anna', '10.0.0.1')).toMatchObject({ scope: 'username-address' });
	});
});
