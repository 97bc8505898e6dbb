/**
 * The access matrix, grown up: role × organisation × owner for every write route, on real objects
 * each organisation makes through the API – a layer (with a feature, and the next organisation
 * allowed to contribute), a meeting all three take part in (with an item from the owner and one
 * from the next organisation), a walk of the owner and the next organisation (with a finding the
 * next one recorded), a measure the owner made for the next organisation, a shared saved view and
 * an account. Each of the nine demo accounts tries every write on the objects of each owner.
 *
 * As in access.e2e.ts, a write carries a body the server refuses after the access check, so
 * nothing changes: 400 (or 200 for a dry-run import, a sessions end) means "let in", 403 "not
 * allowed" (and the message says which right is missing and who has it), 404 "not there for
 * you". Destructive writes without a body (deleting a view) are tried only by those refused.
 * These tests write the objects: they run on a server of their own.
 */
import { randomUUID } from 'node:crypto';
import type { APIRequestContext } from '@playwright/test';
import { apiRoutes } from './api-routes';
import { adminOf, isSystemAdmin, type Org, type Role, type Who } from './access-checks';
import { E2E_PASSWORD } from './accounts';
import { expect } from './fixtures';
import { testWithOwnServer as test } from './own-server';

test.use({ account: null });

const ORGS: Org[] = ['sdf', 'polis', 'fastighet'];
const ORG_ID: Record<Org, string> = { sdf: 'sdf-jarva', polis: 'polis-jarva', fastighet: 'fastighetsagare' };
const ROLE_WORD: Record<Role, string> = { admin: 'admin', redaktör: 'redaktor', läsare: 'lasare' };
const username = (org: Org, role: Role) => (org === 'sdf' && role === 'admin' ? 'demo-admin' : `demo-${org}-${ROLE_WORD[role]}`);
const WHO: Who[] = ORGS.flatMap((org) => (['admin', 'redaktör', 'läsare'] as const).map((role) => ({ org, role, username: username(org, role) })));
/** The organisation after `org`: it contributes to `org`'s layer, takes part in its walk and owns the measure `org` made. */
const next = (org: Org) => ORGS[(ORGS.indexOf(org) + 1) % ORGS.length]!;

/** A write: a läsare is refused (role), otherwise `allowed` decides; `ok` is the status of being let in. */
const write = (w: Who, allowed: boolean, ok = 400) => (w.role === 'läsare' ? 403 : allowed ? ok : 403);
/** null: not tried (the account is allowed and the request would really change something). */
type Expected = number | null;

interface Objects {
	owner: Org;
	layer: string;
	feature: string;
	meeting: string;
	ownItem: string;
	nextItem: string;
	walk: string;
	finding: string;
	measure: string;
	view: string;
	viewSaver: string;
	/** A report by the owner's redaktör. */
	report: string;
	account: number;
}

interface OwnedCheck {
	route: string;
	method: 'POST' | 'PUT' | 'PATCH' | 'DELETE';
	path: (o: Objects) => string;
	body?: unknown;
	/** A body made per request (e.g. a new account's unique name). */
	bodyOf?: (o: Objects) => unknown;
	multipart?: (o: Objects) => Record<string, string | { name: string; mimeType: string; buffer: Buffer }>;
	expect: (w: Who, o: Objects) => Expected;
}

/** A GeoJSON file with one area in Husby: what a dry-run import reads. */
const areaFile = () => ({
	name: 'yta.geojson',
	mimeType: 'application/geo+json',
	buffer: Buffer.from(
		JSON.stringify({
			type: 'FeatureCollection',
			features: [{ type: 'Feature', properties: { namn: 'Importerad yta' }, geometry: { type: 'Polygon', coordinates: [[[17.925, 59.409], [17.927, 59.409], [17.927, 59.41], [17.925, 59.41], [17.925, 59.409]]] } }]
		})
	)
});

const { owner: isOwner, takesPart, walker, maker } = {
	owner: (w: Who, o: Objects) => w.org === o.owner,
	takesPart: () => true,
	/** The walk's organisations: its owner and the next organisation (which recorded the finding). */
	walker: (w: Who, o: Objects) => w.org === o.owner || w.org === next(o.owner),
	/** The measure's maker (the owner) and the organisation carrying it out (the next one). */
	maker: (w: Who, o: Objects) => w.org === o.owner || w.org === next(o.owner)
};

const L = (o: Objects) => `/api/layers/${o.layer}`;
const M = (o: Objects) => `/api/meetings/${o.meeting}`;
const W = (o: Objects) => `/api/inventories/${o.walk}`;

/** A report: its organisation's redaktörer write (400: let in), those who see all reports (sdf operates the demo, the police) get 403, other partners 404. */
const reportWrite = (w: Who, o: Objects) => (w.role === 'läsare' ? 403 : w.org === o.owner ? 400 : w.org === 'fastighet' ? 404 : 403);

export const OWNED_CHECKS: OwnedCheck[] = [
	// A layer: the owner edits everything, the next organisation contributes (adds, changes its own).
	{ route: '/api/layers/[id]/features', method: 'POST', path: (o) => `${L(o)}/features`, body: { feature: {} }, expect: (w, o) => write(w, walker(w, o)) },
	{ route: '/api/layers/[id]/features/[fid]', method: 'PUT', path: (o) => `${L(o)}/features/${o.feature}`, body: {}, expect: (w, o) => write(w, isOwner(w, o)) },
	{ route: '/api/layers/[id]/features/[fid]', method: 'DELETE', path: (o) => `${L(o)}/features/${o.feature}`, body: {}, expect: (w, o) => write(w, isOwner(w, o)) },
	{ route: '/api/layers/[id]/features/[fid]/restore', method: 'POST', path: (o) => `${L(o)}/features/${o.feature}/restore`, body: {}, expect: (w, o) => write(w, isOwner(w, o)) },
	{ route: '/api/layers/[id]/import', method: 'POST', path: (o) => `${L(o)}/import?dryRun=1`, multipart: () => ({ source: 'Test av rättigheter', mode: 'append', file: areaFile() }), expect: (w, o) => write(w, walker(w, o), 200) },
	{ route: '/api/layers/[id]/import', method: 'POST', path: (o) => `${L(o)}/import?dryRun=1`, multipart: () => ({ source: 'Test av rättigheter', mode: 'replace', file: areaFile() }), expect: (w, o) => write(w, isOwner(w, o), 200) },
	{ route: '/api/layers/[id]/visibility', method: 'PUT', path: (o) => `${L(o)}/visibility`, body: {}, expect: (w, o) => adminOf(o.owner, w, 400) },
	{ route: '/api/layers/[id]/editors', method: 'PUT', path: (o) => `${L(o)}/editors`, body: {}, expect: (w, o) => adminOf(o.owner, w, 400) },
	// A meeting all three take part in: the owner changes details, order and who takes part.
	{ route: '/api/meetings/[id]', method: 'PATCH', path: M, body: {}, expect: (w, o) => write(w, isOwner(w, o)) },
	{ route: '/api/meetings/[id]/restore', method: 'POST', path: (o) => `${M(o)}/restore`, body: {}, expect: (w, o) => write(w, isOwner(w, o)) },
	{ route: '/api/meetings/[id]/order', method: 'PUT', path: (o) => `${M(o)}/order`, body: {}, expect: (w, o) => write(w, isOwner(w, o)) },
	{ route: '/api/meetings/[id]/items', method: 'POST', path: (o) => `${M(o)}/items`, body: {}, expect: (w) => write(w, takesPart()) },
	{ route: '/api/meetings/[id]/items/[itemId]', method: 'PATCH', path: (o) => `${M(o)}/items/${o.ownItem}`, body: {}, expect: (w) => write(w, takesPart()) },
	{ route: '/api/meetings/[id]/items/[itemId]', method: 'DELETE', path: (o) => `${M(o)}/items/${o.nextItem}`, body: {}, expect: (w, o) => write(w, isOwner(w, o) || w.org === next(o.owner)) },
	{ route: '/api/meetings/[id]/items/[itemId]/decisions', method: 'POST', path: (o) => `${M(o)}/items/${o.ownItem}/decisions`, body: {}, expect: (w) => write(w, takesPart()) },
	{ route: '/api/meetings/[id]/items/[itemId]/restore', method: 'POST', path: (o) => `${M(o)}/items/${o.ownItem}/restore`, body: {}, expect: (w) => write(w, takesPart()) },
	// A walk of the owner and the next organisation; the next one recorded the finding.
	{ route: '/api/inventories/[id]', method: 'PATCH', path: W, body: {}, expect: (w, o) => write(w, walker(w, o)) },
	{ route: '/api/inventories/[id]/restore', method: 'POST', path: (o) => `${W(o)}/restore`, body: {}, expect: (w, o) => write(w, walker(w, o)) },
	{ route: '/api/inventories/[id]/findings', method: 'POST', path: (o) => `${W(o)}/findings`, body: {}, expect: (w, o) => write(w, walker(w, o)) },
	{ route: '/api/inventories/[id]/findings/[findingId]', method: 'PUT', path: (o) => `${W(o)}/findings/${o.finding}`, body: {}, expect: (w, o) => write(w, walker(w, o)) },
	{ route: '/api/inventories/[id]/findings/[findingId]/measure', method: 'POST', path: (o) => `${W(o)}/findings/${o.finding}/measure`, body: {}, expect: (w, o) => write(w, walker(w, o)) },
	{ route: '/api/inventories/[id]/findings/[findingId]/place', method: 'POST', path: (o) => `${W(o)}/findings/${o.finding}/place`, body: { featureId: '' }, expect: (w, o) => write(w, walker(w, o)) },
	{ route: '/api/findings/[findingId]/photos', method: 'POST', path: (o) => `/api/findings/${o.finding}/photos`, multipart: () => ({ clientId: 'x' }), expect: (w, o) => write(w, walker(w, o)) },
	// A measure the owner made for the next organisation to carry out.
	{ route: '/api/measures/[id]', method: 'PATCH', path: (o) => `/api/measures/${o.measure}`, body: {}, expect: (w, o) => write(w, maker(w, o)) },
	{ route: '/api/measures/[id]/photos', method: 'POST', path: (o) => `/api/measures/${o.measure}/photos`, multipart: () => ({ kind: 'before' }), expect: (w, o) => write(w, maker(w, o)) },
	// A shared view saved by the owner's redaktör: only they change it; they and their organisation's admins delete it.
	{ route: '/api/views/[id]', method: 'PATCH', path: (o) => `/api/views/${o.view}`, body: {}, expect: (w, o) => write(w, w.username === o.viewSaver) },
	{ route: '/api/views/[id]/restore', method: 'POST', path: (o) => `/api/views/${o.view}/restore`, body: {}, expect: (w, o) => write(w, w.username === o.viewSaver) },
	{
		route: '/api/views/[id]',
		method: 'DELETE',
		path: (o) => `/api/views/${o.view}`,
		expect: (w, o) => (w.username === o.viewSaver || adminOf(o.owner, w, 200) === 200 ? null : 403)
	},
	// A report by the owner: only its organisation changes it; the operator (sdf) and the police see it, other partners do not.
	{ route: '/api/reports/[id]', method: 'PATCH', path: (o) => `/api/reports/${o.report}`, body: {}, expect: (w, o) => reportWrite(w, o) },
	{ route: '/api/reports/[id]', method: 'DELETE', path: (o) => `/api/reports/${o.report}`, body: {}, expect: (w, o) => reportWrite(w, o) },
	// An account of the owner's organisation: its admins and the system administrator manage it; to another organisation's admin it is not there.
	{ route: '/api/admin/accounts/[id]', method: 'PATCH', path: (o) => `/api/admin/accounts/${o.account}`, body: {}, expect: (w, o) => adminOf(o.owner, w, 400, 404) },
	{ route: '/api/admin/accounts/[id]/sessions', method: 'DELETE', path: (o) => `/api/admin/accounts/${o.account}/sessions`, expect: (w, o) => adminOf(o.owner, w, 200, 404) }
];

/** A new account in the owner's organisation, with a password the policy refuses: who may make it there gets 400, others 403. */
const NEW_ACCOUNT_CHECK: OwnedCheck = {
	route: '/api/admin/accounts',
	method: 'POST',
	path: () => '/api/admin/accounts',
	bodyOf: (o) => ({ username: `ny-${randomUUID().slice(0, 8)}`, displayName: 'Ny person', organisationId: ORG_ID[o.owner], role: 'läsare', password: 'kort' }),
	expect: (w, o) => adminOf(o.owner, w, 400)
};

/**
 * Write routes that do not act on an object someone owns: they make a new one (owned by the
 * maker's organisation), log in or out, or compute. Their role checks are in access.e2e.ts.
 */
const NOT_OWNED = new Set([
	'POST /api/layers',
	'POST /api/meetings',
	'POST /api/inventories',
	'POST /api/measures',
	'POST /api/views',
	'POST /api/session',
	'DELETE /api/session',
	'POST /api/session/password',
	'POST /api/analysis/wdq',
	'POST /api/admin/organisations',
	'POST /api/reports',
	// An import makes new reports, owned by the importer's organisation (like POST /api/reports).
	'POST /api/reports/import',
	'POST /api/reports/categories',
	'PATCH /api/reports/categories/[id]',
	// The account's own tokens: no organisation owns them; another account's token is a 404 (ogc.e2e.ts).
	'POST /api/tokens',
	'DELETE /api/tokens/[id]',
	// The yearly lägesbild, its indicators and action plan belong to no one organisation: written by the
	// district administrations' and the police's redaktörer (requireLagesbildEdit), checked per role and
	// organisation in access-checks-lagesbild.ts and lagesbild.e2e.ts.
	'POST /api/indicators/import',
	'POST /api/indicators/[id]/restore',
	'PUT /api/lagesbild/[year]/summary',
	'POST /api/lagesbild/[year]/summary/restore',
	'PUT /api/plan/[year]/areas/[id]',
	'POST /api/plan/[year]/areas/[id]/restore',
	// The weekly meeting's focus places: written by those who run the meeting (the district
	// administration and the police, requireWeekMeeting) whichever organisation owns the place – the
	// owner only sees it. Checked per role and organisation in access-checks-week.ts and week-meeting.e2e.ts.
	'POST /api/reports/week/focus',
	'PATCH /api/reports/week/focus/[id]',
	'DELETE /api/reports/week/focus/[id]',
	'POST /api/reports/week/focus/[id]/follow-up',
	'POST /api/reports/week/focus/[id]/measures'
]);

const send = (request: APIRequestContext, method: string, url: string, data: unknown) =>
	request.fetch(url, { method, data: Buffer.from(JSON.stringify(data)), headers: { 'content-type': 'application/json' } });

async function made<T>(response: Awaited<ReturnType<APIRequestContext['post']>>, key: string): Promise<T> {
	expect(response.status(), await response.text()).toBeLessThan(300);
	return ((await response.json()) as Record<string, unknown>)[key] as T;
}

const square = (lon: number, lat: number) => ({ type: 'Polygon', coordinates: [[[lon, lat], [lon + 0.002, lat], [lon + 0.002, lat + 0.001], [lon, lat + 0.001], [lon, lat]]] });

/** The owner's objects, made through the API by its own accounts (and the next organisation's, where it takes part). */
async function makeObjects(owner: Org, as: (username: string) => Promise<APIRequestContext>): Promise<Objects> {
	const suffix = randomUUID().slice(0, 8);
	const editor = await as(username(owner, 'redaktör'));
	const admin = await as(username(owner, 'admin'));
	const partner = await as(username(next(owner), 'redaktör'));
	const system = await as('demo-admin');

	const layer = await made<{ id: string }>(
		await send(admin, 'post', '/api/layers', { id: `agare-${owner}-${suffix}`, title: `Ytor (${owner})`, kind: 'area', source: 'Test av rättigheter', precision: 'ungefärlig', visibleTo: null }),
		'layer'
	);
	await made(await send(admin, 'put', `/api/layers/${layer.id}/editors`, { editors: [{ organisationId: ORG_ID[next(owner)], level: 'contribute' }] }), 'layer');
	const feature = await made<{ properties: { id: string } }>(
		await send(editor, 'post', `/api/layers/${layer.id}/features`, {
			feature: { type: 'Feature', properties: { name: 'Ägarens yta', source: 'Test', precision: 'approximate', precisionMeters: 50, example: true }, geometry: square(17.925, 59.409) }
		}),
		'feature'
	);

	const meeting = await made<{ id: string }>(
		await send(editor, 'post', '/api/meetings', { title: `Möte (${owner})`, date: '2026-05-04', participants: [], organisationIds: Object.values(ORG_ID) }),
		'meeting'
	);
	const ownItem = await made<{ id: string }>(await send(editor, 'post', `/api/meetings/${meeting.id}/items`, { kind: 'area', title: 'Ägarens punkt', geometry: square(17.926, 59.41) }), 'item');
	const nextItem = await made<{ id: string }>(await send(partner, 'post', `/api/meetings/${meeting.id}/items`, { kind: 'area', title: 'Partnerns punkt', geometry: square(17.928, 59.41) }), 'item');

	const walk = await made<{ id: string }>(
		await send(editor, 'post', '/api/inventories', {
			title: `Vandring (${owner})`,
			area: { kind: 'district', name: 'Husby' },
			startsAt: '2026-05-14T16:30:00.000Z',
			organisationIds: [ORG_ID[next(owner)]],
			purpose: ''
		}),
		'inventory'
	);
	const finding = await made<{ id: string }>(
		await send(partner, 'post', `/api/inventories/${walk.id}/findings`, {
			clientId: randomUUID(),
			category: 'belysning',
			severity: 2,
			note: 'Släckt lampa',
			position: [17.9275, 59.4105],
			createdAt: '2026-05-14T17:00:00.000Z'
		}),
		'finding'
	);
	const measure = await made<{ id: string }>(
		await send(editor, 'post', '/api/measures', { title: `Åtgärd (${owner})`, ownerOrganisationId: ORG_ID[next(owner)], dueDate: '2026-12-31', status: 'föreslagen' }),
		'measure'
	);
	const report = await made<{ id: string }>(
		await send(editor, 'post', '/api/reports', { clientId: randomUUID(), category: 'klotter', date: '2026-05-14', time: '21:00', position: [17.9275, 59.4105], text: `Klotter (${owner})` }),
		'report'
	);
	const view = await made<{ id: string }>(await send(editor, 'post', '/api/views', { name: `Vy (${owner}) ${suffix}`, query: 'lager=stadsdelar', shared: true }), 'view');
	const account = await made<{ id: number }>(
		await send(system, 'post', '/api/admin/accounts', { username: `konto-${owner}-${suffix}`, displayName: 'Testkonto', organisationId: ORG_ID[owner], role: 'läsare', password: E2E_PASSWORD }),
		'account'
	);
	return { owner, layer: layer.id, feature: feature.properties.id, meeting: meeting.id, ownItem: ownItem.id, nextItem: nextItem.id, walk: walk.id, finding: finding.id, measure: measure.id, view: view.id, viewSaver: username(owner, 'redaktör'), account: account.id, report: report.id };
}

function call(request: APIRequestContext, check: OwnedCheck, o: Objects) {
	const url = check.path(o);
	if (check.multipart) return request.fetch(url, { method: check.method, multipart: check.multipart(o) });
	if (check.bodyOf) return send(request, check.method, url, check.bodyOf(o));
	if (check.body === undefined) return request.fetch(url, { method: check.method });
	return send(request, check.method, url, check.body);
}

/** What a refusal must say: which right or role is missing, or whose the object is. */
const SAYS_WHY = /kräver|Bara |bara |får |sköts|bestäms|finns inte/;

test.describe('role × organisation × owner', () => {
	test('every write route on an owned object is in the matrix (or makes a new object of its own)', () => {
		const covered = new Set([...OWNED_CHECKS, NEW_ACCOUNT_CHECK].map((c) => `${c.method} ${c.route}`));
		const missing = apiRoutes()
			.filter((r) => r.method !== 'GET' && !r.route.includes('[...rest]'))
			.map((r) => `${r.method} ${r.route}`)
			.filter((key) => !covered.has(key) && !NOT_OWNED.has(key));
		expect(missing).toEqual([]);
	});

	for (const owner of ORGS) {
		test(`on objects owned by ${owner}, each of the nine accounts gets what its role, organisation and the owner allow`, async ({ requestAs }) => {
			test.setTimeout(180_000);
			const objects = await makeObjects(owner, requestAs);
			const wrong: string[] = [];
			for (const who of WHO) {
				const request = await requestAs(who.username);
				for (const check of [...OWNED_CHECKS, NEW_ACCOUNT_CHECK]) {
					const expected = check.expect(who, objects);
					if (expected === null) continue;
					const response = await call(request, check, objects);
					const label = `${who.username} ${check.method} ${check.route}`;
					if (response.status() !== expected) wrong.push(`${label}: ${response.status()}, expected ${expected} (${(await response.text()).slice(0, 160)})`);
					else if (response.status() === 403 || response.status() === 404) {
						const message = ((await response.json()) as { message?: string }).message ?? '';
						if (!SAYS_WHY.test(message)) wrong.push(`${label}: ${response.status()} without saying why: ${message}`);
					}
				}
			}
			expect(wrong).toEqual([]);
		});
	}

	test('reads follow the same owners: histories for those who see the object, a view’s history for its saver', async ({ requestAs }) => {
		const objects = await makeObjects('polis', requestAs);
		for (const who of WHO) {
			const request = await requestAs(who.username);
			for (const path of [`/api/meetings/${objects.meeting}/history`, `/api/meetings/${objects.meeting}/items/${objects.ownItem}/history`, `/api/inventories/${objects.walk}/history`]) {
				expect((await request.get(path)).status(), `${who.username} ${path}`).toBe(200);
			}
			expect((await request.get(`/api/views/${objects.view}/history`)).status(), who.username).toBe(who.username === objects.viewSaver ? 200 : 403);
			const { layers } = (await (await request.get('/api/layers')).json()) as { layers: { id: string; access: { owner: { id: string }; right: string | null; administer: boolean } }[] };
			const layer = layers.find((l) => l.id === objects.layer)!;
			expect(layer.access).toMatchObject({ owner: { id: 'polis-jarva' }, right: who.org === 'polis' ? 'owner' : who.org === 'fastighet' ? 'contribute' : null, administer: adminOf('polis', who, 1) === 1 });
		}
	});

	test('administration is scoped: an organisation admin lists and reads only its own organisation; the system administrator all', async ({ requestAs }) => {
		const police = await requestAs('demo-polis-admin');
		type Listed = { id: number; username: string; organisationId: string };
		const accounts = (await (await police.get('/api/admin/accounts')).json()).accounts as Listed[];
		expect(accounts.length).toBeGreaterThan(0);
		expect(new Set(accounts.map((a) => a.organisationId))).toEqual(new Set(['polis-jarva']));
		const system = await requestAs('demo-admin');
		const all = (await (await system.get('/api/admin/accounts')).json()).accounts as Listed[];
		// The three partners' accounts and the demo's example security and transport companies'.
		expect(new Set(all.map((a) => a.organisationId))).toEqual(new Set(['sdf-jarva', 'polis-jarva', 'fastighetsagare', 'exempel-sakerhetsforetag', 'exempel-transportforetag']));
		// The audit log: what the police's accounts did, nothing of the others (failed logins of unknown names included).
		await (await requestAs(null)).post('/api/session', { data: { username: 'finns-inte-alls', password: 'fel-lösenord-helt-klart' } });
		const entries = (await (await police.get('/api/admin/audit?limit=1000')).json()).entries as { organisationId: string | null }[];
		expect(entries.length).toBeGreaterThan(0);
		expect(new Set(entries.map((e) => e.organisationId))).toEqual(new Set(['polis-jarva']));
		const everything = (await (await system.get('/api/admin/audit?limit=1000')).json()).entries as { organisationId: string | null }[];
		expect(everything.some((e) => e.organisationId === null)).toBe(true);
		// The property owners' admin: no drug scenes, cannot open them to itself, cannot take over a police account.
		const owner = await requestAs('demo-fastighet-admin');
		expect((await owner.get('/api/layers/drogscener-2023')).status()).toBe(404);
		expect((await send(owner, 'put', '/api/layers/drogscener-2023/visibility', { visibleTo: null })).status()).toBe(404);
		const policeReader = all.find((a) => a.username === 'demo-polis-lasare')!;
		const takeover = await send(owner, 'patch', `/api/admin/accounts/${policeReader.id}`, { password: 'ett nytt långt lösenord för kapning' });
		expect(takeover.status()).toBe(404);
		expect((await takeover.json()).message).toMatch(/finns inte bland Fastighetsägare i Järvas konton/);
		const disable = await send(owner, 'patch', `/api/admin/accounts/${policeReader.id}`, { disabled: true });
		expect(disable.status()).toBe(404);
		const moved = await send(owner, 'post', '/api/admin/accounts', { username: `flytt-${randomUUID().slice(0, 6)}`, displayName: 'Flytt', organisationId: 'polis-jarva', role: 'admin', password: 'hallon och blåbär på Järvafältet' });
		expect(moved.status()).toBe(403);
		expect((await moved.json()).message).toMatch(/bara skapa och flytta konton i din egen organisation \(Fastighetsägare i Järva\)/);
		expect((await (await requestAs('demo-polis-lasare')).get('/api/session')).status()).toBe(200);
	});

	test('allowed destructive writes: the saver deletes a view, and an admin of its organisation may too', async ({ requestAs }) => {
		const objects = await makeObjects('fastighet', requestAs);
		const other = await made<{ id: string }>(await send(await requestAs('demo-fastighet-redaktor'), 'post', '/api/views', { name: 'Till administratören', query: 'lager=stadsdelar', shared: false }), 'view');
		expect((await (await requestAs('demo-fastighet-redaktor')).delete(`/api/views/${objects.view}`)).status()).toBe(200);
		expect((await (await requestAs('demo-polis-admin')).delete(`/api/views/${other.id}`)).status()).toBe(404);
		expect((await (await requestAs('demo-fastighet-admin')).delete(`/api/views/${other.id}`)).status()).toBe(200);
	});
});

test.describe('the overwrites the review found', () => {
	test('a property owner can neither replace the insecure places, re-assign a police measure, drop the city and police from a meeting, nor can a police redaktör outside a walk empty it', async ({ requestAs }) => {
		const ownerEditor = await requestAs('demo-fastighet-redaktor');
		const places = async () => ((await (await ownerEditor.get('/api/layers/otrygga-platser')).json()).features as unknown[]).length;
		const before = await places();
		const replace = await ownerEditor.post('/api/layers/otrygga-platser/import', { multipart: { source: 'Fastighetsägarens lista', mode: 'replace', category: 'garage', file: { name: 'platser.csv', mimeType: 'text/csv', buffer: Buffer.from('namn,lon,lat\nGaraget,17.9275,59.4105\n') } } });
		expect(replace.status()).toBe(403);
		expect((await replace.json()).message).toMatch(/Att ersätta hela lagret ”Otrygga platser \(exempel\)” kräver rätt att redigera hela lagret, som Järva stadsdelsförvaltning \(ägare\) har/);
		expect(await places()).toBe(before);
		// Adding to it is what a contributor may.
		const added = await ownerEditor.post('/api/layers/otrygga-platser/import', { multipart: { source: 'Fastighetsägarens lista', mode: 'append', category: 'garage', file: { name: 'platser.csv', mimeType: 'text/csv', buffer: Buffer.from('namn,lon,lat\nGaraget,17.9275,59.4105\n') } } });
		expect(added.status(), await added.text()).toBe(201);
		expect(await places()).toBe(before + 1);

		const police = await requestAs('demo-polis-redaktor');
		const measure = await made<{ id: string }>(await send(police, 'post', '/api/measures', { title: 'Polisens åtgärd', ownerOrganisationId: 'polis-jarva', dueDate: '2026-12-31', status: 'beslutad' }), 'measure');
		const grabbed = await send(ownerEditor, 'patch', `/api/measures/${measure.id}`, { baseVersion: 1, ownerOrganisationId: 'fastighetsagare' });
		expect(grabbed.status()).toBe(403);
		expect((await grabbed.json()).message).toMatch(/kan bara ändras av Lokalpolisområde Järva/);

		const city = await requestAs('demo-sdf-redaktor');
		const meeting = await made<{ id: string; version: number }>(await send(city, 'post', '/api/meetings', { title: 'Platssamverkan', date: '2026-04-02', participants: [], organisationIds: ['polis-jarva', 'fastighetsagare'] }), 'meeting');
		const dropped = await send(ownerEditor, 'patch', `/api/meetings/${meeting.id}`, { baseVersion: meeting.version, organisationIds: ['fastighetsagare'] });
		expect(dropped.status()).toBe(403);
		expect((await (await police.get(`/api/meetings/${meeting.id}`)).json()).meeting.organisationIds).toEqual(['sdf-jarva', 'polis-jarva', 'fastighetsagare']);

		const walk = await made<{ id: string }>(
			await send(city, 'post', '/api/inventories', { title: 'Stadens vandring', area: { kind: 'district', name: 'Husby' }, startsAt: '2026-05-20T16:30:00.000Z', organisationIds: ['fastighetsagare'], purpose: '' }),
			'inventory'
		);
		await made(await send(city, 'patch', `/api/inventories/${walk.id}`, { baseVersion: 1, stops: [{ id: 'a', name: 'Husby centrum', position: [17.926, 59.41] }] }), 'inventory');
		const emptied = await send(police, 'patch', `/api/inventories/${walk.id}`, { baseVersion: 2, stops: [] });
		expect(emptied.status()).toBe(403);
		expect((await emptied.json()).message).toMatch(/Bara organisationer som deltar i inventeringen ”Stadens vandring” kan planera den/);
		expect((await (await police.get(`/api/inventories/${walk.id}`)).json()).inventory.stops).toHaveLength(1);
	});

	test('an overwrite by someone allowed is undone from the history, and the audit row names what changed', async ({ requestAs }) => {
		const city = await requestAs('demo-sdf-redaktor');
		const meeting = await made<{ id: string; version: number }>(await send(city, 'post', '/api/meetings', { title: 'Platssamverkan Tensta', date: '2026-04-09', participants: [], organisationIds: ['polis-jarva'] }), 'meeting');
		const changed = await made<{ version: number }>(await send(city, 'patch', `/api/meetings/${meeting.id}`, { baseVersion: 1, title: 'Fel rubrik', organisationIds: ['sdf-jarva'] }), 'meeting');
		const { history } = await (await city.get(`/api/meetings/${meeting.id}/history`)).json();
		expect(history.map((h: { version: number; changed: string[] }) => [h.version, h.changed])).toEqual([
			[1, ['title', 'date', 'participants', 'organisationIds', 'itemIds']],
			[2, ['title', 'organisationIds']]
		]);
		const stale = await send(city, 'post', `/api/meetings/${meeting.id}/restore`, { version: 1, baseVersion: 1 });
		expect(stale.status()).toBe(409);
		const restored = await made<{ version: number; title: string; organisationIds: string[] }>(await send(city, 'post', `/api/meetings/${meeting.id}/restore`, { version: 1, baseVersion: changed.version }), 'meeting');
		expect(restored).toMatchObject({ version: 3, title: 'Platssamverkan Tensta', organisationIds: ['sdf-jarva', 'polis-jarva'] });
		const audit = (await (await (await requestAs('demo-admin')).get(`/api/admin/audit?action=meeting-update`)).json()).entries as { target: string; detail: { changed: string[] } }[];
		expect(audit.find((e) => e.target === meeting.id)?.detail).toMatchObject({ changed: ['title', 'organisationIds'] });
		const restoreRow = (await (await (await requestAs('demo-admin')).get(`/api/admin/audit?action=meeting-restore`)).json()).entries as { target: string; detail: unknown }[];
		expect(restoreRow.find((e) => e.target === meeting.id)?.detail).toMatchObject({ restored: 1, version: 3, changed: ['title', 'organisationIds'] });
	});
});

test('isSystemAdmin names demo-admin only', () => {
	expect(WHO.filter(isSystemAdmin).map((w) => w.username)).toEqual(['demo-admin']);
});
