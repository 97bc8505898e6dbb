/**
 * What endpoints use to learn who is asking and to act as them. The hook (hooks.server.ts) has
 * already refused anonymous /api requests; these functions check again (defence in depth) and
 * record what the audit log needs. A change and its audit row are one `write(event, …)`: both are
 * stored or neither.
 */
import type { RequestEvent } from '@sveltejs/kit';
import { hasRole, type Role, type Viewer } from './auth/access';
import type { AuditEvent } from './auth/audit-log';
import type { LayerSummary } from '$lib/layers/catalog';
import { SESSION_COOKIE } from './auth/session-cookie';
import { LayerView } from './layer-view';
import { services } from './services';
import { ForbiddenError, UnauthenticatedError } from './errors';

type Event = Pick<RequestEvent, 'locals' | 'getClientAddress' | 'url' | 'request'>;

export function clientAddress(event: Pick<RequestEvent, 'getClientAddress'>): string | null {
	try {
		return event.getClientAddress();
	} catch {
		return null;
	}
}

/** The logged-in account; @throws UnauthenticatedError (401). */
export function viewerOf(event: Pick<RequestEvent, 'locals'>): Viewer {
	const viewer = event.locals.viewer;
	if (!viewer) throw new UnauthenticatedError();
	return viewer;
}

/** The viewer, if their role is at least `role`; else the refusal is logged and a 403 thrown. */
export function requireRole(event: Event, role: Role): Viewer {
	const viewer = viewerOf(event);
	if (!hasRole(viewer, role)) {
		// Not awaited: requireRole answers at once (the refusal is the answer either way); the row
		// follows within the same turn on SQLite, and a failure to write it is reported.
		audit(event, { action: 'access-denied', target: `${event.request.method} ${event.url.pathname}`, outcome: 'refused', detail: { needs: role } }).catch((error: unknown) =>
			console.error('Granskningsloggen kunde inte skriva access-denied:', error)
		);
		throw new ForbiddenError(`Det här kräver rollen ${role}; ditt konto (${viewer.username}) har rollen ${viewer.role}.`);
	}
	return viewer;
}

/** The layers as this viewer may see and change them. */
export function layersFor(event: Pick<RequestEvent, 'locals'>): LayerView {
	const { layers, accounts } = services();
	return new LayerView(layers, accounts, viewerOf(event));
}

/**
 * Logs a bulk read of a layer that is not visible to all partners (`visibleTo` names
 * organisations), once per session, layer and `what`: a map page that loads the layer at every
 * visit, and every 304, leave one row for the session, not one each.
 */
export async function auditBulkRead(event: Pick<RequestEvent, 'locals' | 'getClientAddress' | 'cookies'>, layer: LayerSummary, what: 'geojson' | 'history'): Promise<void> {
	if (layer.visibleTo === null || layer.visibleTo === undefined) return;
	const token = event.cookies.get(SESSION_COOKIE);
	if (!token || !services().bulkReads.first(token, layer.id, what)) return;
	await audit(event, { action: 'layer-read', target: layer.id, detail: { what, features: layer.featureCount, visibleTo: layer.visibleTo } });
}

/**
 * Runs a change and the audit rows it records as one transaction (db/app-database.ts `write`): a
 * crash between them cannot keep the change and lose who made it. Changes asked for at the same
 * moment share one commit (group commit: one fsync for ten editors), each in its own savepoint, so
 * one that throws undoes only itself. Await it before answering: it settles after the COMMIT. Read
 * the request body before: the work may be async (the stores on Kysely are), but must not wait for
 * the network or a file (on SQLite the transaction must end within the turn it started in).
 *
 * @example
 * const feature = await write(event, async () => {
 *   const feature = await layersFor(event).createFeature(id, body.feature);
 *   await audit(event, { action: 'feature-create', target: `${id}/${feature.properties.id}` });
 *   return feature;
 * });
 */
export async function write<T>(_event: Pick<RequestEvent, 'locals'>, work: () => T | Promise<T>): Promise<T> {
	const { database, layers } = services();
	const result = await database.write(work);
	// The layers' copy holds what was committed before the answer (SQLite: already, at the COMMIT).
	if (!database.inWrite) await layers.fresh();
	return result;
}

/**
 * Records an event by the current viewer (or `who`), with the client's address. The audit row of
 * a change must be recorded inside that change's `write` (AuditLog refuses it otherwise): it is
 * written at the write's end, in its transaction. Outside a write (a read, an export, a refusal)
 * it is written at once: await it, so the row is there before the answer – and an export whose row
 * cannot be written is not answered (its rejection becomes the error answer).
 */
export function audit(event: Pick<RequestEvent, 'locals' | 'getClientAddress'>, entry: AuditEvent): Promise<void> {
	return services().audit.record({ who: event.locals.viewer, ip: clientAddress(event), ...entry });
}
