/**
 * What the meeting and view routes share: answer() plus the meetings' own 409, and audit entries
 * for their actions.
 */
import type { RequestEvent } from '@sveltejs/kit';
import type { AuditAction } from '../auth/audit-log';
import { audit } from '../guard';
import { answer, jsonError } from '../http';
import { MeetingConflictError } from './meeting-store';
import { ViewConflictError } from './view-store';

/** answer(), and a stale version becomes 409 `{ message, baseVersion, current, yours }`. */
export function answerMeeting(handler: () => Response | Promise<Response>): Promise<Response> {
	return answer(async () => {
		try {
			return await handler();
		} catch (err) {
			if (err instanceof MeetingConflictError) {
				return jsonError(409, err.message, { baseVersion: err.baseVersion, current: err.current, yours: err.yours });
			}
			if (err instanceof ViewConflictError) return jsonError(409, err.message, { baseVersion: err.baseVersion, current: err.current });
			throw err;
		}
	});
}

/** The meetings' and saved views' own audit actions (all in AUDIT_ACTIONS). */
export type MeetingAuditAction = Extract<AuditAction, `meeting-${string}` | `agenda-${string}` | `decision-${string}` | `view-${string}`>;

/** Records a meeting or saved-view action in the audit log. */
export function auditMeeting(event: Pick<RequestEvent, 'locals' | 'getClientAddress'>, action: MeetingAuditAction, target: string, detail?: Record<string, unknown>): void {
	audit(event, { action, target, ...(detail ? { detail } : {}) });
}
