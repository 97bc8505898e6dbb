/**
 * The process's live updates: the change bus on the store's database and the streams on it.
 * SQLite: SqliteChangeBus (one process owns the file). PostgreSQL: PgChangeBus, which LISTENs for
 * the change triggers' NOTIFY, so a change written by any instance reaches the streams of every
 * instance (pg-change-bus.ts). Opened at start (startup.ts), before any request.
 */
import type { Services } from '../services';
import { services } from '../services';
import { postgresUrl } from '../db/pg/url';
import { SqliteChangeBus, type ChangeBus } from './change-bus';
import { PgChangeBus } from './pg-change-bus';
import { LiveEvents } from './live-events';

let current: LiveEvents | undefined;

/** The bus on `built`'s database: PostgreSQL's listens on a connection of its own to the same URL. */
async function openBus(built: Services, env: Record<string, string | undefined>): Promise<ChangeBus> {
	if (built.db) return new SqliteChangeBus(built.db);
	const url = postgresUrl(env);
	if (!built.database.pool || !url) throw new Error('The services run on PostgreSQL, but LAGESKARTA_DATABASE_URL does not name it.');
	return PgChangeBus.open(built.database.pool, url);
}

/** Opens the live updates on the process's services (once; startup.ts awaits it). */
export async function startLiveEvents(env: Record<string, string | undefined> = process.env): Promise<LiveEvents> {
	if (current) return current;
	const built = services();
	const { database, accounts, measures } = built;
	const bus = await openBus(built, env);
	current ??= new LiveEvents(bus, { database, accounts, measures, viewerOf: (token) => accounts.liveViewer(token) });
	// A stream never ends by itself: at a shutdown (server/index.js lets running requests finish
	// first, up to SHUTDOWN_TIMEOUT) the streams are ended at once, so the server stops now and
	// the browsers reconnect to the next one. Only beside the server's own handler, which exits.
	for (const signal of ['SIGTERM', 'SIGINT'] as const) {
		if (process.listenerCount(signal) > 0) process.once(signal, () => current?.close());
	}
	return current;
}

export function liveEvents(): LiveEvents {
	if (!current) throw new Error('liveEvents() before start-up: await startLiveEvents() first (startup.ts does).');
	return current;
}

/** Ends a session's open streams (logout); a no-op before any stream was opened. */
export function endLiveSession(token: string): void {
	current?.endSession(token);
}
