/** Reading what clients send about measures: the schemas at the boundary, and the list filter from the query. */
import * as v from 'valibot';
import { MEASURE_STATUSES, MeasureInput, type MeasureStatus } from '$lib/measures/status';
import type { MeasureFilter } from './measure-store';
import { BadParamError } from '../errors';

export const newMeasure = v.object({
	...MeasureInput.entries,
	origin: v.optional(v.object({ kind: v.picklist(['meeting', 'inventory'], 'origin.kind ska vara meeting eller inventory'), id: v.pipe(v.string(), v.minLength(1), v.maxLength(80)) }))
});

export const measureChange = v.object({
	baseVersion: v.pipe(v.number('ange versionen som ett heltal'), v.integer(), v.minValue(1)),
	title: v.optional(MeasureInput.entries.title),
	description: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(4000))),
	ownerOrganisationId: v.optional(MeasureInput.entries.ownerOrganisationId),
	dueDate: v.optional(MeasureInput.entries.dueDate),
	status: v.optional(MeasureInput.entries.status)
});

const STATUS_FILTERS = ['open', 'all', ...MEASURE_STATUSES] as const;

export function measureFilter(url: URL): MeasureFilter {
	const q = url.searchParams;
	const status = q.get('status') ?? 'open';
	if (!(STATUS_FILTERS as readonly string[]).includes(status)) {
		throw new BadParamError('status', `Okänd status "${status.slice(0, 40)}". Tillåtna: ${STATUS_FILTERS.join(', ')}.`, [...STATUS_FILTERS]);
	}
	const origin = q.get('origin');
	if (origin && origin !== 'meeting' && origin !== 'inventory') throw new BadParamError('origin', 'origin ska vara meeting eller inventory.', ['meeting', 'inventory']);
	const place = q.get('place');
	let placeRef: MeasureFilter['place'];
	if (place) {
		const [layerId, featureId, ...rest] = place.split('/');
		if (!layerId || !featureId || rest.length) throw new BadParamError('place', `place ska vara lager/objekt, t.ex. otrygga-platser/op-akalla-01, inte "${place.slice(0, 60)}".`);
		placeRef = { layerId, featureId };
	}
	const overdue = q.get('overdue');
	return {
		status: status as 'open' | 'all' | MeasureStatus,
		owner: q.get('owner') || undefined,
		origin: (origin as MeasureFilter['origin']) || undefined,
		originId: q.get('originId') || undefined,
		overdue: overdue === '1' || overdue === 'true',
		place: placeRef
	};
}
