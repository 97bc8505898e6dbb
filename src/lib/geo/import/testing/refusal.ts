import { expect } from 'vitest';
import { ImportError } from '../errors';

/** The ImportError `run` throws (fails the test if it throws nothing or something else). */
export function refusal(run: () => unknown): ImportError {
	try {
		run();
	} catch (e) {
		expect(e).toBeInstanceOf(ImportError);
		return e as ImportError;
	}
	throw new Error('expected an ImportError, but the import went through');
}
