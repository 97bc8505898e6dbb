/**
 * A measure as the API answers it (GET /api/measures, docs/api-meetings-inventories.md): the one
 * shape the server builds (measures/measure-store.ts) and every page shows (`$lib/api`).
 */
import type { MeasureStatus } from './status';

export type MeasureOrigin = { kind: 'meeting' | 'inventory'; id: string };

export interface Measure {
	id: string;
	title: string;
	description: string;
	ownerOrganisationId: string;
	ownerOrganisationName: string;
	/** The organisation that made the measure; it and the owner may change it. */
	makerOrganisationId: string;
	makerOrganisationName: string;
	/** Whether the asking account may change it (its role and organisation). */
	mayEdit: boolean;
	dueDate: string;
	status: MeasureStatus;
	open: boolean;
	overdue: boolean;
	/**
	 * `hidden`: a place on a layer the viewer may not see. `reason` says which; `positionRounded`
	 * that the position given is the place's point rounded to about 100 m (only for the
	 * organisation the measure is assigned to: it must know where to act).
	 */
	place: { layerId: string; featureId: string; name: string | null } | { hidden: true; reason: 'layer' | 'deleted'; positionRounded: boolean } | null;
	position: [number, number] | null;
	origin: MeasureOrigin | null;
	photos: { id: string; kind: 'before' | 'after' }[];
	version: number;
	createdAt: string;
	createdBy: string;
	updatedAt: string;
	updatedBy: string;
}
