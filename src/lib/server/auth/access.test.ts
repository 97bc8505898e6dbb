import { describe, expect, it } from 'vitest';
import { administers, canSeeLayer, layerRight, mayEditMeasure, requireLayerAdmin, requireLayerWrite, requireMeasureEdit, requireOwnContribution, requireOwner, requireParticipant, requireSystemAdmin, type Gathering, type LayerAccess, type Role, type Viewer } from './access';
import { ForbiddenError } from '../errors';

const ORGS = {
	sdf: { id: 'sdf-jarva', name: 'Järva stadsdelsförvaltning' },
	polis: { id: 'polis-jarva', name: 'Lokalpolisområde Järva' },
	fastighet: { id: 'fastighetsagare', name: 'Fastighetsägare i Järva' },
	vakt: { id: 'vaktbolaget', name: 'Väktarbolaget' }
} as const;
type Org = keyof typeof ORGS;

const who = (org: Org, role: Role = 'redaktör', systemAdmin = false): Viewer => ({
	id: 1,
	username: `${org}-${role}`,
	displayName: 'Test',
	role,
	systemAdmin,
	organisation: { ...ORGS[org], kind: 'annan' }
});

/** The insecure places as seeded: the district's, the police and property owners contribute. */
const places: LayerAccess = {
	id: 'otrygga-platser',
	title: 'Otrygga platser',
	owner: ORGS.sdf,
	editors: [
		{ organisation: ORGS.polis, level: 'contribute' },
		{ organisation: ORGS.fastighet, level: 'contribute' }
	],
	visibleTo: null
};
/** The drug scenes as seeded: the police's, the district edits them, property owners do not see them. */
const scenes: LayerAccess = { id: 'drogscener-2023', title: 'Öppna drogscener 2023', owner: ORGS.polis, editors: [{ organisation: ORGS.sdf, level: 'edit' }], visibleTo: ['sdf-jarva', 'polis-jarva'] };

const refusal = (attempt: () => void): string => {
	try {
		attempt();
	} catch (err) {
		expect(err).toBeInstanceOf(ForbiddenError);
		return (err as Error).message;
	}
	throw new Error('not refused');
};

describe('seeing a layer', () => {
	it('an organisation admin sees what its organisation sees; the system administrator sees every layer', () => {
		expect(canSeeLayer(who('fastighet', 'admin'), scenes.visibleTo)).toBe(false);
		expect(canSeeLayer(who('fastighet', 'admin', true), scenes.visibleTo)).toBe(true);
		expect(canSeeLayer(who('polis', 'läsare'), scenes.visibleTo)).toBe(true);
		expect(canSeeLayer(who('vakt', 'läsare'), null)).toBe(true);
	});

	it('a systemAdmin flag on an account that is not an admin gives nothing', () => {
		expect(canSeeLayer(who('fastighet', 'redaktör', true), scenes.visibleTo)).toBe(false);
	});
});

describe('writing in a layer', () => {
	it('each organisation’s right follows ownership and grants, not visibility', () => {
		expect(layerRight(who('sdf'), places)).toBe('owner');
		expect(layerRight(who('polis'), places)).toBe('contribute');
		expect(layerRight(who('sdf'), scenes)).toBe('edit');
		expect(layerRight(who('vakt'), places)).toBeNull();
		// The system administrator writes with its own organisation's right.
		expect(layerRight(who('fastighet', 'admin', true), scenes)).toBeNull();
	});

	it('a contributor adds objects and changes its own, not others’, and cannot replace the layer', () => {
		const polis = who('polis');
		expect(() => requireLayerWrite(polis, places, { kind: 'add' })).not.toThrow();
		expect(() => requireLayerWrite(polis, places, { kind: 'object', addedBy: 'polis-jarva' })).not.toThrow();
		expect(refusal(() => requireLayerWrite(polis, places, { kind: 'object', addedBy: 'sdf-jarva' }))).toMatch(/Objektet lades till av en annan organisation.*får Lokalpolisområde Järva bara bidra.*Järva stadsdelsförvaltning \(ägare\)/);
		expect(refusal(() => requireLayerWrite(polis, places, { kind: 'whole' }))).toMatch(/Att ersätta hela lagret ”Otrygga platser” kräver rätt att redigera hela lagret, som Järva stadsdelsförvaltning \(ägare\) har/);
	});

	it('an organisation without a right is told who may edit and who may contribute', () => {
		expect(refusal(() => requireLayerWrite(who('vakt'), places, { kind: 'add' }))).toBe(
			'Du kan inte ändra i lagret ”Otrygga platser”: det får Järva stadsdelsförvaltning (ägare), och Lokalpolisområde Järva, Fastighetsägare i Järva får bidra. Ditt konto (vakt-redaktör) hör till Väktarbolaget, som bara får se lagret. Ägarens administratörer kan ge fler organisationer rätt att redigera eller bidra.'
		);
		expect(refusal(() => requireLayerWrite(who('fastighet', 'admin'), scenes, { kind: 'add' }))).toMatch(/det får Lokalpolisområde Järva \(ägare\) och Järva stadsdelsförvaltning\./);
	});

	it('an editor and the owner may do everything, a läsare nothing', () => {
		for (const need of [{ kind: 'add' }, { kind: 'whole' }, { kind: 'object', addedBy: 'polis-jarva' }] as const) {
			expect(() => requireLayerWrite(who('sdf'), scenes, need)).not.toThrow();
			expect(() => requireLayerWrite(who('polis', 'admin'), scenes, need)).not.toThrow();
		}
		expect(refusal(() => requireLayerWrite(who('polis', 'läsare'), scenes, { kind: 'add' }))).toMatch(/kräver rollen redaktör/);
	});

	it('who sees and edits a layer is its owner’s admins’ and the system administrator’s to decide', () => {
		expect(() => requireLayerAdmin(who('polis', 'admin'), scenes)).not.toThrow();
		expect(() => requireLayerAdmin(who('sdf', 'admin', true), scenes)).not.toThrow();
		expect(refusal(() => requireLayerAdmin(who('sdf', 'admin'), scenes))).toMatch(/bestäms av dess ägare, Lokalpolisområde Järva \(organisationens administratörer\), och av systemadministratören/);
		expect(refusal(() => requireLayerAdmin(who('polis', 'redaktör'), scenes))).toMatch(/kräver rollen administratör/);
	});
});

describe('meetings and walks', () => {
	const meeting: Gathering = { noun: 'mötet', title: 'Platssamverkan Husby', owner: ORGS.sdf, organisationIds: ['sdf-jarva', 'polis-jarva'] };

	it('organisations taking part write; others are told who can add them', () => {
		expect(() => requireParticipant(who('polis'), meeting, 'skriva anteckningar')).not.toThrow();
		expect(refusal(() => requireParticipant(who('fastighet'), meeting, 'skriva anteckningar'))).toBe(
			'Bara organisationer som deltar i mötet ”Platssamverkan Husby” kan skriva anteckningar. Ditt konto (fastighet-redaktör) hör till Fastighetsägare i Järva, som inte deltar; Järva stadsdelsförvaltning (ägare) kan lägga till den bland deltagarna.'
		);
	});

	it('only the owner changes who takes part, even a participant’s admin or the system administrator of another organisation', () => {
		expect(() => requireOwner(who('sdf'), meeting, 'ändra vilka som deltar')).not.toThrow();
		expect(refusal(() => requireOwner(who('polis', 'admin'), meeting, 'ändra vilka som deltar'))).toBe(
			'Bara ägaren av mötet ”Platssamverkan Husby”, Järva stadsdelsförvaltning, kan ändra vilka som deltar. Ditt konto (polis-admin) hör till Lokalpolisområde Järva.'
		);
	});

	it('a contribution is changed by the organisation that made it and by the owner', () => {
		expect(() => requireOwnContribution(who('polis'), meeting, ORGS.polis, 'ändra fyndet')).not.toThrow();
		expect(() => requireOwnContribution(who('sdf'), meeting, ORGS.polis, 'ändra fyndet')).not.toThrow();
		expect(refusal(() => requireOwnContribution(who('fastighet'), meeting, ORGS.polis, 'ändra fyndet'))).toMatch(/^Bara Lokalpolisområde Järva \(som lade till det\) och Järva stadsdelsförvaltning \(ägare av mötet\) kan ändra fyndet\./);
	});
});

describe('measures', () => {
	const measure = { title: 'Ny belysning', owner: ORGS.polis, maker: ORGS.sdf };

	it('the organisation that carries it out and the one that made it change it; nobody else, whatever it sees', () => {
		expect(mayEditMeasure(who('polis'), measure)).toBe(true);
		expect(mayEditMeasure(who('sdf'), measure)).toBe(true);
		expect(mayEditMeasure(who('polis', 'läsare'), measure)).toBe(false);
		expect(refusal(() => requireMeasureEdit(who('fastighet', 'admin'), measure))).toBe(
			'Åtgärden ”Ny belysning” kan bara ändras av Lokalpolisområde Järva (ansvarig) och Järva stadsdelsförvaltning (som beslutade den). Ditt konto (fastighet-admin) hör till Fastighetsägare i Järva.'
		);
	});
});

describe('administration', () => {
	it('an organisation admin administers its own organisation; the system administrator every one', () => {
		expect(administers(who('polis', 'admin'), 'polis-jarva')).toBe(true);
		expect(administers(who('polis', 'admin'), 'sdf-jarva')).toBe(false);
		expect(administers(who('sdf', 'admin', true), 'polis-jarva')).toBe(true);
		expect(administers(who('polis', 'redaktör'), 'polis-jarva')).toBe(false);
	});

	it('what only the system administrator does names the operating organisation', () => {
		expect(() => requireSystemAdmin(who('sdf', 'admin', true), 'lägga till organisationer', ORGS.sdf)).not.toThrow();
		expect(refusal(() => requireSystemAdmin(who('fastighet', 'admin'), 'lägga till organisationer', ORGS.sdf))).toMatch(
			/^Bara systemadministratören \(administratörer i Järva stadsdelsförvaltning\) kan lägga till organisationer\./
		);
	});
});
