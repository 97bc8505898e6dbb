/** Swedish words for accounts: roles, kinds of organisation, who may write in a layer, how long to wait after a refusal. */
import type { LayerAccessInfo } from './accounts';
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
	säkerhetsföretag: 'Säkerhetsföretag',
	transportföretag: 'Transportföretag',
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

const names = (orgs: readonly { name: string }[]) => orgs.map((o) => o.name).join(', ');

/**
 * Who owns a layer and who else writes in it, as the layer panel and the administration say it.
 *
 * @example
 * layerOwnership(access); // "Ägare: Lokalpolisområde Järva. Redigerar också: Järva stadsdelsförvaltning."
 */
export function layerOwnership(access: Pick<LayerAccessInfo, 'owner' | 'editors'>): string {
	const edit = access.editors.filter((e) => e.level === 'edit').map((e) => e.organisation);
	const contribute = access.editors.filter((e) => e.level === 'contribute').map((e) => e.organisation);
	return [`Ägare: ${access.owner.name}.`, edit.length ? `Redigerar också: ${names(edit)}.` : '', contribute.length ? `Bidrar: ${names(contribute)}.` : '']
		.filter(Boolean)
		.join(' ');
}

/** What the account's organisation may do in a layer, in a sentence (a läsare is told its role decides). */
export function layerRightText(access: Pick<LayerAccessInfo, 'right'>, role: Role): string {
	if (role === 'läsare') return 'Du kan läsa lagret (rollen läsare ändrar inget).';
	if (access.right === 'owner') return 'Din organisation äger lagret: du kan ändra allt i det.';
	if (access.right === 'edit') return 'Din organisation får redigera hela lagret.';
	if (access.right === 'contribute') return 'Din organisation får bidra: lägga till objekt och ändra eller ta bort sina egna.';
	return 'Din organisation får bara se lagret.';
}
