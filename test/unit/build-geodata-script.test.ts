import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const FIXTURES = 'test/fixtures/basemap';
const work = mkdtempSync(join(tmpdir(), 'build-geodata-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Run the real script the way `npm run geodata` does, through tsx. */
function run(...args: string[]) {
	const result = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/build-geodata.ts', ...args], {
		encoding: 'utf8'
	});
	return { status: result.status, out: result.stdout, err: result.stderr };
}

describe('scripts/build-geodata.ts', () => {
	it('writes the archive, then --check passes until the file changes or goes', () => {
		const output = join(work, 'fixture.pmtiles');

		const built = run('--input', FIXTURES, '--output', output);
		expect(built.status).toBe(0);
		expect(built.out).toMatch(/Wrote .*fixture\.pmtiles \(\d+ bytes, \d+ tiles, layers: earth, pois, roads, water\)/);
		expect(readFileSync(output).subarray(0, 7).toString()).toBe('PMTiles');

		const fresh = run('--input', FIXTURES, '--output', output, '--check');
		expect(fresh.status).toBe(0);
		expect(fresh.out).toContain('is up to date');

		appendFileSync(output, 'x');
		const stale = run('--input', FIXTURES, '--output', output, '--check');
		expect(stale.status).toBe(1);
		expect(stale.err).toContain('fixture.pmtiles is stale: run npm run geodata and commit it');

		const missing = run('--input', FIXTURES, '--output', join(work, 'none.pmtiles'), '--check');
		expect(missing.status).toBe(1);
		expect(missing.err).toContain('none.pmtiles is missing: run npm run geodata and commit it');
	}, 60_000);

	it('refuses invalid features, naming the file and the feature', () => {
		const input = mkdtempSync(join(work, 'bad-'));
		const feature = {
			type: 'Feature',
			properties: { id: 'sjon', name: 'Sjön', source: 'Test', precision: 'exact', precisionMeters: 5, example: true, kind: 'lake' },
			geometry: { type: 'Point', coordinates: [17.9, 59.4] }
		};
		writeFileSync(join(input, 'water.geojson'), JSON.stringify({ type: 'FeatureCollection', features: [feature] }));

		const result = run('--input', input, '--output', join(input, 'out.pmtiles'));
		expect(result.status).toBe(1);
		expect(result.err).toMatch(/water\.geojson: feature 0 \(id "sjon"\): properties\.kind: /);
	});
});
