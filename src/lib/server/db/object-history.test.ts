import { beforeEach, describe, expect, it } from 'vitest';
import { eachDatabase } from '../../../../test/pg/each-database';
import { changedFields, ObjectHistory } from './object-history';

const at = '2026-03-01T10:00:00.000Z';

describe('the object history', () => {
	it('names the top-level fields that changed, nested values compared as a whole', () => {
		expect(changedFields({ title: 'A', stops: [{ id: 'a' }], notes: 'x' }, { title: 'A', stops: [{ id: 'b' }], notes: 'x' })).toEqual(['stops']);
		expect(changedFields(null, { title: 'A' })).toEqual(['title']);
		expect(changedFields({ title: 'A' }, null)).toEqual(['title']);
	});

	eachDatabase((database) => {
		let history: ObjectHistory;
		beforeEach(() => {
			history = new ObjectHistory(database());
		});

		it('keeps every version in order and returns the fields each changed', async () => {
			const changed = await database().write(() => history.record('view', 'v', { version: 1, action: 'create', at, by: 'Anna (anna)', before: null, after: { name: 'A', shared: false } }));
			expect(changed).toEqual(['name', 'shared']);
			await database().write(async () => {
				expect(await history.record('view', 'v', { version: 2, action: 'update', at, by: 'Bo (bo)', before: { name: 'A', shared: false }, after: { name: 'A', shared: true } })).toEqual(['shared']);
			});
			expect((await history.list('view', 'v')).map((h) => [h.version, h.action, h.by, h.changed])).toEqual([
				[1, 'create', 'Anna (anna)', ['name', 'shared']],
				[2, 'update', 'Bo (bo)', ['shared']]
			]);
			expect((await history.list<{ shared: boolean }>('view', 'v'))[1]!.after).toEqual({ name: 'A', shared: true });
			expect(await history.lastChanged('view', 'v')).toEqual(['shared']);
			expect(await history.list('meeting', 'v')).toEqual([]);
			expect(await history.lastChanged('meeting', 'v')).toEqual([]);
		});

		it('a version older than the history is read from the next version’s before; a deletion is null; an unknown one undefined', async () => {
			// An object from before the history: its first recorded change is version 7.
			await database().write(async () => {
				await history.record('meeting', 'm', { version: 7, action: 'update', at, by: 'x', before: { title: 'Sex' }, after: { title: 'Sju' } });
				await history.record('meeting', 'm', { version: 8, action: 'delete', at, by: 'x', before: { title: 'Sju' }, after: null, parentId: 'p' });
			});
			expect(await history.snapshot('meeting', 'm', 6)).toEqual({ title: 'Sex' });
			expect(await history.snapshot('meeting', 'm', 7)).toEqual({ title: 'Sju' });
			expect(await history.snapshot('meeting', 'm', 8)).toBeNull();
			expect(await history.snapshot('meeting', 'm', 5)).toBeUndefined();
			expect(await history.lastVersion('meeting', 'm')).toBe(8);
			expect(await history.lastVersion('meeting', 'nothing')).toBe(0);
			expect(await history.parentOf('meeting', 'm')).toBe('p');
			expect(await history.parentOf('meeting', 'nothing')).toBeUndefined();
		});

		it('a version recorded in a write that fails is not kept; reports keep their own table', async () => {
			await expect(
				database().write(async () => {
					await history.record('view', 'v', { version: 1, action: 'create', at, by: 'x', before: null, after: { name: 'A' } });
					throw new Error('the change failed');
				})
			).rejects.toThrow('the change failed');
			expect(await history.list('view', 'v')).toEqual([]);
			const reports = new ObjectHistory(database(), 'report_history');
			await database().write(() => reports.record('report', 'r', { version: 1, action: 'create', at, by: 'x', before: null, after: { text: 'A' } }));
			expect(await reports.lastVersion('report', 'r')).toBe(1);
			expect(await history.lastVersion('report', 'r')).toBe(0);
		});

		it('many first versions at once (a seed) are the rows record writes one by one, past one statement’s 500', async () => {
			const entries = Array.from({ length: 1201 }, (_, i) => ({ objectId: `r${i}`, version: 1, action: 'create' as const, at, by: 'import', before: null, after: { text: `T${i}`, place: null } }));
			const reports = new ObjectHistory(database(), 'report_history');
			await database().write(() => reports.recordMany('report', entries));
			await database().write(() => reports.record('report', 'one', { version: 1, action: 'create', at, by: 'import', before: null, after: { text: 'T', place: null } }));
			const [many, one] = [await reports.list('report', 'r1200'), await reports.list('report', 'one')];
			expect(many).toEqual([{ ...one[0]!, after: { text: 'T1200', place: null } }]);
			expect(many[0]!.changed).toEqual(['text', 'place']);
			expect(await reports.lastVersion('report', 'r0')).toBe(1);
			// In a write that fails, none of them is kept.
			await expect(
				database().write(async () => {
					await reports.recordMany('report', [{ ...entries[0]!, objectId: 'x1' }, { ...entries[0]!, objectId: 'x2' }]);
					throw new Error('the seed failed');
				})
			).rejects.toThrow('the seed failed');
			expect(await reports.list('report', 'x1')).toEqual([]);
		});
	});
});
