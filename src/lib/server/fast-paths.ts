/**
 * The requests server/index.js answers before SvelteKit: layer reads (layer-fast-path.ts) and
 * feature writes (write-fast-path.ts), each only when nothing about the request is unusual.
 */
import { answerLayerRead, FAST_PATH, type FastPath } from './layer-fast-path';
import type { Services } from './services';
import { answerFeatureWrite } from './write-fast-path';

/** Makes server/index.js answer them here (called once at start, by hooks.server.ts `init`). */
export function registerFastPaths(services: () => Services, origin = process.env.ORIGIN): void {
	const fastPath: FastPath = (req, res) => {
		const read = answerLayerRead(services(), origin, req, res);
		if (read === false) return answerFeatureWrite(services(), { origin }, req, res);
		return read;
	};
	(globalThis as Record<symbol, unknown>)[FAST_PATH] = fastPath;
}
