/**
 * `const postgres = usePostgres()` at the top of a test file: a PostgreSQL server (server.ts: a
 * throwaway cluster, or LAGESKARTA_TEST_DATABASE_URL's) started before the file's tests and stopped
 * after them, so `npx vitest run <that file>` needs nothing else. `await postgres().database()`
 * gives a test its own empty database.
 */
import { afterAll, beforeAll } from 'vitest';
import { startPgServer, type PgServer } from './server';

/** Starts the server before this file's tests and stops it after them; call at the top level. */
export function usePostgres(): () => PgServer {
	let server: PgServer | undefined;
	beforeAll(async () => {
		server = await startPgServer();
	}, 120_000);
	afterAll(async () => {
		await server?.stop();
	}, 60_000);
	return () => {
		if (!server) throw new Error('usePostgres(): the server is started in beforeAll; call postgres() inside a test or a hook after it.');
		return server;
	};
}
