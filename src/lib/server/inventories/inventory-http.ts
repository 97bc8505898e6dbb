/** What the inventory endpoints share: the audit actions of safety walks. */
import type { RequestEvent } from '@sveltejs/kit';
import type { AuditAction } from '../auth/audit-log';
import { audit } from '../guard';

/** The safety walks' own audit actions (all in AUDIT_ACTIONS). */
export type InventoryAuditAction = Extract<AuditAction, `inventory-${string}` | `finding-${string}`>;

/** Records a walk or finding action in the audit log (inside the change's `write`). */
export function auditInventory(
	event: Pick<RequestEvent, 'locals' | 'getClientAddress'>,
	action: AuditAction,
	target: string,
	detail?: Record<string, unknown>
): Promise<void> {
	return audit(event, { action, target, ...(detail ? { detail } : {}) });
}
