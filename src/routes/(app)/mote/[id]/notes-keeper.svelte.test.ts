import { describe, expect, it } from 'vitest';
import type { ApiResult } from '$lib/api';
import type { AgendaItem } from '$lib/meetings/types';
import { NotesKeeper } from './notes-keeper.svelte';

/** A server of one item: versions move on, a stale base is a 409, `down` answers 401. */
function server(initial: { notes: string; version: number }) {
	const state = { ...initial, down: false, calls: [] as { base: number; notes: string }[] };
	const item = (): AgendaItem => ({ id: 'i1', position: 1, kind: 'feature', layerId: 'l', featureId: 'f', title: 'Plats', geometry: null, hidden: false, notes: state.notes, camera: null, version: state.version, decisions: [], addedBy: 'sdf' });
	const save = async (_id: string, base: number, notes: string): Promise<ApiResult<{ item: AgendaItem }>> => {
		state.calls.push({ base, notes });
		if (state.down) return { ok: false, kind: 'failed', status: 401, message: 'Sessionen har gått ut.', field: null, problems: [], retryAfterSeconds: null, details: {} };
		if (base !== state.version) return { ok: false, kind: 'conflict', status: 409, message: 'Ändrad', field: null, problems: [], retryAfterSeconds: null, details: {}, current: item() };
		state.notes = notes;
		state.version += 1;
		return { ok: true, value: { item: item() } };
	};
	return { state, item, save };
}

describe('notes kept by the meeting page', () => {
	it('a draft is saved on flush with the version it was written on, once', async () => {
		const s = server({ notes: '', version: 1 });
		const keeper = new NotesKeeper('m', 1, s.save, () => {});
		keeper.open(s.item());
		keeper.edit('i1', 'Polisen: inga samlingar');
		expect(keeper.dirty).toBe(true);
		await keeper.flush();
		expect(s.state.calls).toEqual([{ base: 1, notes: 'Polisen: inga samlingar' }]);
		expect(keeper.entries.i1).toMatchObject({ base: 2, state: 'saved', message: 'Sparat (version 2).' });
		expect(keeper.dirty).toBe(false);
		await keeper.flush();
		expect(s.state.calls).toHaveLength(1);
	});

	it('someone else’s newer text is a conflict: one’s own stays until chosen, and "keep mine" writes over their version', async () => {
		const s = server({ notes: '', version: 1 });
		const keeper = new NotesKeeper('m', 1, s.save, () => {});
		keeper.open(s.item());
		s.state.notes = 'Deras text';
		s.state.version = 2;
		keeper.edit('i1', 'Min text');
		await keeper.flush();
		expect(keeper.entries.i1).toMatchObject({ state: 'conflict', draft: 'Min text' });
		expect(keeper.entries.i1!.conflict?.notes).toBe('Deras text');
		// A flush does not overwrite while the person has not chosen.
		await keeper.flush();
		expect(s.state.notes).toBe('Deras text');
		await keeper.keepMine('i1');
		expect(s.state).toMatchObject({ notes: 'Min text', version: 3 });
		expect(keeper.entries.i1!.conflict).toBeNull();
	});

	it('"use theirs" takes their text and version', async () => {
		const s = server({ notes: '', version: 1 });
		const keeper = new NotesKeeper('m', 1, s.save, () => {});
		keeper.open(s.item());
		s.state.notes = 'Deras';
		s.state.version = 5;
		keeper.edit('i1', 'Min');
		await keeper.flush();
		keeper.useTheirs('i1');
		expect(keeper.entries.i1).toMatchObject({ draft: 'Deras', base: 5, state: 'saved' });
		expect(keeper.dirty).toBe(false);
	});

	it('an ended session keeps the text and saves it on the next flush (after logging in again)', async () => {
		const s = server({ notes: '', version: 1 });
		const keeper = new NotesKeeper('m', 1, s.save, () => {});
		keeper.open(s.item());
		s.state.down = true;
		keeper.edit('i1', 'Belysningen är trasig');
		await keeper.flush();
		expect(keeper.entries.i1).toMatchObject({ state: 'expired', draft: 'Belysningen är trasig' });
		expect(keeper.unsaved).toHaveLength(1);
		s.state.down = false;
		await keeper.flush();
		expect(s.state).toMatchObject({ notes: 'Belysningen är trasig', version: 2 });
		expect(keeper.unsaved).toHaveLength(0);
	});

	it('the agenda read again gives a place not being edited the newer text, never one being edited', async () => {
		const s = server({ notes: 'Gammal', version: 1 });
		const keeper = new NotesKeeper('m', 1, s.save, () => {});
		keeper.open(s.item());
		keeper.sync([{ ...s.item(), notes: 'Ny från någon annan', version: 2 }]);
		expect(keeper.entries.i1).toMatchObject({ draft: 'Ny från någon annan', base: 2 });
		keeper.edit('i1', 'Jag skriver');
		keeper.sync([{ ...s.item(), notes: 'Ännu nyare', version: 3 }]);
		expect(keeper.entries.i1!.draft).toBe('Jag skriver');
	});

	it('a half-written decision is kept per place', () => {
		const s = server({ notes: '', version: 1 });
		const keeper = new NotesKeeper('m', 1, s.save, () => {});
		const fresh = () => ({ text: '', withMeasure: false, title: '', owner: '', dueDate: '2026-06-30', status: 'beslutad' as const });
		keeper.decision('i1', fresh).text = 'Stadsdelen bjuder in';
		expect(keeper.decision('i1', fresh).text).toBe('Stadsdelen bjuder in');
		expect(keeper.decision('i2', fresh).text).toBe('');
	});
});
