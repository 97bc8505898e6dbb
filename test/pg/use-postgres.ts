/**
 * `const postgres = usePostgres()` at the top of a test file; `await postgres().database()` gives a
 * test its own empty database (with PostGIS) and returns its URL.
 *
 * The databases are made on the one PostgreSQL server of the Vitest run (global-setup.ts: a
 * throwaway cluster, or LAGESKARTA_TEST_DATABASE_URL's), so `npx vitest run <that file>` needs
 * nothing else, and several such files start one cluster, not one each. The file's beforeAll waits
 * for the server to be up (the first file to ask starts it), so a test's own hooks need no long timeout.
 */
import { beforeAll, inject } from 'vitest';

export interface TestPostgres {
	/**
	 * A new empty database with PostGIS; returns its URL. With `template` (a database made here,
	 * with no connection open to it), a copy of that one (server.ts).
	 */
	database(options?: { template?: string }): Promise<string>;
}

/** Call at the top level of a test file. */
export function usePostgres(): () => TestPostgres {
	const endpoint = inject('pgServer');
	if (!endpoint) throw new Error('usePostgres(): test/pg/global-setup.ts is not in the Vitest config (test.globalSetup).');
	const ask = async (action: 'ready' | 'database', body = '') => {
		const res = await fetch(endpoint + action, { method: 'POST', body });
		const text = await res.text();
		if (!res.ok) throw new Error(text || `PostgreSQL för testerna svarade ${res.status}`);
		return text;
	};
	beforeAll(() => ask('ready').then(() => undefined), 120_000);
	const postgres: TestPostgres = { database: (options = {}) => ask('database', options.template ?? '') };
	return () => postgres;
}
