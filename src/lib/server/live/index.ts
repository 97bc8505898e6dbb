/**
 * The process's live updates: the change bus on the store's database and the streams on it,
 * built at the first `GET /api/events`. Today the bus is SqliteChangeBus (one process); once the
 * stores run on PostgreSQL, a PostgreSQL deployment builds `await PgChangeBus.open(pool, url)`
 * (pg-change-bus.ts) here instead.
 */
import { services } from '../services';
import { SqliteChangeBus } from './change-bus';
import { LiveEvents } from './live-events';

let current: LiveEvents | undefined;

export function liveEvents(): LiveEvents {
	if (!current) {
		const { db, database, accounts, measures } = services();
		current = new LiveEvents(new SqliteChangeBus(db), { database, accounts, measures, viewerOf: (token) => accounts.liveViewer(token) });
		// A stream never ends by itself: at a shutdown (server/index.js lets running requests finish
		// first, up to SHUTDOWN_TIMEOUT) the streams are ended at once, so the server stops now and
		// the browsers reconnect to the next one. Only beside the server's own handler, which exits.
		for (const signal of ['SIGTERM', 'SIGINT'] as const) {
			if (process.listenerCount(signal) > 0) process.once(signal, () => current?.close());
		}
	}
	return current;
}

/** Ends a session's open streams (logout); a no-op before any stream was opened. */
export function endLiveSession(token: string): void {
	current?.endSession(token);
}
