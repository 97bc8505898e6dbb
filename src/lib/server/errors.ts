/**
 * The server's domain errors: what a store, a service or an endpoint refuses, in words a person
 * can act on (Swedish). Each kind is mapped to its HTTP answer in one place, `answer()` in
 * http.ts; nothing else turns them into statuses. Any other error is a bug (500).
 *
 * | error                 | status | body besides `message`                          |
 * |-----------------------|--------|-------------------------------------------------|
 * | UnauthenticatedError  | 401    |                                                 |
 * | ForbiddenError        | 403    |                                                 |
 * | NotFoundError         | 404    | `id` for an unknown layer (LayerNotFoundError)  |
 * | BadParamError         | 400    | `param`, `allowed?` (and `field` for a property)|
 * | ConflictError         | 409    | (a taken id or name, a state that forbids it)   |
 * | VersionConflictError  | 409    | `baseVersion`, `current`, `yours`               |
 * | RefusedInputError     | 422    | `code?` and what the refusal carries            |
 * | UnavailableError      | 503    | (and `Retry-After`); so is any error `databaseGone` recognises |
 * | (PostgreSQL refusing a NUL in a text, `nulRefused`) | 400 |                        |
 *
 * Relative imports only: scripts and child processes load this outside SvelteKit.
 */

/** No session, or one that ended: log in (again). */
export class UnauthenticatedError extends Error {
	constructor(message = 'Logga in först (POST /api/session med användarnamn och lösenord).') {
		super(message);
	}
}

/** The viewer may see the thing but lacks the right; the message names the right and who has it. */
export class ForbiddenError extends Error {}

/** No such thing – or one the viewer may not see, which must read the same. */
export class NotFoundError extends Error {}

/** An unknown layer, or one hidden from the viewer; the message lists the layers they do see. */
export class LayerNotFoundError extends NotFoundError {
	constructor(
		readonly id: string,
		known: string[]
	) {
		super(`Okänt lager "${id}". Finns: ${known.join(', ')}`);
	}
}

/** A parameter or field with a value that cannot be used: names it and, when short, what it may be. */
export class BadParamError extends Error {
	constructor(
		readonly param: string,
		message: string,
		readonly allowed?: readonly (string | number)[]
	) {
		super(message);
	}
}

/**
 * A feature (or layer setting) the layer service refuses: bad properties, wrong geometry, a layer
 * that is not editable. Answered with the property as `field`.
 */
export class InvalidFeatureError extends BadParamError {
	constructor(
		message: string,
		readonly field?: string
	) {
		super(field ?? 'feature', message);
	}
}

/** A status change the measure workflow does not allow; `allowed` lists the next statuses. */
export class TransitionError extends BadParamError {
	readonly field = 'status';
	constructor(message: string, allowed: readonly string[]) {
		super('status', message, allowed);
	}
}

/** The write cannot be made in the state things are in: a taken id or name, a link that exists. */
export class ConflictError extends Error {}

/**
 * A write based on a version that is no longer current (optimistic concurrency). Carries both
 * sides, so the client can show them next to each other and let the person choose: `current`,
 * the object as it is stored now (null when it was deleted), and `yours`, the refused change.
 */
export class VersionConflictError extends Error {
	readonly baseVersion: number;
	readonly current: unknown;
	readonly yours: unknown;

	constructor(message: string, conflict: { baseVersion: number; current: unknown; yours: unknown }) {
		super(message);
		this.baseVersion = conflict.baseVersion;
		this.current = conflict.current;
		this.yours = conflict.yours;
	}
}

/**
 * Well-formed input the service will not take as it is (an import with refused objects): 422,
 * with what the refusal carries (`code`, the preview of problems) beside the message.
 */
export class RefusedInputError extends Error {
	constructor(
		message: string,
		readonly details: Record<string, unknown> = {}
	) {
		super(message);
	}
}

/**
 * The database cannot answer now (it restarts, the connection broke, SQLite stayed locked past its
 * busy timeout): 503 with `Retry-After`, so a person (and a client) tries again shortly. Nothing
 * was written: a write whose transaction did not reach COMMIT is rolled back by the database.
 */
export class UnavailableError extends Error {
	constructor(message = 'Databasen svarar inte just nu (den startar om eller anslutningen bröts). Inget sparades av den här begäran. Försök igen om en stund.') {
		super(message);
	}
}

/** PostgreSQL's SQLSTATEs for "the server or the connection is gone": class 08, and the shutdown ones of class 57. */
const GONE_STATES = /^(08...|57P01|57P02|57P03)$/;
/** Node's socket errors on the way to the database. */
const GONE_ERRNOS = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);

/**
 * Whether `err` says the database is unreachable for now, not that the request or the code is
 * wrong: PostgreSQL restarting or refusing connections, a dropped socket, pg's pool timing out or
 * its connection ending mid-query, SQLite locked beyond its busy timeout.
 */
export function databaseGone(err: unknown): boolean {
	if (!(err instanceof Error)) return false;
	const code = (err as { code?: unknown }).code;
	if (typeof code === 'string' && (GONE_STATES.test(code) || GONE_ERRNOS.has(code) || code === 'SQLITE_BUSY')) return true;
	// pg's own errors carry no code.
	return /^(Connection terminated( unexpectedly)?|timeout exceeded when trying to connect|Client has encountered a connection error and is not queryable|Connection terminated due to connection timeout)/.test(err.message);
}

/**
 * PostgreSQL refused a text with a NUL character (U+0000), which it cannot store in `text` and SQLite
 * can (22021, "invalid byte sequence … 0x00"). JSON bodies and files with one are refused before
 * any query (safe-json.ts); this catches what still reaches a query (an id in a URL): a 400 saying
 * what to change, and the write it was part of rolled back.
 */
export function nulRefused(err: unknown): boolean {
	return err instanceof Error && (err as { code?: unknown }).code === '22021' && err.message.includes('0x00');
}
