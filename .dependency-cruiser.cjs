/**
 * `npm run check:cycles` (part of `npm test`): fails on an import cycle anywhere in src/, type-only
 * imports included (a cycle of types is still two modules that cannot be read one without the
 * other). dependency-cruiser rather than madge: it reads .svelte files and the $lib alias.
 */
module.exports = {
	forbidden: [
		{
			name: 'no-circular',
			severity: 'error',
			comment: 'Modules that import each other (directly or round a loop): move what both need into a third module, or pass it in.',
			from: {},
			to: { circular: true }
		}
	],
	options: {
		tsConfig: { fileName: 'tsconfig.json' },
		tsPreCompilationDeps: true,
		doNotFollow: { path: 'node_modules' },
		exclude: { path: '^\\.svelte-kit' },
		enhancedResolveOptions: {
			exportsFields: ['exports'],
			conditionNames: ['import', 'require', 'node', 'default', 'types', 'svelte'],
			extensions: ['.ts', '.js', '.svelte', '.json']
		}
	}
};
