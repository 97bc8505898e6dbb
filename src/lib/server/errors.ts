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
