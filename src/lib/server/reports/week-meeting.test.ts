import { describe, expect, it } from 'vitest';
import { hotAreas, proposeAgenda } from './week-meeting';
import type { WeekPicture } from './week-service';

const cell = (id: string, count: number, z: number, cls: 'hot' | 'none' = 'hot') => ({
	type: 'Feature' as const,
	properties: { id, count, neighbours: 9, neighbourhoodCount: count + 3, z, p: 0.001, pFdr: 0.01, class: cls, confidence: cls === 'hot' ? (99 as const) : null, bin: cls === 'hot' ? 3 : 0, classWithoutFdr: cls, confidenceWithoutFdr: null, binWithoutFdr: 0, district: 'Kista' },
	geometry: { type: 'Polygon' as const, coordinates: [[[17.94, 59.40], [17.944, 59.40], [17.944, 59.402], [17.94, 59.402], [17.94, 59.40]]] }
});

describe('the agenda proposal', () => {
	it('touching hot cells (edge or corner) are one area; cells apart are another', () => {
		const areas = hotAreas([cell('E1000N2000', 1, 3), cell('E1200N2200', 1, 3), cell('E1600N2000', 1, 3)], 200);
		expect(areas.map((a) => a.map((c) => c.properties.id).sort())).toEqual([['E1000N2000', 'E1200N2200'], ['E1600N2000']]);
	});

	it('one proposal per hot area, made from its busiest cell, strongest area first; last week’s focus places come first', () => {
		const hotspots = {
			type: 'FeatureCollection' as const,
			properties: { cellSize: 200 },
			features: [cell('E1000N2000', 2, 4), cell('E1200N2000', 6, 5), cell('E1000N2200', 0, 4.5), cell('E3000N2000', 3, 9), cell('E5000N2000', 9, 0.5, 'none')]
		} as unknown as WeekPicture['hotspots'];
		const agenda = proposeAgenda({ hotspots, reports: [] }, [], [], () => 'Kista');
		expect(agenda.map((a) => [a.source, a.cell?.cellId, a.title])).toEqual([
			['hotspot', 'E3000N2000', 'Hett område, 99 % säkerhet i Kista'],
			['hotspot', 'E1200N2000', 'Hett område, 99 % säkerhet i Kista (3 rutor)']
		]);
		expect(agenda[1]!.why).toBe('8 rapporter i områdets 3 rutor, flest (6) i ruta E1200N2000; z upp till 5.');
	});
});
