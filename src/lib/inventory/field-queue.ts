/**
 * What the field mode puts in the outbox and what it keeps when the server says "conflict": the
 * entries for a new finding (with its photos) and for an edit, and the conflicts waiting for a
 * person. Every entry and conflict names the account that made it; nothing here reads the page.
 */
import type { FindingPatch, Finding } from './model';
import { enqueueUpdate, findingIdOf, inventoryIdOf, type OutboxEntry, type OutboxStore } from './outbox';

export const findingsUrl = (inventoryId: string) => `/api/inventories/${encodeURIComponent(inventoryId)}/findings`;
export const findingUrl = (inventoryId: string, findingId: string) => `${findingsUrl(inventoryId)}/${encodeURIComponent(findingId)}`;
export const photosUrl = (findingId: string) => `/api/findings/${encodeURIComponent(findingId)}/photos`;

export interface QueuedPhoto {
	/** The device's id for the photo (its clientId on the server). */
	id: string;
	blob: Blob;
	filename: string;
}

/**
 * Queues a new finding and its photos in one go: all of them, or (storage full, …) none, and the
 * error is thrown. So a failed save leaves nothing behind, and saving again cannot make a second
 * copy of the finding under a new id.
 */
export async function queueFinding(
	store: OutboxStore,
	{ account, inventoryId, body, photos, now = new Date() }: { account: string; inventoryId: string; body: { clientId: string }; photos: QueuedPhoto[]; now?: Date }
): Promise<OutboxEntry[]> {
	const enqueuedAt = now.toISOString();
	const findingId = body.clientId;
	const entries: OutboxEntry[] = [
		{ id: findingId, kind: 'finding-create', url: findingsUrl(inventoryId), method: 'POST', account, findingId, body, enqueuedAt, attempts: 0 },
		...photos.map(
			(photo): OutboxEntry => ({
				id: photo.id,
				kind: 'photo',
				url: photosUrl(findingId),
				method: 'POST',
				account,
				findingId,
				body: { blob: photo.blob, filename: photo.filename },
				enqueuedAt,
				attempts: 0
			})
		)
	];
	await store.putAll(entries);
	return entries;
}

export type FindingChange = Omit<FindingPatch, 'baseVersion'>;

/** Queues photos for a finding already recorded (added when it is edited later); each has its own device id. */
export async function queuePhotos(
	store: OutboxStore,
	{ account, findingId, photos, now = new Date() }: { account: string; findingId: string; photos: QueuedPhoto[]; now?: Date }
): Promise<OutboxEntry[]> {
	const enqueuedAt = now.toISOString();
	const entries = photos.map(
		(photo): OutboxEntry => ({ id: photo.id, kind: 'photo', url: photosUrl(findingId), method: 'POST', account, findingId, body: { blob: photo.blob, filename: photo.filename }, enqueuedAt, attempts: 0 })
	);
	await store.putAll(entries);
	return entries;
}

/** Queues an edit of a finding at `url` (its own walk's), folded into one still queued (see enqueueUpdate). */
export function queueEdit(
	store: OutboxStore,
	{ account, url, findingId, baseVersion, change, now = new Date() }: { account: string; url: string; findingId: string; baseVersion: number; change: FindingChange; now?: Date }
): Promise<OutboxEntry> {
	return enqueueUpdate(store, {
		id: crypto.randomUUID(),
		kind: 'finding-update',
		url,
		method: 'PUT',
		account,
		findingId,
		baseVersion,
		body: { ...change, baseVersion },
		enqueuedAt: now.toISOString(),
		attempts: 0
	});
}

/** A finding as this device will have it once its queued edits are stored (for showing and editing it). */
export function withQueuedEdits(finding: Finding, entries: OutboxEntry[], account: string): Finding {
	let shown = finding;
	for (const entry of entries) {
		if (entry.kind !== 'finding-update' || entry.account !== account || findingIdOf(entry) !== finding.id || entry.lastError !== undefined) continue;
		const { baseVersion: _base, stopId, ...change } = entry.body as FindingPatch;
		shown = { ...shown, ...change, ...(stopId !== undefined ? { stopId } : {}) };
	}
	return shown;
}

export interface Conflict {
	/** The outbox entry that was refused. */
	id: string;
	/** Who made the edit (only their session shows and resolves it). */
	account: string;
	/** The walk the finding belongs to, and where the edit goes: the entry's own, not the walk open now. */
	inventoryId: string;
	url: string;
	findingId: string;
	message: string;
	/** The finding as the server has it now. */
	current: Finding;
	/** What this device wanted to change. */
	yours: FindingChange;
}

/**
 * The conflict to keep for a 409 to an edit, or null when there is none to resolve: the answer
 * carries no current version (then the entry should be held), or the server already has exactly
 * my change (a resend of an edit whose answer was lost) – then there is nothing to choose.
 */
export function conflictFrom(entry: OutboxEntry, body: unknown): { conflict: Conflict } | { applied: true } | null {
	const answer = body as { message?: string; current?: Finding } | null;
	if (entry.kind !== 'finding-update' || !answer?.current) return null;
	const { baseVersion: _base, ...yours } = entry.body as FindingPatch;
	const current = answer.current;
	if (Object.entries(yours).every(([key, value]) => JSON.stringify(current[key as keyof Finding]) === JSON.stringify(value))) return { applied: true };
	return {
		conflict: {
			id: entry.id,
			account: entry.account,
			inventoryId: inventoryIdOf(entry.url) ?? current.inventoryId,
			url: entry.url,
			findingId: current.id,
			message: answer.message ?? 'Någon annan har ändrat fyndet.',
			current,
			yours
		}
	};
}

/** Adds a conflict; one for the same finding is merged into it (my changes together, their newest version). */
export function addConflict(conflicts: Conflict[], conflict: Conflict): Conflict[] {
	const same = conflicts.find((c) => c.account === conflict.account && c.findingId === conflict.findingId);
	if (!same) return [...conflicts, conflict];
	const merged = { ...conflict, id: same.id, yours: { ...same.yours, ...conflict.yours } };
	return conflicts.map((c) => (c === same ? merged : c));
}

/** "Behåll min": my change again, now based on their version, to the finding's own walk. */
export function keepMine(store: OutboxStore, conflict: Conflict, now = new Date()): Promise<OutboxEntry> {
	return queueEdit(store, { account: conflict.account, url: conflict.url, findingId: conflict.findingId, baseVersion: conflict.current.version, change: conflict.yours, now });
}

const CONFLICT_KEY_PREFIX = 'lageskartan-falt-konflikter:';
const conflictKey = (account: string) => `${CONFLICT_KEY_PREFIX}${account}`;

/** The account's conflicts kept on this device (localStorage), from every walk. */
export function loadConflicts(storage: Pick<Storage, 'getItem'>, account: string): Conflict[] {
	try {
		const list = JSON.parse(storage.getItem(conflictKey(account)) ?? '[]') as unknown;
		return Array.isArray(list) ? (list as Conflict[]) : [];
	} catch {
		return [];
	}
}

export function saveConflicts(storage: Pick<Storage, 'setItem' | 'removeItem'>, account: string, conflicts: Conflict[]): void {
	if (conflicts.length === 0) storage.removeItem(conflictKey(account));
	else storage.setItem(conflictKey(account), JSON.stringify(conflicts));
}
