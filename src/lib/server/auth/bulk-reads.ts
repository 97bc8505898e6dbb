/**
 * Which sessions have read which sensitive layer in bulk (the whole layer as JSON, or its whole
 * history): the audit log gets one row per session and layer, not one per page load, refetch or
 * 304. Exports, which make a file, are logged every time by their own endpoint.
 *
 * In memory: a restart forgets, and the next read in a session is logged again (one row more,
 * never one less). Entries end with the longest a session can live.
 */
import { createHash } from 'node:crypto';

export class BulkReadLog {
	/** `session|layer|what` → when the entry may be forgotten (ms). */
	readonly #seen = new Map<string, number>();
	readonly #ttlMs: number;
	readonly #now: () => number;

	constructor(ttlMs = 12 * 60 * 60_000, now: () => number = Date.now) {
		this.#ttlMs = ttlMs;
		this.#now = now;
	}

	/**
	 * True the first time this session reads `what` of this layer (the read to log), false after.
	 * The session is kept as a hash of its token, never the token itself.
	 */
	first(sessionToken: string, layerId: string, what: string): boolean {
		const now = this.#now();
		const key = this.#key(sessionToken, layerId, what);
		const until = this.#seen.get(key);
		if (until !== undefined && until > now) return false;
		this.#prune(now);
		this.#seen.set(key, now + this.#ttlMs);
		return true;
	}

	/** True when this session's read of `what` of this layer is already logged (nothing is recorded by asking). */
	seen(sessionToken: string, layerId: string, what: string): boolean {
		const until = this.#seen.get(this.#key(sessionToken, layerId, what));
		return until !== undefined && until > this.#now();
	}

	#key(sessionToken: string, layerId: string, what: string): string {
		return `${createHash('sha256').update(sessionToken).digest('base64url')}|${layerId}|${what}`;
	}

	#prune(now: number): void {
		if (this.#seen.size < 10_000) return;
		for (const [key, until] of this.#seen) if (until <= now) this.#seen.delete(key);
	}
}
