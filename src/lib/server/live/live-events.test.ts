import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Role } from '../auth/access';
import { openDatabase, write } from '../db/database';
import { sqliteDatabase } from '../db/app-database';
import { CHANGES_KEPT } from '../db/migrations/015-changes';
import { LayerView } from '../layer-view';
import { tempServices } from '../testing/temp-service';
import { SqliteChangeBus, type Change } from './change-bus';
import { LiveEvents, parseLastEventId, type LiveOptions } from './live-events';

let services: Awaited<ReturnType<typeof tempServices>>;
let bus: SqliteChangeBus;
let live: LiveEvents;

function start(options: Partial<LiveOptions> = {}) {
	live?.close();
	bus?.close();
	bus = new SqliteChangeBus(services.db, { pollMs: 0 });
	const { database, accounts, measures } = services;
	live = new LiveEvents(bus, { database, accounts, measures, viewerOf: (token) => accounts.liveViewer(token) }, options);
}

beforeEach(async () => {
	services = await tempServices();
	start();
});
afterEach(() => {
	live.close();
	bus.close();
	services.close();
});

let n = 0;
async function account(organisationId: string, role: Role = 'redaktör') {
	const created = await services.accounts.createAccount({ username: `u${++n}`, displayName: `Person ${n}`, organisationId, role, passwordHash: 'x' });
	const token = await services.accounts.startSession(created.id);
	const viewer = services.accounts.viewer(created);
	return { id: created.id, token, layers: new LayerView(services.layers, services.accounts, viewer) };
}

const place = (name: string) => ({
	type: 'Feature',
	properties: { name, source: 'test', precision: 'approximate', precisionMeters: 50, example: true, category: 'garage', district: 'Husby' },
	geometry: { type: 'Point', coordinates: [17.93, 59.41] }
});
const scene = (name: string) => ({
	type: 'Feature',
	properties: { name, source: 'test', precision: 'approximate', precisionMeters: 50, example: true, year: 2023, district: 'Husby', drawing: 'outline' },
	geometry: { type: 'Polygon', coordinates: [[[17.92, 59.41], [17.921, 59.41], [17.921, 59.411], [17.92, 59.411], [17.92, 59.41]]] }
});

/** A stream's text as it arrives, read until `until` is in it (or the stream ends). */
function reader(stream: ReadableStream<Uint8Array>) {
	const r = stream.getReader();
	const decoder = new TextDecoder();
	let text = '';
	return {
		get text() {
			return text;
		},
		async until(marker: string): Promise<string> {
			while (!text.includes(marker)) {
				const { done, value } = await r.read();
				if (done) throw new Error(`stream ended before ${marker}; got: ${text}`);
				text += decoder.decode(value);
			}
			return text;
		},
		async end(): Promise<string> {
			for (;;) {
				const { done, value } = await r.read();
				if (done) return text;
				text += decoder.decode(value);
			}
		},
		read: () => r.read()
	};
}

/** The events in a stream's text: id, event and data. */
function events(text: string) {
	return text
		.split('\n\n')
		.filter((block) => block.includes('event: '))
		.map((block) => {
			const field = (name: string) => block.split('\n').find((l) => l.startsWith(`${name}: `))?.slice(name.length + 2);
			return { id: Number(field('id')), event: field('event')!, data: JSON.parse(field('data')!) as Record<string, unknown> };
		});
}

describe('the change table', () => {
	it('gets one row per acknowledged write, in its transaction, and none for a write that rolled back', async () => {
		const police = await account('polis-jarva');
		const before = bus.latest();
		await police.layers.createFeature('otrygga-platser', place('Ny plats'));
		expect(bus.since(before)).toMatchObject([{ kind: 'feature', layer: 'otrygga-platser', version: 1, action: 'create' }]);
		await expect(
			services.database.write(async () => {
				await police.layers.createFeature('otrygga-platser', place('Ångrad'));
				throw new Error('rollback');
			})
		).rejects.toThrow('rollback');
		expect(bus.since(before)).toHaveLength(1);
		// nothing personal in a row
		const row = services.db.prepare('SELECT * FROM changes ORDER BY seq DESC LIMIT 1').get() as Record<string, unknown>;
		expect(Object.keys(row).sort()).toEqual(['action', 'at', 'kind', 'layer_id', 'object_id', 'parent_id', 'seq', 'version']);
	});

	it('keeps the newest rows only', () => {
		const insert = services.db.prepare("INSERT INTO feature_history (layer_id, feature_id, version, action, at, by) VALUES ('otrygga-platser', ?, 1, 'create', '2026-01-01', 'x')");
		services.db.transaction(() => {
			for (let i = 0; i < CHANGES_KEPT + 50; i++) insert.run(`f${i}`);
		})();
		const count = (services.db.prepare('SELECT COUNT(*) AS n FROM changes').get() as { n: number }).n;
		expect(count).toBe(CHANGES_KEPT);
		expect(bus.oldest()).toBe(bus.latest() - CHANGES_KEPT + 1);
	});
});

describe('the change bus', () => {
	it('hands each committed change to its subscribers once, in order', async () => {
		const got: Change[] = [];
		bus.subscribe((changes) => got.push(...changes));
		const police = await account('polis-jarva');
		const a = await police.layers.createFeature('otrygga-platser', place('A'));
		await police.layers.updateFeature('otrygga-platser', String(a.properties.id), 1, place('A2'));
		bus.wake();
		expect(got.map((c) => [c.kind, c.version, c.action])).toEqual([
			['feature', 1, 'create'],
			['feature', 2, 'update']
		]);
		expect(got[1]!.seq).toBeGreaterThan(got[0]!.seq);
	});

	it('while no subscriber wants changes it reads none; one that starts to want them gets what is committed after', async () => {
		const got: Change[] = [];
		let watching = false;
		bus.subscribe((changes) => got.push(...changes), undefined, { wants: () => watching });
		const police = await account('polis-jarva');
		await police.layers.createFeature('otrygga-platser', place('Osedd'));
		bus.wake();
		expect(got).toEqual([]);
		watching = true;
		const seen = await police.layers.createFeature('otrygga-platser', place('Sedd'));
		bus.wake();
		expect(got.map((c) => c.id)).toEqual([String(seen.properties.id)]);
		// A subscriber without `wants` always wants them, whatever the others say.
		watching = false;
		const always: Change[] = [];
		bus.subscribe((changes) => always.push(...changes));
		const third = await police.layers.createFeature('otrygga-platser', place('Tredje'));
		bus.wake();
		expect(always.map((c) => c.id)).toEqual([String(third.properties.id)]);
	});

	it('picks up rows written outside write() when it looks (the poll)', () => {
		const got: Change[] = [];
		bus.subscribe((changes) => got.push(...changes));
		services.db.prepare("INSERT INTO feature_history (layer_id, feature_id, version, action, at, by) VALUES ('otrygga-platser', 'cli', 1, 'create', '2026-01-01', 'x')").run();
		expect(got).toHaveLength(0);
		bus.wake();
		expect(got).toMatchObject([{ id: 'cli' }]);
	});
});

describe('the event stream', () => {
	it('sends a change to those who may see it: a property owner never gets a drug scene, not even its id', async () => {
		const police = await account('polis-jarva');
		const owner = await account('fastighetsagare', 'läsare');
		const ownerStream = reader(live.open(owner.token, null));
		const policeStream = reader(live.open(police.token, null));
		const secret = await police.layers.createFeature('drogscener-2023', scene('Hemlig plats'));
		const shared = await police.layers.createFeature('otrygga-platser', place('Delad plats'));
		const sharedId = String(shared.properties.id);
		await ownerStream.until(sharedId);
		await policeStream.until(sharedId);
		expect(ownerStream.text).not.toContain(String(secret.properties.id));
		expect(ownerStream.text).not.toContain('drogscener');
		expect(events(ownerStream.text).filter((e) => e.event === 'feature')).toEqual([
			{ id: expect.any(Number), event: 'feature', data: { layer: 'otrygga-platser', id: sharedId, version: 1, action: 'create' } }
		]);
		expect(events(policeStream.text).filter((e) => e.event === 'feature').map((e) => e.data.layer)).toEqual(['drogscener-2023', 'otrygga-platser']);
	});

	it('an import is one change for its layer (its id, its new revision, action import), seen as the layer is', async () => {
		const police = await account('polis-jarva');
		const owner = await account('fastighetsagare', 'läsare');
		const ownerStream = reader(live.open(owner.token, null));
		const policeStream = reader(live.open(police.token, null));
		const store = services.layers.store;
		const input = (f: { geometry: unknown; properties: Record<string, unknown> }, i: number) => ({ geometry: f.geometry as never, properties: { ...f.properties, id: `imp-${i}` } });
		const before = bus.latest();
		await store.importFeatures('drogscener-2023', [0, 1, 2].map((i) => input(scene(`Hemlig ${i}`), i)), { replace: false }, 'Polisen');
		await store.importFeatures('otrygga-platser', Array.from({ length: 300 }, (_, i) => input(place(`Plats ${i}`), i)), { replace: false }, 'Polisen');
		// Two rows, not 303: one per import.
		expect(bus.since(before)).toMatchObject([
			{ kind: 'feature', layer: 'drogscener-2023', id: 'drogscener-2023', version: store.layer('drogscener-2023')!.revision, action: 'import' },
			{ kind: 'feature', layer: 'otrygga-platser', id: 'otrygga-platser', version: store.layer('otrygga-platser')!.revision, action: 'import' }
		]);
		await ownerStream.until('"action":"import"');
		await policeStream.until('"layer":"otrygga-platser"');
		const features = (text: string) => events(text).filter((e) => e.event === 'feature');
		expect(features(ownerStream.text).map((e) => e.data)).toEqual([{ layer: 'otrygga-platser', id: 'otrygga-platser', version: store.layer('otrygga-platser')!.revision, action: 'import' }]);
		expect(features(policeStream.text).map((e) => [e.data.layer, e.data.action])).toEqual([
			['drogscener-2023', 'import'],
			['otrygga-platser', 'import']
		]);
		// A rolled-back import leaves no change; edits after an import are one change each as before.
		const latest = bus.latest();
		await expect(
			services.database.write(async () => {
				await store.importFeatures('otrygga-platser', [input(place('Ångrad'), 999)], { replace: false }, 'Polisen');
				throw new Error('rollback');
			})
		).rejects.toThrow('rollback');
		expect(bus.latest()).toBe(latest);
		// (Added by the import for the layer's owner, so changed by the owner's editor.)
		await (await account('sdf-jarva')).layers.updateFeature('otrygga-platser', 'imp-0', 1, place('Ändrad'));
		expect(bus.since(latest)).toMatchObject([{ kind: 'feature', layer: 'otrygga-platser', id: 'imp-0', version: 2, action: 'update' }]);
	});

	it('asks at send time: a layer narrowed after the stream opened is no longer sent', async () => {
		const police = await account('polis-jarva');
		const owner = await account('fastighetsagare', 'läsare');
		const stream = reader(live.open(owner.token, null));
		await services.accounts.setVisibility('otrygga-platser', ['polis-jarva']);
		const hidden = await police.layers.createFeature('otrygga-platser', place('Nu dold'));
		const meeting = await services.meetings.create({ title: 'Möte', date: '2026-03-12', participants: [], organisationIds: ['fastighetsagare'] }, police.layers);
		await stream.until(meeting.id);
		expect(stream.text).not.toContain(String(hidden.properties.id));
		expect(events(stream.text).map((e) => e.event)).toEqual(['ready', 'meeting']);
	});

	it('meetings go to the organisations taking part, and an agenda item names its meeting', async () => {
		const police = await account('polis-jarva');
		const owner = await account('fastighetsagare');
		const district = await account('sdf-jarva');
		const ownerStream = reader(live.open(owner.token, null));
		const districtStream = reader(live.open(district.token, null));
		const closed = await services.meetings.create({ title: 'Polisens möte', date: '2026-03-12', participants: [], organisationIds: ['polis-jarva'] }, police.layers);
		const open = await services.meetings.create({ title: 'Samverkan', date: '2026-03-12', participants: [], organisationIds: ['polis-jarva', 'fastighetsagare'] }, police.layers);
		const item = await services.meetings.addItem(open.id, { kind: 'area', title: 'Torget', geometry: { type: 'Point', coordinates: [17.93, 59.41] } } as never, police.layers);
		await ownerStream.until(item.id);
		expect(ownerStream.text).not.toContain(closed.id);
		expect(events(ownerStream.text).find((e) => e.event === 'agenda-item')!.data).toEqual({ type: 'agenda-item', id: item.id, version: 1, action: 'create', parent: open.id });
		const marker = await services.meetings.create({ title: 'Stadsdelens', date: '2026-03-12', participants: [], organisationIds: [] }, district.layers);
		await districtStream.until(marker.id);
		expect(districtStream.text).not.toContain(closed.id);
		expect(districtStream.text).not.toContain(open.id);
	});

	it('measures, reports, walks and findings follow their own read rules, per subscriber', async () => {
		const district = await account('sdf-jarva');
		const police = await account('polis-jarva');
		const owner = await account('fastighetsagare');
		const streams = { district: reader(live.open(district.token, null)), police: reader(live.open(police.token, null)), owner: reader(live.open(owner.token, null)) };
		// A measure decided in the police's own meeting: seen by the police (and its owner), not by the others.
		const meeting = await services.meetings.create({ title: 'Polisens möte', date: '2026-03-12', participants: [], organisationIds: [] }, police.layers);
		const item = await services.meetings.addItem(meeting.id, { kind: 'feature', layerId: 'otrygga-platser', featureId: 'op-husby-02' } as never, police.layers);
		const { measure } = await services.meetings.decide(
			meeting.id,
			item.id,
			{ text: 'Belysning', measure: { title: 'Ny belysning', ownerOrganisationId: 'polis-jarva', dueDate: '2026-06-30', status: 'beslutad' } },
			police.layers
		);
		// A report by the property owners: theirs, the police's and the operator's (none set here), not the district's.
		const { report } = await services.reports.create(
			{ clientId: '00000000-0000-4000-8000-00000000aaaa', category: 'klotter', date: '2026-11-30', time: '21:30', endDate: null, position: [17.9275, 59.4105], placeName: null, text: 'Klotter' },
			owner.layers.viewer,
			owner.layers.by
		);
		// A walk: every account sees it and its findings.
		const walk = await services.inventories.create(
			{ title: 'Vandring', area: { kind: 'polygon', geometry: { type: 'Polygon', coordinates: [[[17.92, 59.40], [17.94, 59.40], [17.94, 59.42], [17.92, 59.42], [17.92, 59.40]]] } }, startsAt: '2026-05-14T16:30:00.000Z', organisationIds: ['polis-jarva'], purpose: '' } as never,
			() => null,
			district.layers
		);
		const { finding } = await services.inventories.addFinding(walk.id, { clientId: '00000000-0000-4000-8000-00000000bbbb', category: 'belysning', severity: 2, note: '', position: [17.93, 59.41], createdAt: '2026-05-14T16:40:00.000Z' } as never, district.layers);
		for (const stream of Object.values(streams)) await stream.until(finding.id);
		const kinds = (text: string) => events(text).filter((e) => e.event !== 'ready').map((e) => `${e.event}:${e.data.id}`);
		expect(kinds(streams.police.text)).toEqual(expect.arrayContaining([`measure:${measure!.id}`, `report:${report.id}`, `inventory:${walk.id}`, `finding:${finding.id}`]));
		expect(kinds(streams.owner.text)).toEqual([`report:${report.id}`, `inventory:${walk.id}`, `finding:${finding.id}`]);
		expect(kinds(streams.district.text)).toEqual([`inventory:${walk.id}`, `finding:${finding.id}`]);
		expect(events(streams.owner.text).find((e) => e.event === 'finding')!.data).toEqual({ type: 'finding', id: finding.id, version: 1, action: 'create', parent: walk.id });
	});

	it('a weekly meeting’s focus place goes to those who see every report and to its owner, naming its week', async () => {
		const police = await account('polis-jarva');
		const owner = await account('fastighetsagare');
		const other = await account((await services.accounts.createOrganisation('Bostadsbolaget (exempel)', 'fastighetsägare')).id);
		const district = await account('sdf-jarva');
		const streams = { police: reader(live.open(police.token, null)), owner: reader(live.open(owner.token, null)), other: reader(live.open(other.token, null)), district: reader(live.open(district.token, null)) };
		const input = (ownerOrganisationId: string, text: string) => ({ week: '2026-W49', place: { kind: 'point' as const, position: [17.9275, 59.4105] as [number, number] }, name: 'Husby centrum', ownerOrganisationId, text });
		const theirs = await services.focusPlaces.create(input('fastighetsagare', 'Klotter vid entrén'), police.layers);
		const changed = await services.focusPlaces.update(theirs.id, { baseVersion: 1, text: 'Klotter och belysning' }, police.layers);
		const polices = await services.focusPlaces.create(input('polis-jarva', 'Narkotikahandel'), police.layers);
		await streams.police.until(polices.id);
		await streams.owner.until(`"version":${changed.version}`);
		// Written after the focus places: a stream that has this has had every focus place's chance.
		const walk = await services.inventories.create(
			{ title: 'Vandring', area: { kind: 'polygon', geometry: { type: 'Polygon', coordinates: [[[17.92, 59.40], [17.94, 59.40], [17.94, 59.42], [17.92, 59.42], [17.92, 59.40]]] } }, startsAt: '2026-05-14T16:30:00.000Z', organisationIds: [], purpose: '' } as never,
			() => null,
			district.layers
		);
		for (const stream of Object.values(streams)) await stream.until(walk.id);
		const focus = (text: string) => events(text).filter((e) => e.event === 'focus-place').map((e) => `${e.data.id}:${e.data.version}`);
		expect(focus(streams.police.text)).toEqual([`${theirs.id}:1`, `${theirs.id}:2`, `${polices.id}:1`]);
		expect(focus(streams.owner.text)).toEqual([`${theirs.id}:1`, `${theirs.id}:2`]);
		// No operator is set: the district administration sees only what it owns (none); another property owner nothing, not even an id.
		expect(focus(streams.district.text)).toEqual([]);
		expect(streams.other.text).not.toContain(theirs.id);
		expect(streams.other.text).not.toContain(polices.id);
		expect(events(streams.owner.text).find((e) => e.event === 'focus-place')!.data).toEqual({ type: 'focus-place', id: theirs.id, version: 1, action: 'create', parent: '2026-W49' });
	});

	it('resumes after Last-Event-ID with what was missed, as the viewer may see it', async () => {
		const police = await account('polis-jarva');
		const owner = await account('fastighetsagare', 'läsare');
		const first = reader(live.open(owner.token, null));
		const ready = events(await first.until('event: ready'))[0]!.id;
		live.endSession(owner.token);
		await first.end();
		const missedScene = await police.layers.createFeature('drogscener-2023', scene('Missad scen'));
		const missedPlace = await police.layers.createFeature('otrygga-platser', place('Missad plats'));
		const resumed = reader(live.open(owner.token, ready));
		const text = await resumed.until('event: ready');
		expect(text).not.toContain(String(missedScene.properties.id));
		const got = events(text);
		expect(got.map((e) => e.event)).toEqual(['feature', 'ready']);
		expect(got[0]!.data.id).toBe(String(missedPlace.properties.id));
		expect(got[1]!.id).toBe(bus.latest());
		// and on from there, live, without repeating the backlog
		const next = await police.layers.createFeature('otrygga-platser', place('Sedan'));
		await resumed.until(String(next.properties.id));
		expect(events(resumed.text).filter((e) => e.data.id === String(missedPlace.properties.id))).toHaveLength(1);
	});

	it('sends reset when the table no longer reaches back to Last-Event-ID (or it is from another database)', async () => {
		const owner = await account('fastighetsagare', 'läsare');
		const insert = services.db.prepare("INSERT INTO feature_history (layer_id, feature_id, version, action, at, by) VALUES ('otrygga-platser', ?, 1, 'create', '2026-01-01', 'x')");
		write(services.db, () => {
			for (let i = 0; i < CHANGES_KEPT + 10; i++) insert.run(`f${i}`);
		});
		const stale = reader(live.open(owner.token, 5));
		const text = await stale.until('event: ready');
		expect(events(text).map((e) => e.event)).toEqual(['reset', 'ready']);
		const future = reader(live.open(owner.token, bus.latest() + 100));
		expect(events(await future.until('event: ready')).map((e) => e.event)).toEqual(['reset', 'ready']);
		const recent = reader(live.open(owner.token, bus.latest() - 3));
		expect(events(await recent.until('event: ready')).map((e) => e.event)).toEqual(['feature', 'feature', 'feature', 'ready']);
	});

	it('tells open streams to reload when more changes came at once than the table keeps (a large import)', async () => {
		const owner = await account('fastighetsagare', 'läsare');
		const police = await account('polis-jarva');
		const open = reader(live.open(owner.token, null));
		await open.until('event: ready');
		const gaps: number[] = [];
		const got: Change[] = [];
		bus.subscribe((changes) => got.push(...changes), (seq) => gaps.push(seq));
		const insert = services.db.prepare("INSERT INTO feature_history (layer_id, feature_id, version, action, at, by) VALUES ('otrygga-platser', ?, 1, 'create', '2026-01-01', 'x')");
		write(services.db, () => {
			for (let i = 0; i < CHANGES_KEPT + 10; i++) insert.run(`f${i}`);
		});
		bus.wake();
		expect(gaps).toEqual([bus.latest()]);
		expect(got).toEqual([]); // not the 10 000 that are left, with a hole before them
		const text = await open.until('event: reset');
		expect(events(text).at(-1)).toMatchObject({ event: 'reset', id: bus.latest() });
		// After it, changes flow again, and fewer than the table keeps are no gap.
		const after = await police.layers.createFeature('otrygga-platser', place('efter'));
		bus.wake();
		await open.until(String(after.properties.id));
		expect(gaps).toHaveLength(1);
		expect(got.map((c) => c.id)).toEqual([String(after.properties.id)]);
	});

	it('a batch whose visibility cannot be read (the database did not answer) is sent to nobody, and the streams are told to reload', async () => {
		// The visibility is read from a database that has gone away; the bus still has its own.
		const gone = mkdtempSync(join(tmpdir(), 'lageskarta-gone-'));
		const goneDatabase = sqliteDatabase(openDatabase(gone));
		await goneDatabase.close();
		rmSync(gone, { recursive: true, force: true });
		live.close();
		const { accounts, measures } = services;
		live = new LiveEvents(bus, { database: goneDatabase, accounts, measures, viewerOf: (token) => accounts.liveViewer(token) });
		const police = await account('polis-jarva');
		const stream = reader(live.open(police.token, null));
		await stream.until('event: ready');
		const secret = await police.layers.createFeature('drogscener-2023', scene('Hemlig plats'));
		bus.wake();
		const text = await stream.until('event: reset');
		expect(text).not.toContain(String(secret.properties.id));
		expect(events(text).at(-1)).toMatchObject({ event: 'reset', id: bus.latest() });
		// A stream that cannot check its backlog is ended (the browser reconnects), not left hanging.
		const resumed = reader(live.open(police.token, bus.latest() - 1));
		expect(await resumed.end()).not.toContain(String(secret.properties.id));
	});

	it('drops a subscriber that does not read, and it resumes from its last event', async () => {
		start({ maxQueuedBytes: 2_000 });
		const police = await account('polis-jarva');
		const slow = reader(live.open(police.token, null));
		const ready = events(await slow.until('event: ready'))[0]!.id;
		const fast = reader(live.open(police.token, null));
		await fast.until('event: ready');
		const created: string[] = [];
		// the fast one reads along; the slow one is dropped, not buffered
		for (let i = 0; i < 30; i++) {
			created.push(String((await police.layers.createFeature('otrygga-platser', place(`Plats ${i}`))).properties.id));
			await fast.until(created.at(-1)!);
		}
		expect(live.dropped).toBe(1);
		expect(live.size).toBe(1);
		await expect(slow.read()).rejects.toThrow(/fell behind/);
		const resumed = reader(live.open(police.token, ready));
		const text = await resumed.until('event: ready');
		expect(events(text).filter((e) => e.event === 'feature').map((e) => e.data.id)).toEqual(created);
	});

	it('a large batch (an import) does not drop a subscriber that keeps up', async () => {
		start({ maxQueuedBytes: 2_000 });
		const police = await account('polis-jarva');
		const stream = reader(live.open(police.token, null));
		await stream.until('event: ready');
		const insert = services.db.prepare("INSERT INTO feature_history (layer_id, feature_id, version, action, at, by) VALUES ('otrygga-platser', ?, 1, 'import', '2026-01-01', 'x')");
		write(services.db, () => {
			for (let i = 0; i < 500; i++) insert.run(`import-${i}`);
		});
		await stream.until('"id":"import-499"');
		expect(events(stream.text).filter((e) => e.event === 'feature')).toHaveLength(500);
		expect(live.dropped).toBe(0);
		expect(live.size).toBe(1);
	});

	it('ends the stream when the session ends or the account is disabled', async () => {
		const a = await account('sdf-jarva');
		const b = await account('sdf-jarva');
		const police = await account('polis-jarva');
		const loggedOut = reader(live.open(a.token, null));
		const disabled = reader(live.open(b.token, null));
		await loggedOut.until('event: ready');
		await disabled.until('event: ready');
		await services.accounts.endSession(a.token);
		await services.accounts.updateAccount(b.id, { disabled: true });
		const created = await police.layers.createFeature('otrygga-platser', place('Efter'));
		expect(await loggedOut.end()).not.toContain(String(created.properties.id));
		expect(await disabled.end()).not.toContain(String(created.properties.id));
		expect(live.size).toBe(0);
	});
});

describe('Last-Event-ID', () => {
	it('is a number this server sent, or none', () => {
		expect(parseLastEventId(null)).toBeNull();
		expect(parseLastEventId('')).toBeNull();
		expect(parseLastEventId('42')).toBe(42);
		expect(parseLastEventId('abc')).toBeUndefined();
		expect(parseLastEventId('-1')).toBeUndefined();
	});
});
