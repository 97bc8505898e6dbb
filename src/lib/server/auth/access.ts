/**
 * Who is asking, and what they may do: the one place that answers "may this viewer see / edit /
 * administer this object". Stores and LayerView ask here; endpoints never decide themselves.
 *
 * - Roles are ranked (läsare < redaktör < admin): a läsare writes nothing, an admin administers.
 * - What an organisation may write follows ownership, not visibility: every layer, meeting, walk
 *   and measure has an owning organisation. A layer names the other organisations that may edit
 *   all of it or contribute to it (add objects, change their own); a meeting and a walk are
 *   written by the organisations taking part, but only the owner changes who takes part; a
 *   measure is changed by the organisation that carries it out and the one that made it.
 * - Administration is scoped: an organisation admin manages its own organisation's accounts and
 *   sees what its organisation sees. The system administrator (an admin of the operating
 *   organisation, set at install) manages every organisation and sees every layer and meeting so
 *   it can decide who sees what; it writes content with its own organisation's rights only.
 * - Who sees and edits a layer is decided by the owner's admins and the system administrator.
 *
 * A refusal is a ForbiddenError (403) that says which right is missing and who has it; an
 * object the viewer may not see is a not-found (404) raised by the store that hides it.
 */
import type { EditLevel, LayerRight, OrganisationKind, Role } from '../../accounts';
import { ForbiddenError, UnauthenticatedError } from '../errors';

export { EDIT_LEVEL_LABELS, EDIT_LEVELS, ORGANISATION_KINDS, ROLES, type EditLevel, type LayerRight, type OrganisationKind, type Role } from '../../accounts';

export interface Organisation {
	id: string;
	name: string;
	kind: OrganisationKind;
}

/** An organisation as a refusal names it. */
export type OrgRef = Pick<Organisation, 'id' | 'name'>;

/** The account behind a request, as the endpoints see it. */
export interface Viewer {
	id: number;
	username: string;
	displayName: string;
	role: Role;
	organisation: Organisation;
	/** An admin of the operating organisation (see viewerOf in account-store.ts). */
	systemAdmin?: boolean;
}

const RANK: Record<Role, number> = { läsare: 0, redaktör: 1, admin: 2 };

export const hasRole = (viewer: Viewer, role: Role) => RANK[viewer.role] >= RANK[role];

/** The administrator of the whole installation: an admin of the operating organisation. */
export const isSystemAdmin = (viewer: Viewer) => viewer.role === 'admin' && viewer.systemAdmin === true;


export const ROLE_LABELS: Record<Role, string> = { läsare: 'Läsare', redaktör: 'Redaktör', admin: 'Administratör' };

export function requireRole(viewer: Viewer | null | undefined, role: Role): Viewer {
	if (!viewer) throw new UnauthenticatedError();
	if (!hasRole(viewer, role)) {
		throw new ForbiddenError(`Det här kräver rollen ${ROLE_LABELS[role].toLowerCase()}; ditt konto (${viewer.username}) är ${ROLE_LABELS[viewer.role].toLowerCase()}.`);
	}
	return viewer;
}

const yours = (viewer: Viewer) => `Ditt konto (${viewer.username}) hör till ${viewer.organisation.name}`;
const names = (orgs: readonly OrgRef[]) => orgs.map((o) => o.name).join(', ');

// Administration

/** Whether the viewer administers an organisation's accounts: its own admins and the system administrator. */
export function administers(viewer: Viewer, organisationId: string): boolean {
	return viewer.role === 'admin' && (isSystemAdmin(viewer) || viewer.organisation.id === organisationId);
}

/** @throws ForbiddenError unless the viewer is the system administrator. */
export function requireSystemAdmin(viewer: Viewer, what: string, operator: OrgRef | null): void {
	requireRole(viewer, 'admin');
	if (!isSystemAdmin(viewer)) {
		throw new ForbiddenError(
			`Bara systemadministratören (administratörer i ${operator?.name ?? 'den organisation som driver Lägeskartan'}) kan ${what}. ${yours(viewer)}, och dess administratörer sköter bara den organisationens konton.`
		);
	}
}

// Layers

/** Who owns a layer, who else may write in it, who sees it. */
export interface LayerAccess {
	id: string;
	title: string;
	owner: OrgRef;
	editors: { organisation: OrgRef; level: EditLevel }[];
	/** null: all partners. */
	visibleTo: readonly string[] | null;
}

/** `visibleTo` null: all partners. The system administrator sees every layer (it decides who sees what). */
export function canSeeLayer(viewer: Viewer, visibleTo: readonly string[] | null): boolean {
	return isSystemAdmin(viewer) || visibleTo === null || visibleTo.includes(viewer.organisation.id);
}

/** The viewer's organisation's right in the layer, whatever the viewer's role. */
export function layerRight(viewer: Viewer, layer: LayerAccess): LayerRight {
	if (layer.owner.id === viewer.organisation.id) return 'owner';
	return layer.editors.find((e) => e.organisation.id === viewer.organisation.id)?.level ?? null;
}

/** Whether the viewer may change the object added by `addedBy` (an organisation id) in the layer. */
export function mayWriteObject(viewer: Viewer, layer: LayerAccess, addedBy: string): boolean {
	if (!hasRole(viewer, 'redaktör')) return false;
	const right = layerRight(viewer, layer);
	return right === 'owner' || right === 'edit' || (right === 'contribute' && addedBy === viewer.organisation.id);
}

function whoEdits(layer: LayerAccess): string {
	const editors = layer.editors.filter((e) => e.level === 'edit').map((e) => e.organisation);
	return `${layer.owner.name} (ägare)${editors.length ? ` och ${names(editors)}` : ''}`;
}

/**
 * What a write in a layer needs: `add` a new object (any right), change `object` added by an
 * organisation (edit, or contribute when it is the viewer's own), or change the `whole` layer
 * (an import that replaces: edit).
 * @throws ForbiddenError naming the missing right and who has it.
 */
export function requireLayerWrite(viewer: Viewer, layer: LayerAccess, need: { kind: 'add' } | { kind: 'whole' } | { kind: 'object'; addedBy: string }): void {
	requireRole(viewer, 'redaktör');
	const right = layerRight(viewer, layer);
	if (right === 'owner' || right === 'edit') return;
	if (right === null) {
		throw new ForbiddenError(
			`Du kan inte ändra i lagret ”${layer.title}”: det får ${whoEdits(layer)}${layer.editors.some((e) => e.level === 'contribute') ? `, och ${names(layer.editors.filter((e) => e.level === 'contribute').map((e) => e.organisation))} får bidra` : ''}. ${yours(viewer)}, som bara får se lagret. Ägarens administratörer kan ge fler organisationer rätt att redigera eller bidra.`
		);
	}
	if (need.kind === 'add' || (need.kind === 'object' && need.addedBy === viewer.organisation.id)) return;
	throw new ForbiddenError(
		need.kind === 'whole'
			? `Att ersätta hela lagret ”${layer.title}” kräver rätt att redigera hela lagret, som ${whoEdits(layer)} har. ${viewer.organisation.name} får bidra: lägga till objekt (importera med ”lägg till”) och ändra sina egna.`
			: `Objektet lades till av en annan organisation, och i lagret ”${layer.title}” får ${viewer.organisation.name} bara bidra: lägga till objekt och ändra eller ta bort sina egna. Att ändra andras kräver rätt att redigera, som ${whoEdits(layer)} har.`
	);
}

/** Whether the viewer decides who sees and edits the layer: the owner's admins and the system administrator. */
export function administersLayer(viewer: Viewer, layer: Pick<LayerAccess, 'owner'>): boolean {
	return administers(viewer, layer.owner.id);
}

export function requireLayerAdmin(viewer: Viewer, layer: LayerAccess): void {
	requireRole(viewer, 'admin');
	if (!administersLayer(viewer, layer)) {
		throw new ForbiddenError(
			`Vem som ser och redigerar lagret ”${layer.title}” bestäms av dess ägare, ${layer.owner.name} (organisationens administratörer), och av systemadministratören. ${yours(viewer)}.`
		);
	}
}

// Meetings and walks: an owner and the organisations taking part (the owner always among them)

export interface Gathering {
	/** 'mötet' or 'inventeringen', as the refusal says it. */
	noun: 'mötet' | 'inventeringen';
	title: string;
	owner: OrgRef;
	organisationIds: readonly string[];
}

/** The system administrator sees every meeting; others the meetings their organisation takes part in. */
export function canSeeMeeting(viewer: Viewer, organisationIds: readonly string[]): boolean {
	return isSystemAdmin(viewer) || organisationIds.includes(viewer.organisation.id);
}

export const takesPart = (viewer: Viewer, gathering: Pick<Gathering, 'owner' | 'organisationIds'>) =>
	gathering.owner.id === viewer.organisation.id || gathering.organisationIds.includes(viewer.organisation.id);

/** @throws ForbiddenError unless the viewer is a redaktör of an organisation taking part. */
export function requireParticipant(viewer: Viewer, gathering: Gathering, what: string): void {
	requireRole(viewer, 'redaktör');
	if (!takesPart(viewer, gathering)) {
		throw new ForbiddenError(
			`Bara organisationer som deltar i ${gathering.noun} ”${gathering.title}” kan ${what}. ${yours(viewer)}, som inte deltar; ${gathering.owner.name} (ägare) kan lägga till den bland deltagarna.`
		);
	}
}

/** @throws ForbiddenError unless the viewer is a redaktör of the owning organisation. */
export function requireOwner(viewer: Viewer, gathering: Gathering, what: string): void {
	requireRole(viewer, 'redaktör');
	if (gathering.owner.id !== viewer.organisation.id) {
		throw new ForbiddenError(`Bara ägaren av ${gathering.noun} ”${gathering.title}”, ${gathering.owner.name}, kan ${what}. ${yours(viewer)}.`);
	}
}

/**
 * A finding (or an agenda item) is changed by the organisation that recorded it and by the
 * owner of its walk (meeting), who follows it up.
 * @throws ForbiddenError naming both.
 */
export function requireOwnContribution(viewer: Viewer, gathering: Gathering, addedBy: OrgRef, what: string): void {
	requireRole(viewer, 'redaktör');
	if (viewer.organisation.id !== addedBy.id && viewer.organisation.id !== gathering.owner.id) {
		throw new ForbiddenError(
			`Bara ${addedBy.name} (som lade till det) och ${gathering.owner.name} (ägare av ${gathering.noun}) kan ${what}. ${yours(viewer)}.`
		);
	}
}

// Measures

export interface MeasureAccess {
	title: string;
	/** The organisation that carries the measure out. */
	owner: OrgRef;
	/** The organisation that made it (decided it, or turned a finding into it). */
	maker: OrgRef;
}

export function mayEditMeasure(viewer: Viewer, measure: MeasureAccess): boolean {
	return hasRole(viewer, 'redaktör') && (viewer.organisation.id === measure.owner.id || viewer.organisation.id === measure.maker.id);
}

/** @throws ForbiddenError unless the viewer's organisation carries the measure out or made it. */
export function requireMeasureEdit(viewer: Viewer, measure: MeasureAccess): void {
	requireRole(viewer, 'redaktör');
	if (!mayEditMeasure(viewer, measure)) {
		const who = measure.owner.id === measure.maker.id ? `${measure.owner.name}, som äger den` : `${measure.owner.name} (ansvarig) och ${measure.maker.name} (som beslutade den)`;
		throw new ForbiddenError(`Åtgärden ”${measure.title}” kan bara ändras av ${who}. ${yours(viewer)}.`);
	}
}

// Saved views: an account's own

/** @throws ForbiddenError unless the viewer saved the view (changing it), or, to delete it, administers its organisation. */
export function requireViewOwner(viewer: Viewer, view: { name: string; accountId: number; owner: string; organisationId: string }, deleting = false): void {
	if (view.accountId === viewer.id) return;
	if (deleting && administers(viewer, view.organisationId)) return;
	throw new ForbiddenError(
		`Vyn ”${view.name}” är sparad av ${view.owner}; bara den som sparat den ${deleting ? 'eller en administratör för den organisationen kan ta bort den' : 'kan ändra eller återställa den'}.`
	);
}

// The yearly lägesbild

/**
 * The lägesbild is the city's and the police's joint document: its summary (and action plan) is
 * written by redaktörer and admins of a district administration or the police, not by property
 * owners or other partners, who read their own edition. Every account may download its edition.
 */
export const LAGESBILD_WRITER_KINDS: readonly OrganisationKind[] = ['stadsdelsförvaltning', 'polis'];

export const mayEditLagesbild = (viewer: Viewer) => hasRole(viewer, 'redaktör') && LAGESBILD_WRITER_KINDS.includes(viewer.organisation.kind);

/** @throws ForbiddenError unless the viewer writes the lägesbild (see LAGESBILD_WRITER_KINDS). */
export function requireLagesbildEdit(viewer: Viewer): void {
	requireRole(viewer, 'redaktör');
	if (!mayEditLagesbild(viewer)) {
		throw new ForbiddenError(
			`Lägesbilden skrivs av stadsdelsförvaltningen och polisen: deras redaktörer ändrar sammanfattningen. ${yours(viewer)}, som kan hämta sin egen utgåva av dokumentet.`
		);
	}
}

// Reports of the weekly lägesbild (issue 16)

/**
 * Who sees reports, one rule for all of them: the organisation that reported, the operating
 * organisation (which runs the weekly lägesbild) and the police (every organisation of kind
 * 'polis'), and the system administrator. Other partners – property owners, security and
 * transport companies, others – see their own reports only; the week's page, its counts and hot
 * spots are computed from what the viewer sees. Every partner's redaktörer report (and import)
 * for their own organisation, whatever its kind.
 */
export function seesAllReports(viewer: Viewer, operatorId: string | null): boolean {
	return isSystemAdmin(viewer) || viewer.organisation.kind === 'polis' || (operatorId !== null && viewer.organisation.id === operatorId);
}

export function canSeeReport(viewer: Viewer, reportOrganisationId: string, operatorId: string | null): boolean {
	return seesAllReports(viewer, operatorId) || viewer.organisation.id === reportOrganisationId;
}

export function mayEditReport(viewer: Viewer, report: { organisation: OrgRef }): boolean {
	return hasRole(viewer, 'redaktör') && viewer.organisation.id === report.organisation.id;
}

/** @throws ForbiddenError unless the viewer is a redaktör of the organisation that reported it. */
export function requireReportEdit(viewer: Viewer, report: { organisation: OrgRef }): void {
	requireRole(viewer, 'redaktör');
	if (!mayEditReport(viewer, report)) {
		throw new ForbiddenError(`Rapporten kan bara ändras av den organisation som rapporterade den, ${report.organisation.name}. ${yours(viewer)}.`);
	}
}

/** Who may import reports from a file: whoever may report for their organisation (a redaktör), as its own reports. */
export const mayImportReports = (viewer: Viewer) => hasRole(viewer, 'redaktör');

/** @throws ForbiddenError unless the viewer may import reports (a redaktör or admin of any partner). */
export function requireReportImport(viewer: Viewer): void {
	if (!mayImportReports(viewer)) {
		throw new ForbiddenError(`Att importera rapporter kräver rollen redaktör: rapporterna blir din organisations, som om de skickats i formuläret. ${yours(viewer)}.`);
	}
}

// The weekly meeting (issue 16, item 5)

/**
 * The weekly meeting is run by those who see the whole week's picture (seesAllReports: the
 * operating organisation – the district administration – the police and the system
 * administrator): their redaktörer and admins set the week's focus places and record last week's
 * follow-up. The meeting's "participants" are thus given by the same rule as the reports it reads,
 * not by a list per meeting. Another partner sees the focus places its own organisation owns (it
 * has to act on them), with their follow-up, and nothing else of the meeting: the rest is built
 * from reports it may not see.
 */
export function mayRunWeekMeeting(viewer: Viewer, operatorId: string | null): boolean {
	return hasRole(viewer, 'redaktör') && seesAllReports(viewer, operatorId);
}

export function canSeeFocusPlace(viewer: Viewer, ownerOrganisationId: string, operatorId: string | null): boolean {
	return seesAllReports(viewer, operatorId) || viewer.organisation.id === ownerOrganisationId;
}

/** @throws ForbiddenError unless the viewer runs the weekly meeting (see mayRunWeekMeeting). */
export function requireWeekMeeting(viewer: Viewer, operatorId: string | null, what: string): void {
	requireRole(viewer, 'redaktör');
	if (!mayRunWeekMeeting(viewer, operatorId)) {
		throw new ForbiddenError(
			`Veckomötet hålls av stadsdelsförvaltningen och polisen (de som ser alla rapporter): deras redaktörer kan ${what}. ${yours(viewer)}, som ser de fokusplatser den äger.`
		);
	}
}
