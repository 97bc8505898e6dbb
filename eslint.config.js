// npm run lint: only the rules that catch a promise nobody waits for (docs/testing.md, "Lint").
// The stores are async (AppDatabase): a forgotten `await` lets a route answer before its write
// commits, turns a domain error into an unhandled rejection instead of a 4xx, and makes a test's
// `expect(() => store.x()).toThrow()` pass without checking anything. This is not a style lint:
// add a rule here only when it finds that kind of mistake.
import tseslint from 'typescript-eslint';
import vitest from '@vitest/eslint-plugin';

/** True when `type` has a callable `then` (a Promise or another thenable). */
function isThenable(checker, type) {
	for (const part of type.isUnion() ? type.types : [type]) {
		const then = part.getProperty('then');
		if (!then) continue;
		const thenType = checker.getTypeOfSymbol(then);
		if (thenType.getCallSignatures().length > 0) return true;
	}
	return false;
}

/**
 * lageskarta/no-sync-expect-on-promise: `expect(() => asyncFn()).toThrow()` and
 * `expect(promise).toBe(…)`. The first passes without looking (the function returns a rejected
 * promise, it does not throw); the second compares a Promise. Both want
 * `await expect(promise).rejects/resolves…`. No published rule checks this by type: vitest's
 * valid-expect only sees `.rejects`/`.resolves` that are not awaited.
 */
const noSyncExpectOnPromise = {
	meta: {
		type: 'problem',
		docs: { description: 'expect() on a promise or an async function without .rejects/.resolves' },
		messages: {
			asyncThrow: '`expect(() => …).{{matcher}}()` on a function that returns a promise passes without checking: use `await expect(call).rejects.{{matcher}}(…)`.',
			promise: '`expect(…)` gets a promise here: use `await expect(…).resolves…` or `await` the value first.'
		},
		schema: []
	},
	create(context) {
		const services = context.sourceCode.parserServices;
		const checker = services.program.getTypeChecker();
		const typeOf = (node) => checker.getTypeAtLocation(services.esTreeNodeToTSNodeMap.get(node));
		return {
			'CallExpression[callee.type="Identifier"][callee.name="expect"]'(node) {
				const actual = node.arguments[0];
				const member = node.parent;
				if (!actual || member?.type !== 'MemberExpression' || member.object !== node) return;
				const name = member.property.type === 'Identifier' ? member.property.name : '';
				if (name === 'resolves' || name === 'rejects') return;
				const type = typeOf(actual);
				if (name === 'toThrow' || name === 'toThrowError' || name === 'toThrowErrorMatchingInlineSnapshot') {
					const signatures = type.getCallSignatures();
					if (signatures.length > 0 && signatures.every((s) => isThenable(checker, s.getReturnType()))) {
						context.report({ node, messageId: 'asyncThrow', data: { matcher: name } });
					}
					return;
				}
				if (isThenable(checker, type)) context.report({ node, messageId: 'promise' });
			}
		};
	}
};

export default tseslint.config(
	{ ignores: ['build*/**', '.svelte-kit*/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'static/**', 'test/fixtures/lint/**'] },
	{
		files: ['src/**/*.ts', 'scripts/**/*.ts', 'test/**/*.ts'],
		languageOptions: {
			parser: tseslint.parser,
			// service-worker.ts is outside SvelteKit's tsconfig (its own lib, webworker): the default project types it.
			parserOptions: { projectService: { allowDefaultProject: ['src/service-worker.ts'] }, tsconfigRootDir: import.meta.dirname }
		},
		// The code's disable comments name style rules this lint does not run.
		linterOptions: { reportUnusedDisableDirectives: 'off' },
		plugins: { '@typescript-eslint': tseslint.plugin, vitest, lageskarta: { rules: { 'no-sync-expect-on-promise': noSyncExpectOnPromise } } },
		rules: {
			// `void p` marks a deliberate fire-and-forget (give it a .catch that logs).
			'@typescript-eslint/no-floating-promises': 'error',
			'@typescript-eslint/await-thenable': 'error',
			// A promise where a void callback is expected (forEach, an event listener, setTimeout) is a
			// floating promise too; checksVoidReturn stays on. .svelte files are not linted (their
			// onclick={async …} is Svelte's to run); .svelte.ts files are.
			'@typescript-eslint/no-misused-promises': 'error',
			// A second argument is vitest's failure message (expect(value, 'why')).
			'vitest/valid-expect': ['error', { alwaysAwait: true, maxArgs: 2 }],
			'vitest/valid-expect-in-promise': 'error',
			'lageskarta/no-sync-expect-on-promise': 'error'
		}
	}
);
