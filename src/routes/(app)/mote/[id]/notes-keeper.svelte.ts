/**
 * Nothing typed in the meeting is lost (issue 13 item 1). The page keeps every place's notes draft
 * and decision draft here, not in the place's card: stepping to another place (N/P) keeps them.
 * Notes save as they are typed (a second after the last key), with the version they were written
 * on; a 409 shows both texts as before. Every draft is also kept in the tab's sessionStorage, so a
 * reload, or a session that ended, does not lose it either. `flush()` saves what is waiting, for
 * stepping, the protocol and leaving the page.
 */
import type { AgendaItem } from '$lib/meetings/types';
import type { ApiResult } from '$lib/api';

export type NotesState = 'saved' | 'waiting' | 'saving' | 'conflict' | 'problem' | 'expired';

export interface NotesEntry {
	draft: string;
	/** The version the draft was written on (sent as baseVersion). */
	base: number;
	/** The text as the server holds it at `base`. */
	stored: string;
	state: NotesState;
	message: string | null;
	/** On a 409: the item as someone else saved it. */
	conflict: AgendaItem | null;
}

export interface DecisionDraft {
	text: string;
	withMeasure: boolean;
	title: string;
	owner: string;
	dueDate: string;
	status: 'föreslagen' | 'beslutad' | 'pågår';
}

export type SaveNotes = (itemId: string, baseVersion: number, notes: string) => Promise<ApiResult<{ item: AgendaItem }>>;

/** How long after the last key notes are saved. */
export const NOTES_DEBOUNCE_MS = 1000;

interface Stored {
	notes?: Record<string, { draft: string; base: number }>;
	decisions?: Record<string, DecisionDraft>;
}

export class NotesKeeper {
	entries = $state<Record<string, NotesEntry>>({});
	decisions = $state<Record<string, DecisionDraft>>({});
	#timers = new Map<string, ReturnType<typeof setTimeout>>();
	#inFlight = new Map<string, Promise<void>>();
	#key: string;

	constructor(
		meetingId: string,
		accountId: number,
		private save: SaveNotes,
		private onitem: (item: AgendaItem) => void
	) {
		this.#key = `lageskartan:mote:${meetingId}:${accountId}`;
		const stored = this.#read();
		this.decisions = stored.decisions ?? {};
		this.#stored = stored.notes ?? {};
	}
	#stored: Record<string, { draft: string; base: number }>;

	/** The entry of an item, made from the item (or from a draft kept in this tab) when first asked. */
	open(item: AgendaItem): NotesEntry {
		const existing = this.entries[item.id];
		if (existing) return existing;
		const kept = this.#stored[item.id];
		const entry: NotesEntry = { draft: item.notes, base: item.version, stored: item.notes, state: 'saved', message: null, conflict: null };
		this.entries[item.id] = entry;
		if (kept && kept.draft !== item.notes) {
			// A draft this tab did not get saved (a reload, an ended session): saved now, on the
			// version it was written on, so a newer text from someone else shows as a conflict.
			this.entries[item.id]!.draft = kept.draft;
			this.entries[item.id]!.base = kept.base;
			this.#schedule(item.id, 0);
		}
		return this.entries[item.id]!;
	}

	/** The agenda as read again: a place whose notes were not being edited takes the newer text. */
	sync(items: readonly AgendaItem[]): void {
		for (const item of items) {
			const entry = this.entries[item.id];
			if (!entry || item.version <= entry.base) continue;
			if (entry.draft === entry.stored && entry.state === 'saved') {
				entry.draft = item.notes;
				entry.stored = item.notes;
				entry.base = item.version;
			}
		}
	}

	edit(itemId: string, text: string): void {
		const entry = this.entries[itemId];
		if (!entry) return;
		entry.draft = text;
		this.#keep();
		if (entry.state === 'conflict') return; // the person chooses first
		entry.state = entry.draft === entry.stored ? 'saved' : 'waiting';
		this.#schedule(itemId, NOTES_DEBOUNCE_MS);
	}

	/** Whether anything typed is not yet on the server. */
	get dirty(): boolean {
		return Object.values(this.entries).some((e) => e.draft !== e.stored || e.state === 'saving');
	}

	/** The places whose notes could not be saved, and why (after a flush). */
	get unsaved(): NotesEntry[] {
		return Object.values(this.entries).filter((e) => e.draft !== e.stored);
	}

	/** Saves every waiting draft now and resolves when the server has answered. */
	async flush(): Promise<void> {
		for (const [id, timer] of this.#timers) {
			clearTimeout(timer);
			this.#timers.delete(id);
		}
		const ids = Object.keys(this.entries).filter((id) => {
			const e = this.entries[id]!;
			return e.draft !== e.stored && e.state !== 'conflict';
		});
		await Promise.all([...ids.map((id) => this.#save(id)), ...this.#inFlight.values()]);
	}

	/** After a 409: keep one's own text, written over the version now stored. */
	keepMine(itemId: string): Promise<void> {
		const entry = this.entries[itemId];
		if (!entry?.conflict) return Promise.resolve();
		entry.base = entry.conflict.version;
		entry.stored = entry.conflict.notes;
		entry.conflict = null;
		entry.state = 'waiting';
		return this.#save(itemId);
	}

	/** After a 409: take the other text. */
	useTheirs(itemId: string): void {
		const entry = this.entries[itemId];
		if (!entry?.conflict) return;
		const theirs = entry.conflict;
		entry.draft = entry.stored = theirs.notes;
		entry.base = theirs.version;
		entry.conflict = null;
		entry.state = 'saved';
		entry.message = null;
		this.#keep();
		this.onitem(theirs);
	}

	/** An older version was restored (a new version): the draft is that text. */
	restored(item: AgendaItem): void {
		const entry = this.entries[item.id];
		if (!entry) return;
		entry.draft = entry.stored = item.notes;
		entry.base = item.version;
		entry.state = 'saved';
		entry.conflict = null;
		this.#keep();
	}

	decision(itemId: string, fresh: () => DecisionDraft): DecisionDraft {
		this.decisions[itemId] ??= fresh();
		return this.decisions[itemId]!;
	}

	/** Called when a decision field changes, and when one was saved (with a fresh draft). */
	decisionChanged(itemId: string, next?: DecisionDraft): void {
		if (next) this.decisions[itemId] = next;
		this.#keep();
	}

	#schedule(itemId: string, delay: number) {
		clearTimeout(this.#timers.get(itemId));
		this.#timers.set(
			itemId,
			setTimeout(() => {
				this.#timers.delete(itemId);
				void this.#save(itemId);
			}, delay)
		);
	}

	/** One request per place at a time; what was typed meanwhile is saved after it. */
	#save(itemId: string): Promise<void> {
		const running = this.#inFlight.get(itemId);
		if (running) return running.then(() => this.#save(itemId));
		const entry = this.entries[itemId];
		if (!entry || entry.draft === entry.stored || entry.state === 'conflict') return Promise.resolve();
		const text = entry.draft;
		entry.state = 'saving';
		entry.message = null;
		const done = this.save(itemId, entry.base, text).then((result) => {
			this.#inFlight.delete(itemId);
			const e = this.entries[itemId]!;
			if (result.ok) {
				e.base = result.value.item.version;
				e.stored = result.value.item.notes;
				e.state = e.draft === e.stored ? 'saved' : 'waiting';
				e.message = `Sparat (version ${e.base}).`;
				this.#keep();
				this.onitem(result.value.item);
				if (e.state === 'waiting') this.#schedule(itemId, NOTES_DEBOUNCE_MS);
			} else if (result.status === 409 && result.current) {
				e.conflict = result.current as AgendaItem;
				e.state = 'conflict';
			} else if (result.status === 401) {
				e.state = 'expired';
				e.message = 'Inte sparat än: sessionen har gått ut. Texten finns kvar och sparas när du har loggat in igen.';
			} else {
				e.state = 'problem';
				e.message = `Inte sparat: ${result.message} Texten finns kvar; den sparas vid nästa ändring.`;
			}
		});
		this.#inFlight.set(itemId, done);
		return done;
	}

	#read(): Stored {
		try {
			return JSON.parse(sessionStorage.getItem(this.#key) ?? '{}') as Stored;
		} catch {
			return {};
		}
	}

	#keep() {
		const notes: Stored['notes'] = {};
		for (const [id, e] of Object.entries(this.entries)) if (e.draft !== e.stored) notes[id] = { draft: e.draft, base: e.base };
		const decisions: Stored['decisions'] = {};
		for (const [id, d] of Object.entries(this.decisions)) if (d.text.trim() || d.title.trim()) decisions[id] = $state.snapshot(d);
		try {
			if (Object.keys(notes).length || Object.keys(decisions).length) sessionStorage.setItem(this.#key, JSON.stringify({ notes, decisions }));
			else sessionStorage.removeItem(this.#key);
		} catch {
			// A full or blocked storage: the drafts are still in the page.
		}
	}
}
