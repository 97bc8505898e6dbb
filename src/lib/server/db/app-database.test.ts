import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { eachDatabase } from '../../../../test/pg/each-database';

/** The app's database interface behaves the same on both: transactions, savepoints, deferred work. */
describe('AppDatabase', () => {
	eachDatabase((database) => {
		const add = (id: string) => sql`INSERT INTO organisations (id, name, kind, created_at) VALUES (${id}, ${id}, 'annan', '2026-12-03T08:00:00.000Z')`.execute(database().query);
		const ids = async () => (await sql<{ id: string }>`SELECT id FROM organisations WHERE kind = 'annan' ORDER BY id`.execute(database().query)).rows.map((r) => r.id);

		it('commits a write whole, or on a throw nothing of it', async () => {
			await database().write(async () => {
				await add('a');
				await add('b');
			});
			await expect(
				database().write(async () => {
					await add('c');
					throw new Error('later step failed');
				})
			).rejects.toThrow('later step failed');
			expect(await ids()).toEqual(['a', 'b']);
		});

		it('nested writes are savepoints, one after another even when started side by side', async () => {
			const results = await database().write(async () => {
				await add('outer');
				return Promise.allSettled([database().write(() => add('x')), database().write(async () => (await add('y'), Promise.reject(new Error('y fails')))), database().write(() => add('z'))]);
			});
			expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
			expect(await ids()).toEqual(['outer', 'x', 'z']);
		});

		it('deferred work runs at the end of the write, inside it; outside a write defer is refused', async () => {
			const order: string[] = [];
			await database().write(async () => {
				database().defer(async () => (order.push('deferred'), await add('late')));
				order.push('work');
				await add('early');
			});
			expect(order).toEqual(['work', 'deferred']);
			expect(await ids()).toEqual(['early', 'late']);
			await expect(
				database().write(async () => {
					database().defer(() => add('never'));
					throw new Error('no');
				})
			).rejects.toThrow('no');
			expect(await ids()).toEqual(['early', 'late']);
			expect(() => database().defer(() => undefined)).toThrow(/inside a write/);
			expect(database().inWrite).toBe(false);
		});

		it('a read inside a write sees the write; outside, only what is committed', async () => {
			await database().write(async () => {
				await add('seen');
				expect(await ids()).toEqual(['seen']);
			});
		});
	});
});
