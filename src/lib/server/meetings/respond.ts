/** What the meeting and view routes share: audit entries for their actions. */
import type { RequestEvent } from '@sveltejs/kit';
import type { AuditAction } from '../auth/audit-log';
import { audit } from '../guard';

/** The meetings' and saved views' own audit actions (all in AUDIT_ACTIONS). */
export type MeetingAuditAction = Extract<AuditAction, `meeting-${string}` | `agenda-${string}` | `decision-${string}` | `view-${string}`>;

/** Records a meeting or saved-view action in the audit log (inside the change's `write`). */
export function auditMeeting(event: Pick<RequestEvent, 'locals' | 'getClientAddress'>, action: MeetingAuditAction, target: string, detail?: Record<string, unknown>): Promise<void> {
	return audit(event, { action, target, ...(detail ? { detail } : {}) });
}
