/**
 * Indicators computed from the app's own layers, so the document can chart them next to the
 * imported ones: e.g. open drug scenes per district and year. Counted from the features as they
 * are; nothing is estimated.
 */
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { booleanPointInPolygon } from '@turf/turf';
import type { IndicatorSeries, ReportLayer } from './model';

const districtOf = (feature: Feature): string | null => {
	const value = feature.properties?.['district'];
	return typeof value === 'string' && value.length > 0 ? value : null;
};

/**
 * Open drug scenes per district, one value per year given; districts without a scene in any of
 * the years are left out (the note says so), districts with one get 0 in the years they had none.
 *
 * @example
 * sceneCountIndicator([{ year: 2021, layer: scenes2021 }, { year: 2023, layer: scenes2023 }]);
 * // { id: 'drogscener-per-stadsdel', values: [{ area: 'Kista', year: 2021, value: 2 }, …], … }
 */
export function sceneCountIndicator(years: { year: number; layer: ReportLayer }[]): IndicatorSeries {
	const counts = new Map<string, Map<number, number>>();
	for (const { year, layer } of years) {
		for (const feature of layer.features.features) {
			const district = districtOf(feature) ?? 'Utan stadsdel';
			const perYear = counts.get(district) ?? new Map<number, number>();
			perYear.set(year, (perYear.get(year) ?? 0) + 1);
			counts.set(district, perYear);
		}
	}
	const districts = [...counts.keys()].sort((a, b) => a.localeCompare(b, 'sv'));
	return {
		id: 'drogscener-per-stadsdel',
		title: 'Öppna drogscener per stadsdel',
		unit: 'antal',
		scale: null,
		source: `Lägeskartan, räknat ur lagren ${years.map((y) => y.layer.title).join(' och ')} (scenens stadsdel)`,
		example: years.some(({ layer }) => layer.features.features.some((f) => f.properties?.['example'] === true)),
		origin: 'computed',
		note: 'Stadsdelar utan öppen drogscen något av åren visas inte.',
		values: districts.flatMap((area) => years.map(({ year }) => ({ area, year, value: counts.get(area)?.get(year) ?? 0 })))
	};
}

/** The larger areas a table may give values for besides the districts. */
export const LARGER_AREAS = ['Järva', 'Rinkeby-Kista', 'Spånga-Tensta', 'Lokalpolisområde Järva', 'Stockholms stad'] as const;

/**
 * Things with a position counted per district (the district polygon holding the point) and year,
 * e.g. measures by the year they were made. Points outside every district are not counted (the
 * note says how many); districts with none in any year are left out.
 *
 * @example
 * pointCountIndicator({ id: 'atgarder-per-stadsdel', … }, districts, [{ year: 2024, position: [17.94, 59.41] }]);
 */
export function pointCountIndicator(
	about: Pick<IndicatorSeries, 'id' | 'title' | 'unit' | 'source'>,
	districts: FeatureCollection<Polygon | MultiPolygon>,
	items: { year: number; position: [number, number] }[]
): IndicatorSeries {
	const counts = new Map<string, Map<number, number>>();
	let outside = 0;
	for (const { year, position } of items) {
		const district = districts.features.find((f) => booleanPointInPolygon(position, f));
		const name = district ? String(district.properties?.['name'] ?? '') : '';
		if (!name) {
			outside++;
			continue;
		}
		const perYear = counts.get(name) ?? new Map<number, number>();
		perYear.set(year, (perYear.get(year) ?? 0) + 1);
		counts.set(name, perYear);
	}
	const years = [...new Set(items.map((i) => i.year))].sort((a, b) => a - b);
	const areas = [...counts.keys()].sort((a, b) => a.localeCompare(b, 'sv'));
	return {
		...about,
		scale: null,
		example: false,
		origin: 'computed',
		note: `Stadsdelar utan någon visas inte.${outside ? ` ${outside} utan läge i en stadsdel räknas inte.` : ''}`,
		values: areas.flatMap((area) => years.map((year) => ({ area, year, value: counts.get(area)?.get(year) ?? 0 })))
	};
}
