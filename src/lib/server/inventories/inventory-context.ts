/**
 * What is known inside a walk's area, for planning it: insecure places, drug scenes, open
 * measures and findings of earlier walks. Only layers the viewer may see are read (through their
 * LayerView), so a property owner planning a walk never sees the drug scenes.
 */
import type { Feature, FeatureCollection, MultiPolygon, Point, Polygon } from 'geojson';
import { booleanIntersects, booleanPointInPolygon } from '@turf/turf';
import type { Inventory } from '$lib/inventory/model';
import type { LayerView } from '../layer-view';
import type { MeasureStore } from '../measures/measure-store';
import type { InventoryStore } from './inventory-store';

export interface InventoryContext {
	insecurePlaces: FeatureCollection;
	drugScenes: FeatureCollection;
	measures: FeatureCollection<Point>;
	earlierFindings: FeatureCollection<Point>;
}

const collection = <T extends Feature>(features: T[]) => ({ type: 'FeatureCollection' as const, features });

function inside(feature: Feature, area: Feature<Polygon | MultiPolygon>): boolean {
	if (!feature.geometry) return false;
	if (feature.geometry.type === 'Point') return booleanPointInPolygon(feature.geometry.coordinates, area);
	return booleanIntersects(feature, area);
}

/**
 * Features of every visible layer of `kind` that touch the area, each tagged with its layer and
 * `sharedWithWalk`: whether every organisation taking part may see that layer (the field sheet and
 * report, one for everyone on the walk, draw only those).
 */
function layerFeatures(layers: LayerView, kind: string, area: Feature<Polygon | MultiPolygon>, participants: readonly string[]): Feature[] {
	return layers
		.list()
		.filter((layer) => layer.kind === kind)
		.flatMap((layer) => {
			const sharedWithWalk = participants.every((org) => layers.organisationSees(org, layer.id));
			return layers
				.features(layer.id)
				.features.filter((f) => inside(f, area))
				.map((f) => ({ ...f, properties: { ...f.properties, layerId: layer.id, layerTitle: layer.title, sharedWithWalk } }));
		});
}

export async function inventoryContext(inventory: Pick<Inventory, 'id' | 'area' | 'organisationIds'>, layers: LayerView, measures: MeasureStore, inventories: InventoryStore): Promise<InventoryContext> {
	const area: Feature<Polygon | MultiPolygon> = { type: 'Feature', properties: {}, geometry: inventory.area.geometry };
	const openMeasures = (await measures.list({ status: 'open' }, layers))
		.filter((m) => m.position && booleanPointInPolygon(m.position, area))
		.map(
			(m): Feature<Point> => ({
				type: 'Feature',
				geometry: { type: 'Point', coordinates: m.position! },
				properties: { id: m.id, title: m.title, status: m.status, dueDate: m.dueDate, overdue: m.overdue, owner: m.ownerOrganisationName }
			})
		);
	const earlier = (await inventories.findingsInArea(inventory.area.geometry, inventory.id)).map(
		(f): Feature<Point> => ({
			type: 'Feature',
			geometry: { type: 'Point', coordinates: f.position },
			properties: { id: f.id, category: f.category, severity: f.severity, note: f.note, inventoryId: f.inventoryId, inventoryTitle: f.inventoryTitle, startsAt: f.startsAt }
		})
	);
	return {
		insecurePlaces: collection(layerFeatures(layers, 'insecure-place', area, inventory.organisationIds)),
		drugScenes: collection(layerFeatures(layers, 'drug-scene', area, inventory.organisationIds)),
		measures: collection(openMeasures),
		earlierFindings: collection(earlier)
	};
}
