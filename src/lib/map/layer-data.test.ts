import { describe, expect, it } from 'vitest';
import type { FeatureCollection } from 'geojson';
import type { ApiResult } from '$lib/api';
import { LayerData, layerRequestsInFlight } from './layer-data';

const collection = (name: string, version = 1): FeatureCollection => ({
	type: 'FeatureCollection',
	// The served features carry their version beside the properties.
	features: [{ type: 'Feature', properties: { id: name, name }, geometry: { type: 'Point', coordinates: [17.9, 59.4] }, version } as FeatureCollection['features'][number]]
});

/** Answers each request when the test says so, in any order: the network between page and server. */
function network() {
	const asked: { layerId: string; answer: (result: ApiResult<FeatureCollection>) => void }[] = [];
	const fetcher = (layerId: string) =>
		new Promise<ApiResult<FeatureCollection>>((answer) => {
			asked.push({ layerId, answer });
		});
	const ok = (name: string): ApiResult<FeatureCollection> => ({ ok: true, value: collection(name) });
	return { asked, fetcher: fetcher as never, ok };
}

const names = (data: FeatureCollection | null) => data?.features.map((f) => f.properties?.name) ?? null;

describe('LayerData: a layer fetched once per change, shared by everything that shows it', () => {
	it('asks once however many maps, labels and lists want the same layer', async () => {
		const net = network();
		const data = new LayerData(net.fetcher);
		const seen: string[][] = [];
		data.subscribe('a', (c) => seen.push(['map 1', ...names(c)!]));
		data.subscribe('a', (c) => seen.push(['map 2', ...names(c)!]));
		const list = data.get('a');
		expect(net.asked.map((r) => r.layerId)).toEqual(['a']);
		net.asked[0]!.answer(net.ok('v1'));
		expect(names(await list)).toEqual(['v1']);
		expect(seen).toEqual([['map 1', 'v1'], ['map 2', 'v1']]);
		// A later subscriber gets what is loaded at once, without a request.
		data.subscribe('a', (c) => seen.push(['labels', ...names(c)!]));
		expect(seen.at(-1)).toEqual(['labels', 'v1']);
		expect(net.asked).toHaveLength(1);
	});

	it('a refresh asks again and hands the new features to every subscriber', async () => {
		const net = network();
		const data = new LayerData(net.fetcher);
		const seen: unknown[] = [];
		data.subscribe('a', (c) => seen.push(names(c)));
		net.asked[0]!.answer(net.ok('v1'));
		await data.get('a');
		const refreshed = data.refresh('a');
		expect(net.asked).toHaveLength(2);
		net.asked[1]!.answer(net.ok('v2'));
		expect(names(await refreshed)).toEqual(['v2']);
		expect(names(await data.get('a'))).toEqual(['v2']);
		expect(seen).toEqual([['v1'], ['v2']]);
	});

	it('an older answer that arrives after a newer one is dropped', async () => {
		const net = network();
		const data = new LayerData(net.fetcher);
		const seen: unknown[] = [];
		data.subscribe('a', (c) => seen.push(names(c)));
		const newer = data.refresh('a');
		net.asked[1]!.answer(net.ok('new'));
		net.asked[0]!.answer(net.ok('old'));
		expect(names(await newer)).toEqual(['new']);
		await Promise.resolve();
		expect(seen).toEqual([['new']]);
		expect(names(await data.get('a'))).toEqual(['new']);
	});

	it('a failed request keeps what was shown, and counts as answered for the tests’ idle signal', async () => {
		const net = network();
		const data = new LayerData(net.fetcher);
		const first = data.get('a');
		expect(layerRequestsInFlight()).toBe(1);
		net.asked[0]!.answer(net.ok('v1'));
		await first;
		expect(layerRequestsInFlight()).toBe(0);
		const again = data.refresh('a');
		net.asked[1]!.answer({ ok: false, kind: 'failed', status: 0, message: 'Servern svarar inte.', field: null, problems: [], retryAfterSeconds: null, details: {} });
		expect(names(await again)).toEqual(['v1']);
		expect(layerRequestsInFlight()).toBe(0);
	});

	it('after unsubscribing, a map that is gone is not handed data', async () => {
		const net = network();
		const data = new LayerData(net.fetcher);
		const seen: unknown[] = [];
		const stop = data.subscribe('a', (c) => seen.push(names(c)));
		stop();
		net.asked[0]!.answer(net.ok('v1'));
		await data.get('a');
		expect(seen).toEqual([]);
	});

	it('a live change already shown, or in the answer on its way, costs no request; one not shown is fetched', async () => {
		const net = network();
		const data = new LayerData(net.fetcher);
		data.subscribe('a', () => undefined);
		net.asked[0]!.answer({ ok: true, value: collection('f1', 1) });
		await data.get('a');
		// The page's own save: it refreshes the layer itself; its event arrives while that request is out.
		const own = data.refresh('a');
		const caught = data.catchUp('a', [{ id: 'f1', version: 2, deleted: false }]);
		net.asked[1]!.answer({ ok: true, value: collection('f1', 2) });
		await own;
		await caught;
		expect(net.asked).toHaveLength(2);
		// Someone else's change, not shown yet: one request.
		const other = data.catchUp('a', [{ id: 'f1', version: 3, deleted: false }, { id: 'f2', version: 1, deleted: false }]);
		await Promise.resolve();
		await Promise.resolve();
		expect(net.asked).toHaveLength(3);
		net.asked[2]!.answer({ ok: true, value: collection('f1', 3) });
		await other;
		// A deletion is shown when the feature is gone; a layer not on the page is not fetched for.
		await data.catchUp('a', [{ id: 'gone', version: 4, deleted: true }]);
		await data.catchUp('not-shown', [{ id: 'x', version: 1, deleted: false }]);
		expect(net.asked.map((r) => r.layerId)).toEqual(['a', 'a', 'a']);
	});

	it('a layer that never loaded is asked again by the next reader; a map that throws does not keep the data from the others', async () => {
		const net = network();
		const data = new LayerData(net.fetcher);
		const first = data.get('a');
		net.asked[0]!.answer({ ok: false, kind: 'failed', status: 0, message: 'Servern svarar inte.', field: null, problems: [], retryAfterSeconds: null, details: {} });
		expect(await first).toBeNull();
		const seen: unknown[] = [];
		data.subscribe('a', () => {
			throw new Error('the map was removed');
		});
		data.subscribe('a', (c) => seen.push(names(c)));
		// the subscribe asked again (once, not twice)
		expect(net.asked).toHaveLength(2);
		net.asked[1]!.answer(net.ok('v1'));
		expect(names(await data.get('a'))).toEqual(['v1']);
		expect(seen).toEqual([['v1']]);
		expect(net.asked).toHaveLength(2);
	});
});
