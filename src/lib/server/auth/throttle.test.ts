/**
 * Login throttling with its counters in the database, on SQLite and on PostgreSQL alike
 * (test/pg/each-database.ts): the three budgets, reporting once per block, a right password
 * giving the try back, and what the database adds: two app instances on one database spend one
 * budget, a restart forgets nothing, expired counters are deleted.
 *
 * The library times the counters by Date.now, so the tests move Date (vi.setSystemTime) instead
 * of waiting; only Date is faked, the databases' I/O runs as it does.
 */
import { dirname } from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { eachDatabase } from '../../../../test/pg/each-database';
import { openDatabase } from '../db/database';
import { postgresDatabase, sqliteDatabase, type AppDatabase } from '../db/app-database';
import { CLEAN_EVERY_MS, LoginThrottle } from './throttle';

/** `n` tries that fail (a try counts until `succeeded` gives it back); the answers, in order. */
const fail = async (throttle: LoginThrottle, username: string, address: string, n = 1) => {
	const answers = [];
	for (let i = 0; i < n; i++) answers.push(await throttle.attempt(username, address));
	return answers;
};

/**
 * The same database opened again, as a second app instance (or the app after a restart) opens it:
 * its own better-sqlite3 connection to the file, its own pg pool.
 */
async function openAgain(database: AppDatabase): Promise<AppDatabase> {
	if (database.sqlite) return sqliteDatabase(openDatabase(dirname(database.sqlite.name)));
	return postgresDatabase((database.pool!.options as { connectionString: string }).connectionString, { poolSize: 2 });
}

const rows = async (database: AppDatabase) => (await sql<{ key: string; points: number; expire: number }>`SELECT key, points, expire FROM login_throttle ORDER BY key`.execute(database.query)).rows;

describe('login throttling', () => {
	eachDatabase((database) => {
		const opened: AppDatabase[] = [];
		let start: number;
		beforeEach(() => {
			vi.useFakeTimers({ toFake: ['Date'] });
			start = Date.parse('2026-11-20T10:00:00Z');
			vi.setSystemTime(start);
		});
		afterEach(async () => {
			vi.useRealTimers();
			for (const other of opened.splice(0)) await other.close();
		});
		const later = (ms: number) => vi.setSystemTime(Date.now() + ms);
		const instance = async () => {
			const other = await openAgain(database());
			opened.push(other);
			return other;
		};

		it('five failures for one username from one address block that pair for 15 minutes, not others', async () => {
			const throttle = new LoginThrottle(database(), { perUser: { points: 5, seconds: 900 }, perAddress: { points: 30, seconds: 3600 } });
			expect(await fail(throttle, 'anna', '10.0.0.1', 5)).toEqual([null, null, null, null, null]);
			later(10_000);
			expect(await throttle.attempt('Anna', '10.0.0.1')).toEqual({ scope: 'username-address', wait: 900, report: true });
			expect(await throttle.attempt('anna', '10.0.0.2')).toBeNull();
			expect(await throttle.attempt('bo', '10.0.0.1')).toBeNull();
			later(600_000);
			expect(await throttle.attempt('anna', '10.0.0.1')).toMatchObject({ scope: 'username-address', wait: 300, report: false });
			// The block ends after its 15 minutes; the budget is whole again.
			later(300_000);
			expect(await fail(throttle, 'anna', '10.0.0.1', 5)).toEqual([null, null, null, null, null]);
			expect(await throttle.attempt('anna', '10.0.0.1')).toMatchObject({ scope: 'username-address', report: true });
		});

		it('forty concurrent tries for one username and address let five through and refuse the other 35, reported once', async () => {
			const throttle = new LoginThrottle(database());
			const answers = await Promise.all(Array.from({ length: 40 }, () => throttle.attempt('anna', '10.0.0.1')));
			expect(answers.filter((a) => a === null)).toHaveLength(5);
			expect(answers.filter((a) => a?.scope === 'username-address')).toHaveLength(35);
			expect(answers.filter((a) => a?.report)).toHaveLength(1);
		});

		it('refused tries do not spend the username’s or the address’s budget', async () => {
			const throttle = new LoginThrottle(database());
			await fail(throttle, 'anna', '10.0.0.1', 40); // 5 counted, 35 refused
			// 15 more failures for anna from elsewhere stay under the username's 20: the refusals were given back.
			for (let a = 1; a <= 3; a++) await fail(throttle, 'anna', `10.0.5.${a}`, 4);
			expect(await throttle.attempt('anna', '10.0.5.9')).toBeNull();
			// The address has 5 of its 30 used: another username from it is still let in.
			expect(await throttle.attempt('bo', '10.0.0.1')).toBeNull();
		});

		it('one address trying many usernames is blocked as a whole, for an hour', async () => {
			const throttle = new LoginThrottle(database(), { perUser: { points: 5, seconds: 900 }, perAddress: { points: 10, seconds: 3600 } });
			for (let i = 0; i < 10; i++) await throttle.attempt(`user${i}`, '10.0.0.9');
			expect(await throttle.attempt('someone-new', '10.0.0.9')).toEqual({ scope: 'address', wait: 3600, report: true });
			expect(await throttle.attempt('user1', '10.0.0.9')).toEqual({ scope: 'address', wait: 3600, report: false });
		});

		it('twenty failures for one username from many addresses block that username everywhere, for an hour', async () => {
			const throttle = new LoginThrottle(database());
			// Four from each of five addresses: no address and no username+address pair reaches its own limit.
			for (let a = 1; a <= 5; a++) await fail(throttle, 'anna', `10.0.1.${a}`, 4);
			expect(await throttle.attempt('ANNA', '10.9.9.9')).toEqual({ scope: 'username', wait: 3600, report: true });
			expect(await throttle.attempt('anna', '192.168.0.1')).toMatchObject({ scope: 'username', report: false });
			expect(await throttle.attempt('bo', '10.0.1.1')).toBeNull();
		});

		it('nineteen failures across addresses do not block the username, and its right password from one address does not reset the count', async () => {
			const throttle = new LoginThrottle(database());
			for (let a = 1; a <= 19; a++) await throttle.attempt('anna', `10.0.2.${a}`);
			expect(await throttle.attempt('anna', '10.0.3.1')).toBeNull();
			await throttle.succeeded('anna', '10.0.3.1');
			expect(await throttle.attempt('anna', '10.0.2.99')).toBeNull(); // the 20th failure
			expect(await throttle.attempt('anna', '10.0.3.1')).toMatchObject({ scope: 'username' });
		});

		it('a block is reported for the audit log once, however often it refuses; a new block is reported again', async () => {
			const throttle = new LoginThrottle(database(), { perUser: { points: 2, seconds: 60 }, perAddress: { points: 30, seconds: 3600 } });
			await fail(throttle, 'anna', '10.0.0.1', 2);
			const reports = (await fail(throttle, 'anna', '10.0.0.1', 10)).map((a) => a!.report);
			expect(reports).toEqual([true, false, false, false, false, false, false, false, false, false]);
			// The same username from elsewhere is another key: its own block, its own report.
			await fail(throttle, 'anna', '10.0.0.2', 2);
			expect((await throttle.attempt('anna', '10.0.0.2'))?.report).toBe(true);
			// After the block the budget is back; failing again is a new block, reported once more.
			later(61_000);
			expect(await fail(throttle, 'anna', '10.0.0.1', 2)).toEqual([null, null]);
			expect((await throttle.attempt('anna', '10.0.0.1'))?.report).toBe(true);
			expect((await throttle.attempt('anna', '10.0.0.1'))?.report).toBe(false);
		});

		it('a successful login clears the username’s failures from that address and costs no try itself', async () => {
			const throttle = new LoginThrottle(database());
			await fail(throttle, 'anna', '10.0.0.1', 4);
			await throttle.attempt('anna', '10.0.0.1');
			await throttle.succeeded('anna', '10.0.0.1');
			expect(await fail(throttle, 'anna', '10.0.0.1', 5)).toEqual([null, null, null, null, null]);
			expect(await throttle.attempt('anna', '10.0.0.1')).toMatchObject({ scope: 'username-address' });
		});

		it('two app instances on one database share one budget: five failures spread over both block the pair on both, reported once', async () => {
			const one = new LoginThrottle(database());
			const two = new LoginThrottle(await instance());
			expect(await fail(one, 'anna', '10.0.0.1', 3)).toEqual([null, null, null]);
			expect(await fail(two, 'anna', '10.0.0.1', 2)).toEqual([null, null]);
			const first = await one.attempt('anna', '10.0.0.1');
			expect(first).toEqual({ scope: 'username-address', wait: 900, report: true });
			expect(await two.attempt('anna', '10.0.0.1')).toEqual({ scope: 'username-address', wait: 900, report: false });
			// The other budgets are shared too: 20 for a username over both instances.
			for (let a = 1; a <= 5; a++) await fail(a % 2 ? one : two, 'bo', `10.0.1.${a}`, 4);
			expect(await two.attempt('bo', '10.0.9.9')).toMatchObject({ scope: 'username', report: true });
			expect(await one.attempt('bo', '10.0.9.8')).toMatchObject({ scope: 'username', report: false });
			// A right password on one instance gives the pair's tries back on the other.
			await fail(one, 'cia', '10.0.0.3', 4);
			await two.succeeded('cia', '10.0.0.3');
			expect(await fail(one, 'cia', '10.0.0.3', 5)).toEqual([null, null, null, null, null]);
		});

		it('forty concurrent tries spread over two instances let five through in all', async () => {
			const one = new LoginThrottle(database());
			const two = new LoginThrottle(await instance());
			const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? one : two).attempt('anna', '10.0.0.1')));
			expect(answers.filter((a) => a === null)).toHaveLength(5);
			expect(answers.filter((a) => a?.report)).toHaveLength(1);
		});

		it('the counters survive a restart: a new throttle on the database reopened still refuses, and does not report the block again', async () => {
			await fail(new LoginThrottle(database()), 'anna', '10.0.0.1', 6);
			later(60_000);
			const restarted = new LoginThrottle(await instance());
			expect(await restarted.attempt('anna', '10.0.0.1')).toEqual({ scope: 'username-address', wait: 840, report: false });
			// Five of the address's and the username's budgets are spent too (the refusal gave its try back).
			expect(await rows(database())).toEqual([
				{ key: 'address:10.0.0.1', points: 5, expire: start + 3_600_000 },
				{ key: 'pair:anna|10.0.0.1', points: 7, expire: start + 900_000 },
				{ key: 'username:anna', points: 5, expire: start + 3_600_000 }
			]);
		});

		it('deletes expired counters on a try, at most every five minutes per instance, and keeps the live ones', async () => {
			const throttle = new LoginThrottle(database());
			const keys = async () => (await rows(database())).map((r) => r.key);
			await fail(throttle, 'anna', '10.0.0.1', 2);
			later(20 * 60_000);
			await throttle.attempt('bo', '10.0.0.2');
			// The pair's 15 minutes are over, the hour's budgets are not.
			expect(await keys()).toEqual(['address:10.0.0.1', 'address:10.0.0.2', 'pair:bo|10.0.0.2', 'username:anna', 'username:bo']);
			later(61 * 60_000);
			await throttle.attempt('cia', '10.0.0.3');
			expect(await keys()).toEqual(['address:10.0.0.3', 'pair:cia|10.0.0.3', 'username:cia']);
			// Counters of a minute (another instance's), expired two minutes later: not deleted before
			// this instance's five minutes are up, then deleted.
			const quick = new LoginThrottle(database(), { perUser: { points: 5, seconds: 60 }, perUsername: { points: 20, seconds: 60 }, perAddress: { points: 30, seconds: 60 } });
			await quick.attempt('dan', '10.0.0.4');
			later(120_000);
			await throttle.attempt('eva', '10.0.0.5');
			expect(await keys()).toContain('pair:dan|10.0.0.4');
			later(CLEAN_EVERY_MS);
			await throttle.attempt('eva', '10.0.0.5');
			expect(await keys()).toEqual(['address:10.0.0.3', 'address:10.0.0.5', 'pair:cia|10.0.0.3', 'pair:eva|10.0.0.5', 'username:cia', 'username:eva']);
		});
	});
});
