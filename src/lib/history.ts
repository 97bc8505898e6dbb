/**
 * One version of an object as `…/history` answers for meetings, agenda items, walks and saved
 * views (src/lib/server/db/object-history.ts keeps them): shared by the server and the pages.
 * No imports: server code outside SvelteKit reads it.
 */
export type ObjectAction = 'create' | 'update' | 'delete' | 'restore';

export interface ObjectVersion<T> {
	version: number;
	action: ObjectAction;
	at: string;
	/** "Namn (användarnamn)" of the account that made the change. */
	by: string;
	/** The fields that differ between before and after (every field of a creation or deletion). */
	changed: string[];
	/** null for a creation. */
	before: T | null;
	/** null for a deletion. */
	after: T | null;
}

export const ACTION_LABELS: Record<ObjectAction, string> = { create: 'skapad', update: 'ändrad', delete: 'borttagen', restore: 'återställd' };
