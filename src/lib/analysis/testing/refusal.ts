/** Test helper: the AnalysisInputError a call throws, as its code and message (any other error is rethrown). */
import { AnalysisInputError } from '../errors';

export function refusal(call: () => unknown): { code: string; message: string } {
	try {
		call();
	} catch (e) {
		if (e instanceof AnalysisInputError) return { code: e.code, message: e.message };
		throw e;
	}
	throw new Error('expected a refusal');
}
