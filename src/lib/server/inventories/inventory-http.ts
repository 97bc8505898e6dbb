/**
 * What the inventory endpoints share: the audit actions of safety walks, and the 409 that shows
 * both versions of an object two people changed.
 */
import type { RequestEvent } from '@sveltejs/kit';
import type { AuditAction } from '../auth/audit-log';
import { audit } from '../guard';
import { jsonError } from '../http';
import { InventoryConflictError } from './inventory-store';

/** The safety walks' own audit actions (all in AUDIT_ACTIONS). */
export type InventoryAuditAction = Extract<AuditAction, `inventory-${string}` | `finding-${string}`>;

export function auditInventory(
	event: Pick<RequestEvent, 'locals' | 'getClientAddress'>,
	action: AuditAction,
	target: string,
	detail?: Record<string, unknown>
): void {
	audit(event, { action, target, ...(detail ? { detail } : {}) });
}

/** Runs a write; a stale baseVersion becomes 409 `{ message, current, yours }` for the user to choose. */
export function orConflict(yours: unknown, write: () => Response): Response {
	try {
		return write();
	} catch (err) {
		if (err instanceof InventoryConflictError) {
			return jsonError(409, err.message, { baseVersion: err.baseVersion, current: err.current, yours });
		}
		throw err;
	}
}
