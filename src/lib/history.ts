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

/** The Swedish names of the fields a version can change, for "ändrade: …". */
export const FIELD_LABELS: Record<string, string> = {
	title: 'rubrik',
	date: 'datum',
	participants: 'deltagare',
	organisationIds: 'organisationer',
	itemIds: 'dagordningens ordning',
	notes: 'anteckningar',
	purpose: 'syfte',
	startsAt: 'starttid',
	stops: 'stopp',
	name: 'namn',
	query: 'vyn',
	shared: 'delning',
	category: 'kategori',
	severity: 'allvarlighetsgrad',
	note: 'anteckning',
	position: 'läge',
	camera: 'sparad kartbild',
	stopId: 'stopp'
};

/**
 * What a version did, in words: the action, and for a change the fields it changed.
 *
 * @example
 * describeVersion({ action: 'update', changed: ['title', 'organisationIds'] }); // "ändrad: rubrik, organisationer"
 */
export function describeVersion(version: Pick<ObjectVersion<unknown>, 'action' | 'changed'>): string {
	const label = ACTION_LABELS[version.action];
	if (version.action !== 'update' && version.action !== 'restore') return label;
	const fields = version.changed.map((field) => FIELD_LABELS[field] ?? field);
	return fields.length ? `${label}: ${fields.join(', ')}` : `${label} (inget ändrat)`;
}
