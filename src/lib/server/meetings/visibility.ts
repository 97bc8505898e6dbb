/**
 * Who may see a meeting, in a module of its own so the measure store (which meetings use to make
 * measures) can apply the same rule to measures a meeting decided without importing the meeting
 * store. Relative imports only.
 */
import type { Viewer } from '../auth/access';

/** Admins see every meeting; others the meetings their organisation takes part in. */
export function canSeeMeeting(viewer: Viewer, organisationIds: readonly string[]): boolean {
	return viewer.role === 'admin' || organisationIds.includes(viewer.organisation.id);
}
