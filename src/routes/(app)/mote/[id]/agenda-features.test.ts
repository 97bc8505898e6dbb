import { describe, expect, it } from 'vitest';
import { placeBounds } from './agenda-features';

describe('framing a place', () => {
	it('the bounds hold the place and the context the story names', () => {
		const place = { type: 'Point' as const, coordinates: [17.93, 59.41] };
		const partner = { type: 'Polygon' as const, coordinates: [[[17.94, 59.405], [17.945, 59.405], [17.945, 59.407], [17.94, 59.405]]] };
		expect(placeBounds(place)).toEqual([[17.93, 59.41], [17.93, 59.41]]);
		expect(placeBounds(place, [partner])).toEqual([[17.93, 59.405], [17.945, 59.41]]);
	});
});
