/**
 * What the server accepts as a change of a walk: InventoryPatch (src/lib/inventory/model.ts, shared
 * with the browser), with stops that may name the map object they were taken from. The reference is
 * what lets the server hide a stop from those who may not see its layer (inventory-store.ts).
 */
import * as v from 'valibot';
import { InventoryInput, InventoryPatch, StopInput, stopList, type Stop } from '$lib/inventory/model';

const id = (what: string) =>
	v.pipe(v.string(`${what} ska vara text`), v.trim(), v.nonEmpty(`${what} är tomt`), v.maxLength(120, `${what} är längre än 120 tecken`));

/** The layer object a stop was taken from (a drug scene, an insecure place). */
export const StopSource = v.object({ layerId: id('source.layerId'), featureId: id('source.featureId') });
export type StopSource = v.InferOutput<typeof StopSource>;

/** A stop as stored: with `source` when it was taken from an object on a layer. */
export type StoredStop = Stop & { source?: StopSource };

/** A stop sent without a name keeps its own or (a new one) is named by the nearest street on the server. */
export const StopChange = v.object({ ...StopInput.entries, name: v.optional(StopInput.entries.name), source: v.optional(v.nullable(StopSource)) });

export const InventoryChange = v.object({
	...InventoryPatch.entries,
	stops: v.optional(stopList(StopChange, '{ id, name?, position, source? }')),
	/** The optimiser: put the stops in the shortest walking order (the first stays first). */
	optimise: v.optional(v.boolean('optimise ska vara true eller false')),
	/** Who takes part: the owner's to change (it stays among them). */
	organisationIds: v.optional(InventoryInput.entries.organisationIds)
});
export type InventoryChange = v.InferOutput<typeof InventoryChange>;
