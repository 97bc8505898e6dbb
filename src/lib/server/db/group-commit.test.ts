import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { sqliteDatabase } from './app-database';
import { onAfterCommit, onBeforeCommit, openDatabase, WaitedInTransactionError, write, writeSoon, type Db } from './database';

let dir: string;
let db: Db;
let commits: number;
beforeEach(() => {
	dir = mkdtempSync(join(tmpdir(), 'lageskarta-group-commit-'));
	db = openDatabase(dir);
	db.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL UNIQUE)');
	commits = 0;
	onAfterCommit(db, () => commits++);
});
afterEach(() => {
	db.close();
	rmSync(dir, { recursive: true, force: true });
});

const add = (text: string) => () => Number(db.prepare('INSERT INTO notes (text) VALUES (?)').run(text).lastInsertRowid);
const texts = () => (db.prepare('SELECT text FROM notes ORDER BY id').all() as { text: string }[]).map((row) => row.text);

describe('group commit (writeSoon)', () => {
	it('commits the changes asked for in one turn of the event loop together, once, each answered with its own result', async () => {
		const ids = await Promise.all([writeSoon(db, add('a')), writeSoon(db, add('b')), writeSoon(db, add('c'))]);
		expect(ids).toEqual([1, 2, 3]);
		expect(texts()).toEqual(['a', 'b', 'c']);
		expect(commits).toBe(1);
	});

	it('settles only after the COMMIT: a change awaited is already visible to another connection', async () => {
		const other = openDatabase(dir);
		try {
			await writeSoon(db, add('seen'));
			expect(other.prepare('SELECT count(*) AS n FROM notes').get()).toEqual({ n: 1 });
		} finally {
			other.close();
		}
	});

	it('undoes only the change that throws, and rejects only its promise', async () => {
		const results = await Promise.allSettled([
			writeSoon(db, add('a')),
			writeSoon(db, () => {
				add('half')();
				throw new Error('refused');
			}),
			writeSoon(db, add('a')), // the UNIQUE constraint refuses this one
			writeSoon(db, add('b'))
		]);
		expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled']);
		expect((results[1] as PromiseRejectedResult).reason).toEqual(new Error('refused'));
		expect(String((results[2] as PromiseRejectedResult).reason)).toMatch(/UNIQUE/);
		expect(texts()).toEqual(['a', 'b']);
		expect(commits).toBe(1);
	});

	it('rejects every change of a group whose COMMIT fails, and stores none of them', async () => {
		const stop = onBeforeCommit(db, () => {
			throw new Error('disk full');
		});
		const results = await Promise.allSettled([writeSoon(db, add('a')), writeSoon(db, add('b'))]);
		stop();
		expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected']);
		expect(texts()).toEqual([]);
		expect(commits).toBe(0);
		// The store is not left in a transaction: the next change commits.
		await writeSoon(db, add('c'));
		expect(texts()).toEqual(['c']);
	});

	it('fails the whole group when SQLite rolls back the whole transaction (a full disk): nothing of it is stored, nothing after it runs on its own', async () => {
		db.exec('CREATE TABLE blobs (data BLOB NOT NULL)');
		const pages = db.pragma('page_count', { simple: true }) as number;
		db.pragma(`max_page_count = ${pages + 4}`);
		const results = await Promise.allSettled([
			writeSoon(db, add('before')),
			writeSoon(db, () => db.prepare('INSERT INTO blobs (data) VALUES (?)').run(Buffer.alloc(1_000_000))),
			writeSoon(db, add('after'))
		]);
		db.pragma('max_page_count = 1073741823');
		expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected', 'rejected']);
		expect(String((results[2] as PromiseRejectedResult).reason)).toMatch(/full/i);
		expect(texts()).toEqual([]);
		expect(commits).toBe(0);
		expect(db.inTransaction).toBe(false);
		await writeSoon(db, add('later'));
		expect(texts()).toEqual(['later']);
	});

	it('takes async work that does not wait (the stores on Kysely): it commits with the group', async () => {
		const ids = await Promise.all([writeSoon(db, async () => add('a')()), writeSoon(db, add('b'))]);
		expect(ids).toHaveLength(2);
		expect(commits).toBe(1);
		expect(texts()).toEqual(['a', 'b']);
	});

	it('refuses work that waits for I/O inside the transaction, and rolls the whole group back', async () => {
		const results = await Promise.allSettled([
			writeSoon(db, add('a')),
			writeSoon(db, async () => {
				await new Promise((resolve) => setTimeout(resolve, 5));
				return add('waited')();
			})
		]);
		expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
		expect((results[1] as PromiseRejectedResult).reason).toBeInstanceOf(WaitedInTransactionError);
		expect(commits).toBe(0);
		expect(texts()).toEqual([]);
		expect(db.inTransaction).toBe(false);
		await writeSoon(db, add('later'));
		expect(texts()).toEqual(['later']);
	});

	it('commits changes awaited one after another separately, in order', async () => {
		await writeSoon(db, add('first'));
		await writeSoon(db, add('second'));
		expect(texts()).toEqual(['first', 'second']);
		expect(commits).toBe(2);
	});

	it('while a group waits for I/O (a bug), another request cannot join its transaction: its write waits for its own, its statements are refused', async () => {
		const database = sqliteDatabase(db);
		let release!: () => void;
		const waiting = writeSoon(db, async () => {
			add('a')();
			await new Promise<void>((resolve) => (release = resolve));
		});
		await new Promise((resolve) => setTimeout(resolve, 10)); // the group is open now, waiting
		expect(db.inTransaction).toBe(true);
		expect(() => write(db, add('sync'))).toThrow(WaitedInTransactionError);
		await expect(sql`SELECT 1 AS one`.execute(database.query)).rejects.toThrow(WaitedInTransactionError);
		const own = database.write(add('own')); // not a savepoint of the other: its own group, after it
		release();
		await expect(waiting).rejects.toThrow(WaitedInTransactionError);
		expect(await own).toBeGreaterThan(0);
		expect(texts()).toEqual(['own']);
	});

	it('an after-commit listener that throws does not stop later writes, nor unsay the commit', async () => {
		onAfterCommit(db, () => {
			throw new Error('listener broke');
		});
		await writeSoon(db, add('a'));
		await writeSoon(db, add('b'));
		await sqliteDatabase(db).write(add('c'));
		expect(texts()).toEqual(['a', 'b', 'c']);
	});

	it('writes nested side by side (Promise.all) run one after another, each in its savepoint', async () => {
		const database = sqliteDatabase(db);
		const results = await database.write(() =>
			Promise.allSettled([database.write(add('x')), database.write(async () => (add('y')(), Promise.reject(new Error('y fails')))), database.write(add('z'))])
		);
		expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
		expect(texts()).toEqual(['x', 'z']);
	});

	it('is outside the write once it ended: a timer set inside it finds no write to join', async () => {
		const database = sqliteDatabase(db);
		let later!: Promise<boolean>;
		await database.write(() => {
			expect(database.inWrite).toBe(true);
			later = new Promise((resolve) => setTimeout(() => resolve(database.inWrite), 5));
		});
		expect(await later).toBe(false);
	});
});
