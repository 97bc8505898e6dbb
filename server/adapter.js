/**
 * adapter-node, and then our server entry (server/index.js) in place of its build/index.js, with
 * the module it needs. `npm run build`, `npm start` and `node build` stay as they were.
 */
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * @param {import('@sveltejs/kit').Adapter} nodeAdapter adapter-node, as configured
 * @param {string} out its output directory
 * @returns {import('@sveltejs/kit').Adapter}
 */
export function withServerEntry(nodeAdapter, out) {
	return {
		...nodeAdapter,
		name: `${nodeAdapter.name} + server/index.js`,
		async adapt(builder) {
			await nodeAdapter.adapt(builder);
			for (const file of ['index.js', 'security-headers.js']) {
				copyFileSync(fileURLToPath(new URL(file, import.meta.url)), join(out, file));
			}
			// adapter-node's map describes its own index.js, not ours.
			builder.rimraf(join(out, 'index.js.map'));
			builder.log.minor('Wrote server/index.js as the server entry');
		}
	};
}
