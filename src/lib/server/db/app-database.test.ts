import { describe, expect, it } from 'vitest';
import { CompiledQuery, sql } from 'kysely';
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

		it('onCommitted work runs after the outermost write commits, before its caller continues; never for a part rolled back', async () => {
			const order: string[] = [];
			await database().write(async () => {
				database().onCommitted(() => order.push(`outer saw ${database().inWrite ? 'a write' : 'no write'}`));
				await database().write(async () => {
					database().onCommitted(() => order.push('inner'));
				});
				await expect(
					database().write(async () => {
						database().onCommitted(() => order.push('undone savepoint'));
						await add('never');
						throw new Error('savepoint fails');
					})
				).rejects.toThrow('savepoint fails');
				// Not yet: the write has not committed.
				expect(order).toEqual([]);
				await add('kept');
			});
			expect(order).toEqual(['outer saw no write', 'inner']);
			expect(await ids()).toEqual(['kept']);

			await expect(
				database().write(async () => {
					await database().write(async () => database().onCommitted(() => order.push('inner of a rolled-back write')));
					throw new Error('whole write fails');
				})
			).rejects.toThrow('whole write fails');
			expect(order).toEqual(['outer saw no write', 'inner']);
			expect(() => database().onCommitted(() => undefined)).toThrow(/inside a write/);
		});

		it('a read inside a write sees the write; outside, only what is committed', async () => {
			await database().write(async () => {
				await add('seen');
				expect(await ids()).toEqual(['seen']);
			});
		});

		it('rows(): the rows of a query in the current write (a savepoint undone undoes its rows), [] for a statement without any, a bad one rejected', async () => {
			const rows = (id: string) => database().rows<{ id: string; name: string }>(sql`SELECT id, name FROM organisations WHERE id = ${id}`);
			await database().write(async () => {
				expect(await database().rows(sql`INSERT INTO organisations (id, name, kind, created_at) VALUES (${'r1'}, ${'Första'}, 'annan', '2026-12-03T08:00:00.000Z')`)).toEqual([]);
				expect(await rows('r1')).toEqual([{ id: 'r1', name: 'Första' }]);
				await expect(
					database().write(async () => {
						await database().rows(sql`UPDATE organisations SET name = ${'Andra'} WHERE id = ${'r1'}`);
						expect(await rows('r1')).toEqual([{ id: 'r1', name: 'Andra' }]);
						throw new Error('undo');
					})
				).rejects.toThrow('undo');
				expect(await rows('r1')).toEqual([{ id: 'r1', name: 'Första' }]);
			});
			// A CompiledQuery made for this database, and a statement with RETURNING, outside a write.
			const text = database().dialect === 'postgres' ? 'UPDATE organisations SET name = $1 WHERE id = $2 RETURNING id, name' : 'UPDATE organisations SET name = ? WHERE id = ? RETURNING id, name';
			expect(await database().rows(CompiledQuery.raw(text, ['Tredje', 'r1']))).toEqual([{ id: 'r1', name: 'Tredje' }]);
			expect(await rows('r1')).toEqual([{ id: 'r1', name: 'Tredje' }]);
			// A failing statement rejects the promise (never a throw from the call itself).
			const failing = database().rows(sql`SELECT no_such_column FROM organisations`);
			await expect(failing).rejects.toThrow(/no_such_column/);
		});
	});
});
