/**
 * A demo deployment in a real SQLite file, for the tests that move or back up whole stores
 * (db:copy, PostgreSQL backup): what demo mode makes at start (the demo accounts, the example
 * meeting, a year of invented reports) and, through the stores themselves, a little of everything
 * else, so that every table has rows: edited and deleted features with their history, layer
 * grants, sessions, access tokens, the login throttle's counters, the audit log, measures with versions and photos, decisions,
 * saved views, a safety walk with findings and a photo, the yearly lägesbild's summary,
 * indicators and plan, focus places with their measures, an import preset and the changes.
 */
import { mkdirSync } from 'node:fs';
import type { Polygon, MultiPolygon } from 'geojson';
import { DEMO_OPERATOR, ensureDemoAccounts } from '../auth/demo';
import { openDatabase, write, type Db } from '../db/database';
import { sqliteDatabase } from '../db/app-database';
import { LayerView } from '../layer-view';
import { ensureDemoMeeting } from '../meetings/demo-meeting';
import { ensureDemoReports } from '../reports/demo-reports';
import { createServices, type Services } from '../services';
import { parseIndicatorTable } from '$lib/report/indicator-csv';
import { indicatorAreas } from '../report/lagesbild';

/** Bytes that stand in for a photo (the stores keep what the HTTP layer gives them). */
function photoBytes(seed: number, length = 40_000): Uint8Array {
	const bytes = new Uint8Array(length);
	let x = seed;
	for (let i = 0; i < length; i++) bytes[i] = (x = (x * 1103515245 + 12345) >>> 0) >>> 24;
	return bytes;
}

/** Builds the demo deployment in `dir`; returns the open database and its services (close db when done). */
export async function demoStore(dir: string): Promise<{ db: Db; services: Services }> {
	mkdirSync(dir, { recursive: true });
	const db = openDatabase(dir);
	const services = await createServices(sqliteDatabase(db), {});
	const { accounts, layers, measures, meetings, views, inventories, tokens, audit, reportSummaries, indicators, plan, focusPlaces, reportImports } = services;
	await accounts.setOperator(DEMO_OPERATOR);
	await ensureDemoAccounts(accounts, 'en lång demofras för kopieringstestet');
	await ensureDemoMeeting(services, meetings, '2026-11-27');
	await ensureDemoReports(services, '2026-W48');

	const as = async (username: string) => new LayerView(layers, accounts, accounts.viewer((await accounts.accountByUsername(username))!));
	const sdf = await as('demo-sdf-redaktor');
	const admin = await as('demo-admin');
	const police = await as('demo-polis-redaktor');

	// Features: one made, edited and deleted; one made on a polygon layer.
	const properties = { name: 'Exempel: kopieringstest', source: 'test', precision: 'approximate', precisionMeters: 50, example: true, category: 'garage', district: 'Husby' };
	const made = await sdf.createFeature('otrygga-platser', { type: 'Feature', properties, geometry: { type: 'Point', coordinates: [17.9275, 59.4105] } });
	const edited = await sdf.updateFeature('otrygga-platser', String(made.properties.id), made.version, { type: 'Feature', properties: { ...properties, name: 'Exempel: kopieringstest, ändrad' }, geometry: { type: 'Point', coordinates: [17.928, 59.4106] } });
	const gone = await sdf.createFeature('otrygga-platser', { type: 'Feature', properties: { ...properties, name: 'Exempel: borttagen' }, geometry: { type: 'Point', coordinates: [17.93, 59.41] } });
	await sdf.deleteFeature('otrygga-platser', String(gone.properties.id), gone.version);
	void edited;
	const scene = { name: 'Exempel: ritad scen', source: 'test', precision: 'approximate', precisionMeters: 50, example: true, year: 2023, district: 'Husby', drawing: 'outline' };
	await (await as('demo-polis-redaktor')).createFeature('drogscener-2023', { type: 'Feature', properties: scene, geometry: { type: 'Polygon', coordinates: [[[17.92, 59.41], [17.921, 59.41], [17.921, 59.411], [17.92, 59.411], [17.92, 59.41]]] } });

	// Sessions, tokens, the audit log, the login throttle's counters (a failed login counted).
	await services.throttle.attempt('Demo-Admin', '10.0.0.7');
	const adminId = (await accounts.accountByUsername('demo-admin'))!.id;
	await accounts.startSession(adminId);
	await accounts.startSession((await accounts.accountByUsername('demo-polis-lasare'))!.id);
	await tokens.create(adminId, { name: 'QGIS på kontoret' });
	await audit.record({ action: 'login', who: admin.viewer, ip: '127.0.0.1' });
	await audit.record({ action: 'login', who: { username: 'Demo-Admin' }, outcome: 'refused', ip: '10.0.0.7', detail: { reason: 'fel lösenord' } });

	// Measures with versions and photos; a decision at the demo meeting.
	const measure = await measures.create({ title: 'Exempel: belysning vid trappan', description: 'Byt armaturer', ownerOrganisationId: 'sdf-jarva', dueDate: '2026-12-31', status: 'beslutad', position: [17.93, 59.41] } as never, sdf);
	await measures.update(measure.id, measure.version, { status: 'pågår' } as never, sdf);
	await measures.addPhoto(measure.id, { kind: 'before', mime: 'image/jpeg', bytes: photoBytes(1), width: 640, height: 480 }, sdf);
	const [meeting] = await meetings.list(admin);
	const item = (await meetings.get(meeting!.id, admin)).items[0]!;
	await meetings.decide(meeting!.id, item.id, { text: 'Exempel: fastighetsägaren lagar belysningen', measure: { title: 'Exempel: laga belysningen', ownerOrganisationId: 'fastighetsagare', dueDate: '2026-12-15', status: 'beslutad' } } as never, admin);
	await meetings.decide(meeting!.id, item.id, { text: 'Exempel: polisen följer upp' } as never, admin);
	await meetings.addItem(meeting!.id, { kind: 'area', title: 'Exempel: kring Husby C', geometry: { type: 'Polygon', coordinates: [[[17.925, 59.408], [17.93, 59.408], [17.93, 59.411], [17.925, 59.411], [17.925, 59.408]]] } } as never, admin);

	// Saved views, one changed.
	const view = await views.create({ name: 'Exempel: drogscener 2023', query: '?lager=drogscener-2023&ar=2023', shared: true }, sdf);
	await views.update(view.id, { baseVersion: view.version, name: 'Exempel: drogscener 2023 (delad)' }, sdf);

	// A safety walk with findings and a photo.
	const districtGeometry = (name: string) => (layers.features('stadsdelar').features.find((f) => f.properties?.name === name)?.geometry as Polygon | MultiPolygon | undefined) ?? null;
	const walk = await inventories.create({ title: 'Exempel: kvällsvandring Husby', area: { kind: 'district', name: 'Husby' }, startsAt: '2026-11-20T16:30:00.000Z', organisationIds: ['sdf-jarva', 'polis-jarva'], purpose: 'Belysning' } as never, districtGeometry, sdf);
	const drawn = await inventories.create(
		{ title: 'Exempel: vandring i ritat område', area: { kind: 'polygon', geometry: { type: 'Polygon', coordinates: [[[17.92, 59.405], [17.935, 59.405], [17.935, 59.415], [17.92, 59.415], [17.92, 59.405]]] } }, startsAt: '2026-11-21T16:30:00.000Z', organisationIds: ['sdf-jarva', 'polis-jarva'], purpose: '' } as never,
		districtGeometry,
		sdf
	);
	const finding = (clientId: string, note: string) => ({ category: 'belysning', severity: 2, note, position: [17.9275, 59.4105], clientId, createdAt: '2026-11-20T17:00:00.000Z', photos: [] });
	const { finding: first } = await inventories.addFinding(walk.id, finding('6f1c2a4e-0000-4000-8000-000000000001', 'Exempel: släckt lampa') as never, sdf);
	await inventories.addFinding(drawn.id, finding('6f1c2a4e-0000-4000-8000-000000000002', 'Exempel: klotter') as never, police);
	await inventories.addPhoto(first.id, '6f1c2a4e-0000-4000-8000-0000000000f1', { mime: 'image/jpeg', bytes: photoBytes(2), width: 800, height: 600 }, sdf);

	// The yearly lägesbild: summary, an indicator, a plan area linked to the measure.
	await reportSummaries.update(2026, { baseVersion: 0, sections: [{ title: 'Läget', body: 'Exempel: en sammanfattning.' }] }, sdf.viewer, 'Demo (demo-sdf-redaktor)');
	const table = parseIndicatorTable('indikator;stadsdel;år;värde;enhet;källa\nExempel: anmälda brott;Husby;2025;590;antal;Exempelkälla', indicatorAreas(sdf));
	if (!table.ok) throw new Error(`demo indicator table: ${JSON.stringify(table.problems)}`);
	await indicators.import(table.indicators, 'exempel.csv', sdf.viewer, 'Demo (demo-sdf-redaktor)');
	const area = await plan.get(2023, 'otrygga-platser', sdf);
	await plan.update(2023, 'otrygga-platser', { baseVersion: area.version, description: area.description, collaborators: area.collaborators, goals: area.goals, workForms: area.workForms, comment: area.comment, results: area.results, priorities: [{ text: 'Exempel: belysa trappan.', measureIds: [measure.id], places: [] }] } as never, sdf);

	// The weekly meeting: a focus place with a measure made for it; an import preset.
	const focus = await focusPlaces.create({ week: '2026-W48', place: { kind: 'cell', cellId: 'E666000N6589400', cellSize: 200 }, ownerOrganisationId: 'fastighetsagare', text: 'Exempel: klotter vid entrén' } as never, admin);
	await focusPlaces.addMeasure(focus.id, { measure: { title: 'Exempel: sanera klottret', description: '', ownerOrganisationId: 'fastighetsagare', dueDate: '2026-12-11', status: 'beslutad' } } as never, admin);
	await reportImports.savePreset('sdf-jarva', 'Tyck till', { columns: { date: 'Datum' } } as never, 'Demo (demo-sdf-redaktor)');
	return { db, services };
}
