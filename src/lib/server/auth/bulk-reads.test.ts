import { describe, expect, it } from 'vitest';
import { BulkReadLog } from './bulk-reads';

describe('bulk reads of sensitive layers', () => {
	it('the first read of a layer in a session is the one to log; more reads, other layers and other sessions are counted apart', () => {
		const reads = new BulkReadLog();
		expect(reads.first('token-a', 'drogscener-2023', 'geojson')).toBe(true);
		expect(reads.first('token-a', 'drogscener-2023', 'geojson')).toBe(false);
		expect(reads.first('token-a', 'drogscener-2023', 'geojson')).toBe(false);
		expect(reads.first('token-a', 'drogscener-2023', 'history')).toBe(true);
		expect(reads.first('token-a', 'drogscener-2021', 'geojson')).toBe(true);
		expect(reads.first('token-b', 'drogscener-2023', 'geojson')).toBe(true);
	});

	it('is logged again once a session could no longer be alive', () => {
		let now = 0;
		const reads = new BulkReadLog(1000, () => now);
		expect(reads.first('token-a', 'drogscener-2023', 'geojson')).toBe(true);
		now = 999;
		expect(reads.first('token-a', 'drogscener-2023', 'geojson')).toBe(false);
		now = 1000;
		expect(reads.first('token-a', 'drogscener-2023', 'geojson')).toBe(true);
	});

	it('can be asked whether a read is logged without counting as the read (the layer fast path asks)', () => {
		let now = 0;
		const reads = new BulkReadLog(1000, () => now);
		expect(reads.seen('token-a', 'drogscener-2023', 'geojson')).toBe(false);
		expect(reads.seen('token-a', 'drogscener-2023', 'geojson')).toBe(false);
		expect(reads.first('token-a', 'drogscener-2023', 'geojson')).toBe(true);
		expect(reads.seen('token-a', 'drogscener-2023', 'geojson')).toBe(true);
		expect(reads.seen('token-b', 'drogscener-2023', 'geojson')).toBe(false);
		now = 1000;
		expect(reads.seen('token-a', 'drogscener-2023', 'geojson')).toBe(false);
	});
});
