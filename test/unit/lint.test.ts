import { ESLint } from 'eslint';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/**
 * The lint (eslint.config.js) finds the promise mistakes it is for: test/fixtures/lint/promises.ts
 * marks each line where a rule must report (`// rule …`); every other line must be clean. The
 * fixture is ignored by `npm run lint` and has a small tsconfig of its own, so this stays quick.
 */
describe('npm run lint', () => {
	it('reports each promise mistake of the fixture on its line, and nothing on the right forms', { timeout: 60_000 }, async () => {
		const file = 'test/fixtures/lint/promises.ts';
		const expected = readFileSync(file, 'utf8')
			.split('\n')
			.flatMap((text, i) => {
				const marker = /\/\/ ((?:[@\w/-]+\/[\w-]+ ?)+)$/.exec(text);
				return marker ? marker[1]!.trim().split(' ').map((rule) => `${i + 1} ${rule}`) : [];
			});
		const [result] = await new ESLint({ ignore: false }).lintFiles([file]);
		const found = result!.messages.map((m) => `${m.line} ${m.ruleId ?? m.message}`);
		expect(expected.length).toBeGreaterThan(5);
		expect(found.sort()).toEqual(expected.sort());
	});
});
