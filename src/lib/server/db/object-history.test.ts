import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from './database';
import { changedFields, ObjectHistory } from './object-history';

let dir: string;
let db: Db;
let history: ObjectHistory;
beforeEach(() => {
	dir = mkdtempSync(join(tmpdir(), 'lageskarta-history-'));
	db = openDatabase(dir);
	history = new ObjectHistory(db);
});
afterEach(() => {
	db.close();
	rmSync(dir, { recursive: true, force: true });
});

const at = '2026-03-01T10:00:00.000Z';

describe('the object history', () => {
	it('names the top-level fields that changed, nested values compared as a whole', () => {
		expect(changedFields({ title: 'A', stops: [{ id: 'a' }], notes: 'x' }, { title: 'A', stops: [{ id: 'b' }], notes: 'x' })).toEqual(['stops']);
		expect(changedFields(null, { title: 'A' })).toEqual(['title']);
		expect(changedFields({ title: 'A' }, null)).toEqual(['title']);
	});

	it('keeps every version in order and returns the fields each changed', () => {
		expect(history.record('view', 'v', { version: 1, action: 'create', at, by: 'Anna (anna)', before: null, after: { name: 'A', shared: false } })).toEqual(['name', 'shared']);
		expect(history.record('view', 'v', { version: 2, action: 'update', at, by: 'Bo (bo)', before: { name: 'A', shared: false }, after: { name: 'A', shared: true } })).toEqual(['shared']);
		expect(history.list('view', 'v').map((h) => [h.version, h.action, h.by, h.changed])).toEqual([
			[1, 'create', 'Anna (anna)', ['name', 'shared']],
			[2, 'update', 'Bo (bo)', ['shared']]
		]);
		expect(history.lastChanged('view', 'v')).toEqual(['shared']);
		expect(history.list('meeting', 'v')).toEqual([]);
	});

	it('a version older than the history is read from the next version’s before; a deletion is null; an unknown one undefined', () => {
		// An object from before the history: its first recorded change is version 7.
		history.record('meeting', 'm', { version: 7, action: 'update', at, by: 'x', before: { title: 'Sex' }, after: { title: 'Sju' } });
		history.record('meeting', 'm', { version: 8, action: 'delete', at, by: 'x', before: { title: 'Sju' }, after: null, parentId: 'p' });
		expect(history.snapshot('meeting', 'm', 6)).toEqual({ title: 'Sex' });
		expect(history.snapshot('meeting', 'm', 7)).toEqual({ title: 'Sju' });
		expect(history.snapshot('meeting', 'm', 8)).toBeNull();
		expect(history.snapshot('meeting', 'm', 5)).toBeUndefined();
		expect(history.lastVersion('meeting', 'm')).toBe(8);
		expect(history.parentOf('meeting', 'm')).toBe('p');
	});
});
