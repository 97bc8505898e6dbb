/**
 * Golden files, as Turf does them: every `fixtures/in/<analysis>.<case>.geojson` is run through
 * its analysis and compared with `fixtures/out/<same name>`, which holds the inputs plus the
 * result styled with simplestyle properties (open it in any GeoJSON viewer). Options come from
 * the input collection's `properties.options`.
 *
 * After a deliberate change of output: `REGEN=1 npx vitest run src/lib/analysis/fixtures`, then
 * look at the diff.
 */
import type { Feature, FeatureCollection, GeoJsonProperties, MultiPolygon, Point, Polygon } from 'geojson';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { centrography } from './centrography';
import { compareScenes, type SceneStatus } from './compare-scenes';
import { comparisonToGeoJSON } from './comparison-to-geojson';
import { countIncidents } from './count-incidents';
import { districtSummary } from './district-summary';
import { emergingHotspots, type EmergingCategory } from './emerging-hotspots';
import { AnalysisInputError } from './errors';
import { hotspotGrid } from './hotspot-grid';
import { placesNearScenes } from './places-near-scenes';
import { oval } from './testing/shapes';
import { weightedDisplacementQuotient } from './wdq';

type Input = FeatureCollection & { properties?: { description?: string; options?: Record<string, unknown> } };
type Areas = FeatureCollection<Polygon | MultiPolygon>;

const IN = new URL('./fixtures/in/', import.meta.url);
const OUT = new URL('./fixtures/out/', import.meta.url);

const STATUS_COLOURS: Record<SceneStatus, string> = { persisted: '#2b8a3e', ceased: '#c92a2a', new: '#1971c2' };
const RELATION_COLOURS: Record<string, string> = { same: '#868e96', displacement: '#e8590c', merge: '#862e9c', split: '#862e9c' };

/** ArcGIS's hot spot colours, by Gi_Bin −3 … 3. */
const BIN_COLOURS: Record<string, string> = {
	'-3': '#4575b5',
	'-2': '#849eba',
	'-1': '#c0ccbe',
	'0': '#f2f2f2',
	'1': '#fab984',
	'2': '#ed7551',
	'3': '#d62f27'
};
const CATEGORY_COLOURS: Record<EmergingCategory, string> = {
	new: '#e8590c',
	consecutive: '#f08c00',
	intensifying: '#c92a2a',
	persistent: '#862e9c',
	diminishing: '#e599f7',
	sporadic: '#ffd43b',
	oscillating: '#74c0fc',
	historical: '#adb5bd',
	none: '#f8f9fa'
};

const styled = (feature: Feature, style: Record<string, unknown>): Feature => ({
	...feature,
	properties: { ...feature.properties, ...style }
});
const areas = (input: Input, keep: (p: GeoJsonProperties) => boolean): Areas => ({
	type: 'FeatureCollection',
	features: input.features.filter(
		(f): f is Feature<Polygon | MultiPolygon> => (f.geometry.type === 'Polygon' || f.geometry.type === 'MultiPolygon') && keep(f.properties)
	)
});
const points = (input: Input): FeatureCollection<Point> => ({
	type: 'FeatureCollection',
	features: input.features.filter((f): f is Feature<Point> => f.geometry.type === 'Point')
});
const collection = (input: Input, features: Feature[], extra: Record<string, unknown> = {}) => ({
	type: 'FeatureCollection',
	properties: { ...input.properties, ...extra },
	features
});

const RUNNERS: Record<string, (input: Input) => unknown> = {
	'hotspot-grid': (input) => {
		const result = hotspotGrid(points(input), { studyArea: areas(input, () => true), ...input.properties?.options });
		return collection(
			input,
			[
				...result.features.map((f) =>
					styled(f, { stroke: '#868e96', 'stroke-width': 0.5, fill: BIN_COLOURS[String(f.properties.bin)], 'fill-opacity': 0.7 })
				),
				...areas(input, () => true).features.map((f) => styled(f, { stroke: '#212529', 'stroke-width': 2, 'fill-opacity': 0 })),
				...points(input).features.map((f) => styled(f, { 'marker-color': '#343a40', 'marker-size': 'small' }))
			],
			{ summary: result.properties }
		);
	},

	'emerging-hotspots': (input) => {
		const reports = points(input);
		const labels = [...new Set(reports.features.map((f) => String(f.properties?.['week'])))].sort();
		const weeks = labels.map((week) => ({
			week,
			reports: { type: 'FeatureCollection' as const, features: reports.features.filter((f) => f.properties?.['week'] === week) }
		}));
		const result = emergingHotspots(weeks, { studyArea: areas(input, () => true), ...input.properties?.options });
		return collection(
			input,
			[
				...result.features.map((f) =>
					styled(f, {
						stroke: '#868e96',
						'stroke-width': 0.5,
						fill: CATEGORY_COLOURS[f.properties.category],
						'fill-opacity': f.properties.spot === 'cold' ? 0.3 : 0.7
					})
				),
				...areas(input, () => true).features.map((f) => styled(f, { stroke: '#212529', 'stroke-width': 2, 'fill-opacity': 0 })),
				...reports.features
					.filter((f) => f.properties?.['week'] === labels.at(-1))
					.map((f) => styled(f, { 'marker-color': '#343a40', 'marker-size': 'small' }))
			],
			{ summary: result.properties }
		);
	},

	'compare-scenes': (input) => {
		const years = [...new Set(input.features.map((f) => Number(f.properties?.['year'])))].sort();
		const from = areas(input, (p) => p?.['year'] === years[0]);
		const to = areas(input, (p) => p?.['year'] === years[1]);
		const result = compareScenes(from, to, input.properties?.options);
		const features = comparisonToGeoJSON(result, from, to).features.map((f) => {
			const p = f.properties ?? {};
			if (p['kind'] === 'scene') {
				const colour = STATUS_COLOURS[p['status'] as SceneStatus];
				return styled(f, { stroke: colour, 'stroke-width': p['year'] === years[0] ? 1 : 3, fill: colour, 'fill-opacity': 0.25 });
			}
			if (p['kind'] === 'relation') return styled(f, { stroke: RELATION_COLOURS[p['type'] as string], 'stroke-width': 2 });
			return styled(f, { 'marker-color': STATUS_COLOURS[p['status'] as SceneStatus], 'marker-size': 'small' });
		});
		return collection(input, features, { summary: result.summary });
	},

	'places-near-scenes': (input) => {
		const scenes = areas(input, () => true);
		const places = points(input);
		const result = placesNearScenes(places, scenes, input.properties?.options);
		const lines: Feature[] = result.places.flatMap((r, i) =>
			r.nearestPoint && r.distance
				? [
						{
							type: 'Feature',
							properties: { place: r.id, scene: r.nearest?.id, distance: r.distance, stroke: '#495057', 'stroke-dasharray': '4 2' },
							geometry: { type: 'LineString', coordinates: [places.features[i]!.geometry.coordinates, r.nearestPoint] }
						}
					]
				: []
		);
		const band = (d: number | null) => (d === null ? '#adb5bd' : d <= 200 ? '#c92a2a' : d <= 500 ? '#e8590c' : '#2b8a3e');
		return collection(
			input,
			[
				...scenes.features.map((f) => styled(f, { stroke: '#1971c2', fill: '#1971c2', 'fill-opacity': 0.3 })),
				...places.features.map((f, i) => {
					const r = result.places[i]!;
					return styled(f, { nearest: r.nearest?.id ?? null, distance: r.distance, 'marker-color': band(r.distance) });
				}),
				...lines
			],
			{ totals: result.totals, within: result.within }
		);
	},

	'district-summary': (input) => {
		const districts = areas(input, (p) => p?.['year'] === undefined);
		const scenes = areas(input, (p) => p?.['year'] !== undefined);
		const rows = districtSummary(districts, scenes, points(input), input.properties?.options);
		return collection(input, [
			...districts.features.map((f, i) =>
				styled(f, { ...rows[i], stroke: '#495057', fill: '#e8590c', 'fill-opacity': Math.round(rows[i]!.shareWithinBuffer * 100) / 100 })
			),
			...scenes.features.map((f) => styled(f, { stroke: '#c92a2a', fill: '#c92a2a', 'fill-opacity': 0.5 })),
			...points(input).features.map((f) => styled(f, { 'marker-color': '#1971c2', 'marker-size': 'small' }))
		]);
	},

	centrography: (input) => {
		const scenes = areas(input, () => true);
		const result = centrography(scenes, input.properties?.options);
		const circle = oval({ standardDistance: result.standardDistance }, result.standardDistance, result.standardDistance, 0, 0, result.meanCenter, 72);
		return collection(
			input,
			[
				...scenes.features.map((f) => styled(f, { stroke: '#1971c2', fill: '#1971c2', 'fill-opacity': 0.4 })),
				styled(result.ellipse, { stroke: '#862e9c', 'stroke-width': 2, fill: '#862e9c', 'fill-opacity': 0.1 }),
				styled(circle, { stroke: '#e8590c', 'stroke-width': 1, 'fill-opacity': 0 }),
				{ type: 'Feature', properties: { count: result.count, 'marker-color': '#862e9c' }, geometry: { type: 'Point', coordinates: result.meanCenter } }
			],
			{ count: result.count, standardDistance: result.standardDistance }
		);
	},

	'count-incidents': (input) => {
		const area = (role: string) => areas(input, (p) => p?.['area'] === role).features[0]!;
		const counts = countIncidents(points(input), { target: area('target'), buffer: area('buffer'), control: area('control') });
		let wdq: unknown;
		try {
			wdq = weightedDisplacementQuotient(counts);
		} catch (e) {
			if (!(e instanceof AnalysisInputError)) throw e;
			wdq = { refused: e.code, message: e.message };
		}
		const colours: Record<string, string> = { target: '#c92a2a', buffer: '#e8590c', control: '#2b8a3e' };
		return collection(
			input,
			input.features.map((f) =>
				f.geometry.type === 'Point'
					? styled(f, { 'marker-color': f.properties?.['period'] === 'before' ? '#868e96' : '#1971c2', 'marker-size': 'small' })
					: styled(f, { stroke: colours[f.properties?.['area']], fill: colours[f.properties?.['area']], 'fill-opacity': 0.1 })
			),
			{ counts, wdq }
		);
	}
};

/** Numbers to 6 decimals (0.1 m in degrees, µm in metres): golden files should not churn on rounding noise. */
const round = (v: unknown): unknown =>
	typeof v === 'number'
		? Math.round(v * 1e6) / 1e6 + 0
		: Array.isArray(v)
			? v.map(round)
			: v && typeof v === 'object'
				? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, round(x)]))
				: v;

/** Tab-indented JSON with each position on one line, so a diff reads. */
const format = (value: unknown) =>
	JSON.stringify(round(value), null, '\t').replace(/\[\s+(-?[\d.e+-]+),\s+(-?[\d.e+-]+)\s+\]/g, '[$1, $2]') + '\n';

describe('golden files', () => {
	const files = readdirSync(IN).filter((f) => f.endsWith('.geojson'));

	it('has an input for every analysis', () => {
		expect(new Set(files.map((f) => f.split('.')[0]))).toEqual(new Set(Object.keys(RUNNERS)));
	});

	for (const file of files) {
		it(`${file} gives fixtures/out/${file}`, () => {
			const run = RUNNERS[file.split('.')[0]!];
			if (!run) throw new Error(`${file}: no analysis named "${file.split('.')[0]}"; known: ${Object.keys(RUNNERS).join(', ')}`);
			const text = format(run(JSON.parse(readFileSync(new URL(file, IN), 'utf8')) as Input));
			if (process.env['REGEN']) writeFileSync(new URL(file, OUT), text);
			expect(JSON.parse(text)).toEqual(JSON.parse(readFileSync(new URL(file, OUT), 'utf8')));
		});
	}
});
