/** The measure store's refusals, mapped to their status by answer() in http.ts. */
import type { Measure } from './measure-store';

/** A stale base version: 409 with the measure as it is now. */
export class MeasureConflictError extends Error {
	constructor(
		readonly current: Measure,
		readonly baseVersion: number
	) {
		super(`Åtgärden har ändrats av ${current.updatedBy} sedan du läste den (du utgick från version ${baseVersion}, nu version ${current.version}).`);
	}
}

/** A status change the workflow does not allow: 400 naming what is allowed. */
export class TransitionError extends Error {
	constructor(
		message: string,
		readonly allowed: readonly string[]
	) {
		super(message);
	}
}
