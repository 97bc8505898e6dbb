/**
 * `npx tsx scripts/bench-postgis.ts` (part of `npm run bench`): the places-near-scenes join,
 * 1 000 scenes × 100 000 places, the app's indexed JavaScript (src/lib/analysis/places-near-scenes.ts:
 * a flatbush index of the scenes in a local metric plane) against PostGIS: ST_DWithin on a GiST
 * index, in SWEREF 99 TM (EPSG:3006, Sweden's metric projection – what a deployment would index;
 * a metric SRID rather than geography, whose spheroid distances cost more and whose index is
 * the same box search). Both answer, for every place, its nearest scene within 500 m and how many
 * places lie within 200 m and 500 m of a scene. The answers are checked equal: the same nearest
 * scene (or a tie), distances within 0.5 % (the two planes differ: see TOLERANCE), and the same
 * places within each distance except any whose distance lies inside that tolerance of it. Prints the ratio and writes bench-results/postgis.json.
 *
 * The server is a throwaway cluster (test/pg/cluster.ts), or LAGESKARTA_TEST_DATABASE_URL's.
 * Seeded data (the same every run); the ratio is the point, absolute times depend on the machine.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { openPool } from '../src/lib/server/db/pg/connection';
import { placesNearScenes } from '../src/lib/analysis/places-near-scenes';
import { syntheticPlaces, syntheticScenes } from '../src/lib/analysis/testing/synthetic';
import { startPgServer } from '../test/pg/server';
import { median, ratio, table } from './bench/stats';

const SCENES = 1_000;
const PLACES = 100_000;
const DISTANCES = [200, 500] as const;
const RUNS = 3;
/**
 * How far the two planes may disagree: the local plane's scale drifts east–west by tan(lat)·Δlat
 * from its centre (local-metric.ts), and the synthetic city of 1 000 scenes is wider than Järva,
 * so at its edges the two differ by up to ~0.2 %; 0.5 % leaves room without hiding a real error.
 */
const TOLERANCE = 0.005;

function time<T>(run: () => T): { ms: number[]; value: T } {
	const ms: number[] = [];
	let value = run(); // warm-up
	for (let i = 0; i < RUNS; i++) {
		const start = performance.now();
		value = run();
		ms.push(performance.now() - start);
	}
	return { ms, value };
}

async function timeAsync<T>(run: () => Promise<T>): Promise<{ ms: number[]; value: T }> {
	const ms: number[] = [];
	let value = await run();
	for (let i = 0; i < RUNS; i++) {
		const start = performance.now();
		value = await run();
		ms.push(performance.now() - start);
	}
	return { ms, value };
}

async function main() {
	const started = performance.now();
	const scenes = syntheticScenes(SCENES, 7);
	const places = syntheticPlaces(PLACES, SCENES, 8);

	const js = time(() => placesNearScenes(places, scenes, { distances: [...DISTANCES] }));

	const server = await startPgServer();
	const pool = openPool(await server.database(), { max: 2 });
	try {
		const load = performance.now();
		await pool.query(`
			CREATE TABLE scenes (id text PRIMARY KEY, geom geometry(Polygon, 3006) NOT NULL);
			CREATE TABLE places (id text PRIMARY KEY, geom geometry(Point, 3006) NOT NULL);`);
		await pool.query(`INSERT INTO scenes SELECT id, ST_Transform(ST_SetSRID(ST_GeomFromGeoJSON(g), 4326), 3006) FROM unnest($1::text[], $2::text[]) AS t(id, g)`, [
			scenes.features.map((f) => String(f.properties!['id'])),
			scenes.features.map((f) => JSON.stringify(f.geometry))
		]);
		await pool.query(`INSERT INTO places SELECT id, ST_Transform(ST_SetSRID(ST_MakePoint(lon, lat), 4326), 3006) FROM unnest($1::text[], $2::float8[], $3::float8[]) AS t(id, lon, lat)`, [
			places.features.map((f) => String(f.properties!['id'])),
			places.features.map((f) => f.geometry.coordinates[0]),
			places.features.map((f) => f.geometry.coordinates[1])
		]);
		await pool.query('CREATE INDEX scenes_geom ON scenes USING gist (geom); CREATE INDEX places_geom ON places USING gist (geom); ANALYZE scenes; ANALYZE places;');
		const loadMs = performance.now() - load;

		const query = `
			SELECT p.id, n.scene, n.distance
			FROM places p
			LEFT JOIN LATERAL (
				SELECT s.id AS scene, ST_Distance(p.geom, s.geom) AS distance FROM scenes s
				WHERE ST_DWithin(p.geom, s.geom, ${Math.max(...DISTANCES)}) ORDER BY distance, s.id LIMIT 1
			) n ON true`;
		const plan = (await pool.query(`EXPLAIN ${query}`)).rows.map((r) => r['QUERY PLAN'] as string).join('\n');
		if (!/Index Scan using scenes_geom/.test(plan)) throw new Error(`PostGIS does not use the GiST index:\n${plan}`);
		const pg = await timeAsync(async () => (await pool.query<{ id: string; scene: string | null; distance: number | null }>(query)).rows);

		// The same answers.
		const byId = new Map(pg.value.map((r) => [r.id, r]));
		let sameNearest = 0;
		let nearTies = 0;
		let maxRelative = 0;
		const borderline = DISTANCES.map(() => 0);
		const disagree = DISTANCES.map(() => 0);
		for (const place of js.value.places) {
			const other = byId.get(place.id)!;
			const jsWithin = place.distance !== null && place.distance <= Math.max(...DISTANCES) ? place : null;
			if (jsWithin && other.scene) {
				const relative = Math.abs(other.distance! - place.distance!) / Math.max(place.distance!, 1);
				maxRelative = Math.max(maxRelative, relative);
				if (other.scene === place.nearest!.id) sameNearest++;
				else nearTies++;
			}
			DISTANCES.forEach((d, i) => {
				const a = place.distance !== null && place.distance <= d;
				const b = other.distance !== null && other.distance <= d;
				if (a === b) return;
				const edge = Math.abs((place.distance ?? other.distance!) - d) <= d * TOLERANCE;
				if (edge) borderline[i]!++;
				else disagree[i]!++;
			});
		}
		const jsWithinCounts = js.value.within.map((w) => w.total);
		const pgWithinCounts = DISTANCES.map((d) => pg.value.filter((r) => r.distance !== null && r.distance <= d).length);
		const agreed = disagree.every((n) => n === 0) && maxRelative <= TOLERANCE;

		const jsMs = median(js.ms);
		const pgMs = median(pg.ms);
		console.log(`\nplaces near scenes: ${SCENES} scenes × ${PLACES} places, nearest scene within ${Math.max(...DISTANCES)} m and counts within ${DISTANCES.join(' and ')} m`);
		console.log(
			table(
				['', 'median ms', `runs (${RUNS})`, ...DISTANCES.map((d) => `within ${d} m`)],
				[
					['indexed JS (flatbush, local metric plane)', jsMs.toFixed(0), js.ms.map((m) => m.toFixed(0)).join(' '), ...jsWithinCounts.map(String)],
					['PostGIS ST_DWithin, GiST, EPSG:3006', pgMs.toFixed(0), pg.ms.map((m) => m.toFixed(0)).join(' '), ...pgWithinCounts.map(String)]
				]
			)
		);
		console.log(`PostGIS / JS: ${ratio(pgMs, jsMs)} (PostGIS time includes sending ${PLACES} rows to Node). Loading and indexing in PostGIS: ${loadMs.toFixed(0)} ms.`);
		console.log(
			`Same answers: ${agreed ? 'yes' : 'NO'} – nearest scene equal for ${sameNearest} places (${nearTies} others at a tie within tolerance), distances within ${(maxRelative * 100).toFixed(3)} %, ` +
				`places on the other side of a distance: ${disagree.join('/')} (plus ${borderline.join('/')} within ${TOLERANCE * 100} % of it).`
		);

		const dir = join(process.cwd(), 'bench-results');
		mkdirSync(dir, { recursive: true });
		const file = join(dir, 'postgis.json');
		const cpu = cpus();
		writeFileSync(
			file,
			`${JSON.stringify(
				{
					date: new Date().toISOString(),
					environment: { node: process.version, cpus: cpu.length, model: cpu[0]?.model, postgres: (await pool.query('SELECT version() AS v, postgis_lib_version() AS postgis')).rows[0] },
					settings: { scenes: SCENES, places: PLACES, distances: DISTANCES, runs: RUNS, srid: 3006, tolerance: TOLERANCE },
					js: { medianMs: jsMs, runsMs: js.ms, within: jsWithinCounts },
					postgis: { medianMs: pgMs, runsMs: pg.ms, within: pgWithinCounts, loadMs },
					ratioPostgisToJs: pgMs / jsMs,
					agreement: { agreed, sameNearest, nearTies, maxRelative, disagree, borderline },
					totalSeconds: (performance.now() - started) / 1000
				},
				null,
				'\t'
			)}\n`
		);
		console.log(`Wrote ${file}`);
		if (!agreed) process.exitCode = 1;
	} finally {
		await pool.end();
		await server.stop();
	}
}

await main();
