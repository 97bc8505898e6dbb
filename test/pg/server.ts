/**
 * The PostgreSQL server a test file (use-postgres.ts) or a benchmark uses: a throwaway cluster
 * (cluster.ts). With LAGESKARTA_TEST_DATABASE_URL set
 * (postgres://… of a role that may create databases, on a server with PostGIS) it uses that server
 * instead and starts none.
 *
 * Each test takes its own empty database: `await server.database()` creates one (with PostGIS) and
 * returns its URL; stop() stops the cluster, or drops the databases it made on the given server.
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
	stop(): Promise<void>;
}

function withDatabase(url: string, database: string): string {
	const u = new URL(url);
	u.pathname = `/${database}`;
	return u.toString();
}

export async function startPgServer(env: Record<string, string | undefined> = process.env): Promise<PgServer> {
	const external = env.LAGESKARTA_TEST_DATABASE_URL?.trim() || null;
	const cluster = external ? null : await startCluster();
	const admin = external ?? cluster!.url;
	const made: string[] = [];
	const query = async (url: string, text: string) => {
		const client = new pg.Client({ connectionString: url });
		await client.connect();
		try {
			await client.query(text);
		} finally {
			await client.end();
		}
	};
	return {
		cluster,
		async database(options = {}) {
			const name = `lageskarta_test_${randomBytes(6).toString('hex')}`;
			const template = options.template ? new URL(options.template).pathname.slice(1) : null;
			if (template && !made.includes(template)) throw new Error(`The template ${template} was not made by this server.`);
			await query(admin, `CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ''}`);
			made.push(name);
			const url = withDatabase(admin, name);
			if (external && !template) await query(url, 'CREATE EXTENSION IF NOT EXISTS postgis');
			return url;
		},
		async stop() {
			// The cluster's directory (the run's databases, tens of thousands of files) is removed after
			// Vitest has exited (cluster.ts removeLater).
			if (cluster) return cluster.stop({ removeLater: true });
			for (const name of made.splice(0)) await query(admin, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
		}
	};
}
