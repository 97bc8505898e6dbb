/**
 * The one error type the analysis functions throw for bad input. Catch it to show the message to
 * the user (it says what was wrong and includes the bad value); any other error is a bug.
 */

/** What kind of bad input it was, for callers that branch (e.g. a 400 vs a hint in the UI). */
export type AnalysisInputErrorCode =
	| 'invalid-input'
	| 'invalid-option'
	| 'invalid-count'
	| 'control-zero'
	| 'success-measure-zero'
	| 'target-not-improved'
	| 'overlapping-areas'
	| 'too-few-points'
	| 'too-few-weeks'
	| 'invalid-week';

/**
 * Thrown when an analysis function refuses its input.
 *
 * @example
 * try {
 *   weightedDisplacementQuotient(counts);
 * } catch (e) {
 *   if (e instanceof AnalysisInputError) showNotice(e.message); // "Kontrollområdet har 0 händelser …"
 *   else throw e;
 * }
 */
export class AnalysisInputError extends Error {
	override readonly name = 'AnalysisInputError';
	readonly code: AnalysisInputErrorCode;

	constructor(message: string, code: AnalysisInputErrorCode = 'invalid-input') {
		super(message);
		this.code = code;
	}
}
