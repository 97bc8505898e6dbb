/** Swedish words for accounts: roles, kinds of organisation, how long to wait after a refusal. */
import type { OrganisationKind, Role } from './session-client';

export const ROLE_LABELS: Record<Role, string> = {
	läsare: 'Läsare',
	redaktör: 'Redaktör',
	admin: 'Administratör'
};

export const ORGANISATION_KIND_LABELS: Record<OrganisationKind, string> = {
	stadsdelsförvaltning: 'Stadsdelsförvaltning',
	polis: 'Polis',
	fastighetsägare: 'Fastighetsägare',
	annan: 'Annan'
};

/** A label for a role or kind the server may know and this page not (shown as it is). */
export const labelOf = <K extends string>(labels: Record<K, string>, key: string): string =>
	(labels as Record<string, string>)[key] ?? key;

const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * A wait as a person says it: "45 sekunder", "1 minut", "4 minuter och 5 sekunder". Rounded up
 * to whole seconds so the user never tries a moment too early.
 */
export function formatWait(seconds: number): string {
	const total = Math.max(1, Math.ceil(Number.isFinite(seconds) ? seconds : 60));
	const minutes = Math.floor(total / 60);
	const rest = total % 60;
	if (minutes === 0) return count(rest, 'sekund', 'sekunder');
	const inMinutes = count(minutes, 'minut', 'minuter');
	return rest === 0 ? inMinutes : `${inMinutes} och ${count(rest, 'sekund', 'sekunder')}`;
}
