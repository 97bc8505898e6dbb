import { describe, expect, it } from 'vitest';
import type { StoredFeature } from '$lib/feature-types';
import { describeUndo, inverseOf } from './undo';

const version = (n: number, name: string): StoredFeature => ({
	type: 'Feature',
	properties: { id: 'ds-1', name },
	geometry: { type: 'Point', coordinates: [17.9, 59.4] },
	version: n,
	updatedAt: '2026-11-25T10:00:00Z',
	updatedBy: 'Anna'
});

describe('undoing a change', () => {
	it('undoing a create deletes what the create made', () => {
		const change = { action: 'create', layerId: 'l', featureId: 'ds-1', after: version(1, 'Ny') } as const;
		expect(inverseOf(change)).toEqual({ method: 'DELETE', layerId: 'l', featureId: 'ds-1', baseVersion: 1 });
		expect(describeUndo(change)).toBe('Ta bort nyss skapade ”Ny”');
	});

	it('undoing a save puts the state before back, based on the saved version', () => {
		const change = { action: 'update', layerId: 'l', featureId: 'ds-1', before: version(2, 'Gammal'), after: version(3, 'Ny') } as const;
		expect(inverseOf(change)).toEqual({
			method: 'PUT',
			layerId: 'l',
			featureId: 'ds-1',
			feature: { type: 'Feature', properties: { id: 'ds-1', name: 'Gammal' }, geometry: { type: 'Point', coordinates: [17.9, 59.4] } },
			baseVersion: 3
		});
	});

	it('undoing a delete restores the version before it, based on the deletion', () => {
		const change = { action: 'delete', layerId: 'l', featureId: 'ds-1', before: version(4, 'X'), deletedVersion: 5 } as const;
		expect(inverseOf(change)).toEqual({ method: 'RESTORE', layerId: 'l', featureId: 'ds-1', version: 4, baseVersion: 5 });
		expect(describeUndo(change)).toBe('Återskapa borttagna ”X”');
	});
});

describe('what the undo button says', () => {
	it('a rename says which name comes back', () => {
		const change = { action: 'update', layerId: 'l', featureId: 'ds-1', before: version(2, 'Gammal'), after: version(3, 'Ny') } as const;
		expect(describeUndo(change)).toBe('Byt tillbaka ”Ny” till ”Gammal”');
	});

	it('another change names the feature', () => {
		const change = { action: 'update', layerId: 'l', featureId: 'ds-1', before: version(2, 'Samma'), after: version(3, 'Samma') } as const;
		expect(describeUndo(change)).toBe('Ta tillbaka ändringen av ”Samma”');
	});
});
