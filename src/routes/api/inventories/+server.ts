import { json } from '@sveltejs/kit';
import type { MultiPolygon, Polygon } from 'geojson';
import { InventoryInput } from '$lib/inventory/model';
import { layersFor, requireRole, viewerOf, write } from '$lib/server/guard';
import { answer } from '$lib/server/http';
import { auditInventory } from '$lib/server/inventories/inventory-http';
import { readWrite } from '$lib/server/write-request';
import { services } from '$lib/server/services';
import type { RequestHandler } from './$types';

/** The safety walks, newest first (every account sees every walk; see inventory-store.ts for their stops). */
export const GET = ((event) =>
	answer(async () => {
		viewerOf(event);
		return json({ inventories: await services().inventories.list() });
	})) satisfies RequestHandler;

/** A new walk, owned by the maker's organisation (which always takes part): `{ title, area, startsAt, organisationIds, purpose }` → 201 `{ inventory }`. */
export const POST = ((event) =>
	answer(async () => {
		requireRole(event, 'redaktör');
		const input = await readWrite(event.request, InventoryInput, 200_000);
		const layers = layersFor(event);
		const districts = layers.features('stadsdelar').features;
		const districtGeometry = (name: string) =>
			(districts.find((d) => d.properties?.name === name)?.geometry as Polygon | MultiPolygon | undefined) ?? null;
		return write(event, async () => {
			const inventory = await services().inventories.create(input, districtGeometry, layers);
			await auditInventory(event, 'inventory-create', inventory.id, { title: inventory.title });
			return json({ inventory }, { status: 201 });
		});
	})) satisfies RequestHandler;
