import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Role, type Viewer } from './auth/access';
import { LayerView, takenId } from './layer-view';
import { placesReport, scenesReport } from './analysis-service';
import { tempServices } from './testing/temp-service';
import { ConflictError, ForbiddenError, LayerNotFoundError } from './errors';

let services: Awaited<ReturnType<typeof tempServices>>;
beforeEach(async () => {
	services = await tempServices();
});
afterEach(() => services.close());

const ORG_NAMES: Record<string, string> = { 'sdf-jarva': 'SDF', 'polis-jarva': 'Polis', fastighetsagare: 'Fastighetsägare' };
function view(organisation: string, role: Role = 'läsare') {
	const viewer: Viewer = { id: 1, username: `${organisation}-${role}`, displayName: 'Test', role, organisation: { id: organisation, name: ORG_NAMES[organisation]!, kind: 'annan' } };
	return new LayerView(services.layers, services.accounts, viewer);
}
/** The system administrator: an admin of the operating organisation (the district administration). */
function system() {
	const viewer: Viewer = { id: 2, username: 'system', displayName: 'System', role: 'admin', systemAdmin: true, organisation: { id: 'sdf-jarva', name: 'SDF', kind: 'annan' } };
	return new LayerView(services.layers, services.accounts, viewer);
}

describe('what a viewer sees', () => {
	it('property owners do not see the drug scenes; the district and the police do', async () => {
		const ids = (org: string) => view(org).list().map((l) => l.id);
		expect(ids('fastighetsagare')).not.toContain('drogscener-2023');
		expect(ids('sdf-jarva')).toContain('drogscener-2023');
		expect(ids('polis-jarva')).toContain('drogscener-2021');
		// An organisation admin sees what its organisation sees; the system administrator every layer.
		expect(view('fastighetsagare', 'admin').list().map((l) => l.id)).not.toContain('drogscener-2023');
		await services.accounts.setVisibility('drogscener-2023', ['polis-jarva']);
		expect(system().list().map((l) => l.id)).toContain('drogscener-2023');
	});

	it('a hidden layer is not found by id, in features, history or a single feature', async () => {
		const owner = view('fastighetsagare');
		expect(() => owner.get('drogscener-2023')).toThrow(LayerNotFoundError);
		expect(() => owner.features('drogscener-2023')).toThrow(LayerNotFoundError);
		await expect(owner.history('drogscener-2023')).rejects.toThrow(LayerNotFoundError);
		expect(() => owner.feature('drogscener-2023', 'ds2023-dragongrand')).toThrow(LayerNotFoundError);
	});

	it('the analysis of a viewer who cannot see scenes has no years to compare', () => {
		expect(() => scenesReport(view('fastighetsagare'), { from: 2021, to: 2023, radius: 1000, tolerance: 'precision' })).toThrow(/drogscener/);
		expect(scenesReport(view('polis-jarva'), { from: 2021, to: 2023, radius: 1000, tolerance: 'precision' }).summary.persisted).toBe(4);
	});

	it('hiding the insecure places from an organisation hides them from its analysis too', async () => {
		await services.accounts.setVisibility('otrygga-platser', ['polis-jarva']);
		expect(() => placesReport(view('sdf-jarva'), 2023, [200])).toThrow(/otrygga platser/);
		expect(placesReport(view('polis-jarva'), 2023, [200]).places.length).toBeGreaterThan(0);
	});

	it('a läsare cannot write, and a redaktör cannot write to a layer hidden from them', () => {
		expect(() => view('sdf-jarva').writable('otrygga-platser')).toThrow(ForbiddenError);
		expect(view('sdf-jarva', 'redaktör').writable('otrygga-platser')).toBe(services.layers);
		expect(() => view('fastighetsagare', 'redaktör').writable('drogscener-2023')).toThrow(LayerNotFoundError);
	});

	it('a redaktör’s new layer is theirs and seen by their organisation only until its admins (or the system administrator) widen it', async () => {
		const made = await view('polis-jarva', 'redaktör').createLayer({ id: 'drogscener-2024', title: 'Drogscener 2024', titleEn: 'x', kind: 'drug-scene', year: 2024, geometry: 'Polygon', source: 's', precision: 'p', approximate: true, editable: true }, null);
		expect(made.visibleTo).toEqual(['polis-jarva']);
		expect(made.access).toMatchObject({ owner: { id: 'polis-jarva' }, editors: [], right: 'owner', administer: false });
		expect(view('sdf-jarva').list().map((l) => l.id)).not.toContain('drogscener-2024');
		await expect(view('sdf-jarva', 'redaktör').setVisibility('drogscener-2024', null)).rejects.toThrow(ForbiddenError);
		await view('polis-jarva', 'admin').setVisibility('drogscener-2024', ['polis-jarva', 'sdf-jarva']);
		// Another organisation's admin does not decide it, even when it sees the layer.
		await expect(view('sdf-jarva', 'admin').setVisibility('drogscener-2024', null)).rejects.toThrow(/bestäms av dess ägare, Lokalpolisområde Järva/);
		await system().setVisibility('drogscener-2024', null);
		expect(view('sdf-jarva').get('drogscener-2024').summary.visibleTo).toBeNull();
	});

	it('a new layer made inside the endpoint’s write answers with its summary; the copy has it after the COMMIT', async () => {
		const made = await services.database.write(() =>
			view('polis-jarva', 'redaktör').createLayer({ id: 'drogscener-2024', title: 'Drogscener 2024', titleEn: 'x', kind: 'drug-scene', year: 2024, geometry: 'Polygon', source: 's', precision: 'p', approximate: true, editable: true }, null)
		);
		expect(made).toMatchObject({ id: 'drogscener-2024', year: 2024, featureCount: 0, bbox: null, visibleTo: ['polis-jarva'], access: { owner: { id: 'polis-jarva' }, editors: [], right: 'owner', administer: false } });
		await services.layers.fresh();
		expect(view('polis-jarva').get('drogscener-2024').summary).toEqual(made);
	});

	it('a new layer with a visibility naming an unknown organisation is not created at all', async () => {
		await expect(
			view('sdf-jarva', 'admin').createLayer({ id: 'omrade-x', title: 'Område', titleEn: 'x', kind: 'area', year: null, geometry: 'Polygon', source: 's', precision: 'p', approximate: true, editable: true }, ['sdf-jarva', 'finns-inte'])
		).rejects.toThrow(/finns inte/);
		expect(services.layers.store.layer('omrade-x')).toBeUndefined();
	});

	it('a new layer whose id is taken gets the same neutral 409 whether the maker may see that layer or not', async () => {
		const layer = (id: string) => ({ id, title: 'Nytt lager', titleEn: 'x', kind: 'area' as const, year: null, geometry: 'Polygon' as const, source: 's', precision: 'p', approximate: true, editable: true });
		const owner = view('fastighetsagare', 'redaktör');
		const refusal = async (id: string) => {
			try {
				await owner.createLayer(layer(id));
			} catch (err) {
				return err as Error;
			}
			throw new Error(`${id} was created`);
		};
		const hidden = await refusal('drogscener-2023');
		const visible = await refusal('otrygga-platser');
		expect(hidden).toBeInstanceOf(ConflictError);
		expect(hidden.message).toBe(takenId('drogscener-2023'));
		expect(visible.message).toBe(takenId('otrygga-platser'));
		expect(hidden.message).not.toMatch(/finns/);
		expect(view('fastighetsagare').list().map((l) => l.id)).not.toContain('drogscener-2023');
	});

	it('an empty visibility list is refused: it would be read back as all partners', async () => {
		await expect(view('sdf-jarva', 'admin').createLayer({ id: 'omrade-y', title: 'Område', titleEn: 'x', kind: 'area', year: null, geometry: 'Polygon', source: 's', precision: 'p', approximate: true, editable: true }, [])).rejects.toThrow(/minst en organisation/);
		expect(services.layers.store.layer('omrade-y')).toBeUndefined();
	});

	it('a change is signed with the account’s name and username', async () => {
		const editor = view('sdf-jarva', 'redaktör');
		const feature = await editor.createFeature('otrygga-platser', {
			type: 'Feature',
			properties: { name: 'Garage', source: 'Trygghetsvandring 2026', precision: 'approximate', precisionMeters: 50, example: true, category: 'garage', district: 'Husby' },
			geometry: { type: 'Point', coordinates: [17.93, 59.41] }
		});
		expect((await editor.history('otrygga-platser', feature.properties.id as string))[0]!.by).toBe('Test (sdf-jarva-redaktör)');
	});
});

describe('who writes in a layer', () => {
	const place = (name: string) => ({
		type: 'Feature',
		properties: { name, source: 'Trygghetsvandring 2026', precision: 'approximate', precisionMeters: 50, example: true, category: 'garage', district: 'Husby' },
		geometry: { type: 'Point', coordinates: [17.93, 59.41] }
	});

	it('every layer says who owns it, who else may write, and what the viewer’s organisation may do', () => {
		const byId = new Map(view('polis-jarva').list().map((l) => [l.id, l.access]));
		expect(byId.get('drogscener-2023')).toMatchObject({ owner: { id: 'polis-jarva', name: 'Lokalpolisområde Järva' }, editors: [{ organisation: { id: 'sdf-jarva' }, level: 'edit' }], right: 'owner' });
		expect(byId.get('otrygga-platser')).toMatchObject({ owner: { id: 'sdf-jarva' }, right: 'contribute', administer: false });
		expect(byId.get('stadsdelar')).toMatchObject({ owner: { id: 'sdf-jarva' }, editors: [], right: null });
		expect(view('polis-jarva', 'admin').get('omradesklassning').summary.access).toMatchObject({ right: 'owner', administer: true });
	});

	it('seeing a layer is not enough to change it: a property owner’s redaktör cannot touch the police classification', async () => {
		const owner = view('fastighetsagare', 'redaktör');
		const [first] = owner.features('omradesklassning').features;
		const id = String(first!.properties!.id);
		await expect(owner.updateFeature('omradesklassning', id, 1, first)).rejects.toThrow(/Du kan inte ändra i lagret ”Polisens områdesklassning 2023”: det får Lokalpolisområde Järva \(ägare\)/);
		await expect(owner.deleteFeature('omradesklassning', id, 1)).rejects.toThrow(ForbiddenError);
		expect(services.layers.feature('omradesklassning', id).version).toBe(1);
	});

	it('a contributing organisation adds places and changes its own, but not the district’s or another contributor’s', async () => {
		const police = view('polis-jarva', 'redaktör');
		const own = await police.createFeature('otrygga-platser', place('Polisens plats'));
		const ownId = String(own.properties.id);
		expect((await police.updateFeature('otrygga-platser', ownId, 1, place('Polisens plats, ändrad'))).version).toBe(2);
		await expect(police.updateFeature('otrygga-platser', 'op-husby-02', 1, place('Kapad'))).rejects.toThrow(/lades till av en annan organisation/);
		const owner = view('fastighetsagare', 'redaktör');
		await expect(owner.deleteFeature('otrygga-platser', ownId, 2)).rejects.toThrow(ForbiddenError);
		// Its own, deleted and restored, stays its own.
		const deleted = await police.deleteFeature('otrygga-platser', ownId, 2);
		expect((await police.restoreFeature('otrygga-platser', ownId, 2, deleted)).version).toBe(4);
		// The owner changes any.
		expect((await view('sdf-jarva', 'redaktör').updateFeature('otrygga-platser', ownId, 4, place('Stadens namn'))).version).toBe(5);
	});

	it('an import that replaces the layer needs the right to edit all of it; adding needs any right', () => {
		expect(() => view('fastighetsagare', 'redaktör').importable('otrygga-platser', 'replace')).toThrow(/Att ersätta hela lagret/);
		expect(view('fastighetsagare', 'redaktör').importable('otrygga-platser', 'append')).toBe(services.layers);
		expect(view('sdf-jarva', 'redaktör').importable('drogscener-2023', 'replace')).toBe(services.layers);
		expect(() => view('sdf-jarva', 'redaktör').importable('omradesklassning', 'append')).toThrow(ForbiddenError);
	});

	it('the owner’s admin grants rights to organisations that see the layer, and may not hide it from them', async () => {
		const police = view('polis-jarva', 'admin');
		await expect(police.setEditors('drogscener-2023', [{ organisationId: 'fastighetsagare', level: 'contribute' }])).rejects.toThrow(/Fastighetsägare i Järva ser inte lagret/);
		await expect(police.setEditors('drogscener-2023', [{ organisationId: 'polis-jarva', level: 'edit' }])).rejects.toThrow(/äger lagret/);
		await expect(police.setEditors('drogscener-2023', [{ organisationId: 'finns-inte', level: 'edit' }])).rejects.toThrow(/finns-inte finns inte/);
		await expect(police.setVisibility('drogscener-2023', ['polis-jarva'])).rejects.toThrow(/Järva stadsdelsförvaltning äger eller får ändra lagret och måste se det/);
		await expect(police.setVisibility('drogscener-2023', ['sdf-jarva'])).rejects.toThrow(/Lokalpolisområde Järva äger/);
		const changed = await police.setEditors('drogscener-2023', []);
		expect(changed.access?.editors).toEqual([]);
		expect(() => view('sdf-jarva', 'redaktör').writable('drogscener-2023')).toThrow(ForbiddenError);
		expect((await police.setVisibility('drogscener-2023', ['polis-jarva'])).visibleTo).toEqual(['polis-jarva']);
		// Another organisation's admin may not grant itself a right; the system administrator may.
		await view('sdf-jarva', 'admin').setEditors('otrygga-platser', []);
		await expect(view('fastighetsagare', 'admin').setEditors('otrygga-platser', [{ organisationId: 'fastighetsagare', level: 'edit' }])).rejects.toThrow(ForbiddenError);
		await system().setEditors('omradesklassning', [{ organisationId: 'sdf-jarva', level: 'contribute' }]);
		expect(view('sdf-jarva').get('omradesklassning').summary.access?.right).toBe('contribute');
	});

	it('a new layer is the maker’s organisation’s; an admin’s visibility must include it', async () => {
		const layer = { id: 'omrade-polis', title: 'Område', titleEn: 'x', kind: 'area' as const, year: null, geometry: 'Polygon' as const, source: 's', precision: 'p', approximate: true, editable: true };
		await expect(view('polis-jarva', 'admin').createLayer(layer, ['sdf-jarva'])).rejects.toThrow(/lägg till polis-jarva i visibleTo/);
		expect((await view('polis-jarva', 'admin').createLayer(layer, ['sdf-jarva', 'polis-jarva'])).access?.owner.id).toBe('polis-jarva');
	});
});
