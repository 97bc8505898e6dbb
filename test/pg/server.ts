/**
 * The PostgreSQL server a test file (use-postgres.ts) or a benchmark uses: a throwaway cluster
 * (cluster.ts). With LAGESKARTA_TEST_DATABASE_URL set
 * (postgres://… of a role that may create databases, on a server with PostGIS) it uses that server
 * instead and starts none.
 *
 * Each test takes its own empty database: `await server.database()` creates one (with PostGIS) and
 * returns its URL; `drop(url)` drops it when the test is done with it; stop() stops the cluster, or
 * drops the databases it made on the given server.
 *
 * Time (docs/testing.md "Tid"): a database is a copy of 17 MB (PostGIS's catalogue and
 * spatial_ref_sys), 0.1–0.4 s of the server's work. So the next copy of the same template is made
 * while the test that took one runs (one spare per template, made in the background), and a
 * dropped database is dropped in the background too: the test waits for neither. Dropping keeps
 * the cluster small: kept until the end, a run's ~300 databases were ~6 GB, written to disk and
 * then removed file by file when the cluster stopped (20–100 s after the last test).
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { startCluster, type PgCluster } from './cluster';

export interface PgServer {
	/** The throwaway cluster, or null when LAGESKARTA_TEST_DATABASE_URL names the server. */
	cluster: PgCluster | null;
	/**
	 * A new empty database with PostGIS; returns its URL. With `template` (a database made here,
	 * with no connection open to it), a copy of that one: a migrated schema copied costs a
	 * fraction of migrating again.
	 */
	database(options?: { template?: string }): Promise<string>;
	/**
	 * Drops a database made here (its connections are ended), in the background: resolves at once.
	 * A URL not made here (or dropped already) is refused.
	 */
	drop(url: string): Promise<void>;
	stop(): Promise<void>;
}

function withDatabase(url: string, database: string): string {
	const u = new URL(url);
	u.pathname = `/${database}`;
	return u.toString();
}

const nameOf = (url: string) => new URL(url).pathname.slice(1);

export async function startPgServer(env: Record<string, string | undefined> = process.env): Promise<PgServer> {
	const external = env.LAGESKARTA_TEST_DATABASE_URL?.trim() || null;
	const cluster = external ? null : await startCluster();
	const admin = external ?? cluster!.url;
	/** Every database made here and not dropped (spares included). */
	const made = new Set<string>();
	/** One spare per template ('' for an empty database), being made or made. */
	const spares = new Map<string, Promise<string>>();
	/** The work done in the background, each kind in order (one at a time): stop() waits for both. */
	const background = { spares: Promise.resolve() as Promise<unknown>, drops: Promise.resolve() as Promise<unknown> };
	let stopping = false;
	const query = async (url: string, text: string) => {
		const client = new pg.Client({ connectionString: url });
		await client.connect();
		try {
			await client.query(text);
		} finally {
			await client.end();
		}
	};
	const make = async (template: string | null) => {
		const name = `lageskarta_test_${randomBytes(6).toString('hex')}`;
		await query(admin, `CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ''}`);
		made.add(name);
		const url = withDatabase(admin, name);
		if (external && !template) await query(url, 'CREATE EXTENSION IF NOT EXISTS postgis');
		return url;
	};
	/** Queues `work` after the work of its kind before it; a failure is the asker's to see, not the queue's. */
	const inBackground = <T>(kind: keyof typeof background, work: () => Promise<T>): Promise<T> => {
		const done = background[kind].then(work);
		background[kind] = done.catch(() => undefined);
		return done;
	};
	return {
		cluster,
		async database(options = {}) {
			const template = options.template ? nameOf(options.template) : null;
			if (template && !made.has(template)) throw new Error(`The template ${template} was not made by this server.`);
			const key = template ?? '';
			const spare = spares.get(key);
			spares.delete(key);
			// A spare that failed (e.g. its template was in use at that moment) is made again, now.
			const url = spare ? await spare.catch(() => make(template)) : await make(template);
			if (!stopping) {
				const next = inBackground('spares', () => make(template));
				// Not awaited here: the next asker awaits it (and makes one anew if it failed).
				void next.catch(() => undefined);
				spares.set(key, next);
			}
			return url;
		},
		async drop(url) {
			const name = nameOf(url);
			if (!made.delete(name)) throw new Error(`The database ${name} was not made by this server, or is dropped already.`);
			// A template's spare goes with it: nobody can ask for a copy of a dropped database.
			const spare = spares.get(name);
			spares.delete(name);
			const dropping = inBackground('drops', async () => {
				await query(admin, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
				const spareUrl = await spare?.catch(() => undefined);
				if (spareUrl && made.delete(nameOf(spareUrl))) await query(admin, `DROP DATABASE IF EXISTS ${nameOf(spareUrl)} WITH (FORCE)`);
			});
			void dropping.catch((error: Error) => console.error(`Could not drop the test database ${name}: ${error.message}`));
		},
		async stop() {
			stopping = true;
			await Promise.all([background.spares, background.drops]);
			if (cluster) return cluster.stop({ removeLater: true });
			for (const name of [...made]) await query(admin, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
			made.clear();
		}
	};
}
