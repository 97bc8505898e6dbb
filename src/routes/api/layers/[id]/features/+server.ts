import { answer } from '$lib/server/http';
import { FEATURE_WRITES, featureWrite } from '$lib/server/feature-writes';
import type { RequestHandler } from './$types';

/**
 * Adds a feature: `{ feature }` → 201 with the stored feature (version 1). Most of these are
 * answered before SvelteKit by the same code (feature-writes.ts, write-fast-path.ts).
 */
export const POST = ((event) => answer(() => featureWrite(event, FEATURE_WRITES.create, { id: event.params.id }))) satisfies RequestHandler;
