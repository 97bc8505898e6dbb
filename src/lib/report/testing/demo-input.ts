/**
 * A whole `ReportInput` from the demo's layers (geodata/), the lägesbild's own content
 * (demo/lagesbild-2023.ts), one indicator computed from the scenes and, for the tests and the
 * bench only, one imported indicator and a few measures that are invented and marked so.
 * Not part of the report API; the app builds its input from the store.
 */
import { readFileSync } from 'node:fs';
import type { FeatureCollection, MultiPolygon, Point, Polygon } from 'geojson';
import { compareScenes } from '../../analysis';
import { LAYERS } from '../../layers/catalog';
import { sceneCountIndicator } from '../computed-indicators';
import { mapContext } from '../context';
import { DEMO_COLLABORATION_AREAS, DEMO_SOURCES, DEMO_SUMMARY } from '../demo/lagesbild-2023';
import type { IndicatorSeries, PlanItem, ReportInput, ReportLayer, ReportMeasure } from '../model';
import { readLayer } from './demo-layers';

const file = <T>(path: string): T => JSON.parse(readFileSync(new URL(`../../../../${path}`, import.meta.url), 'utf8')) as T;

/** A catalogue layer with its features from geodata/layers. */
export function demoLayer<G extends Polygon | MultiPolygon | Point>(id: string): ReportLayer<G> {
	const definition = LAYERS.find((l) => l.id === id);
	if (!definition) throw new Error(`No layer ${id} in the catalogue`);
	const { title, source, precision, approximate } = definition;
	return { title, source, precision, approximate, features: readLayer<FeatureCollection<G>>(id) };
}

/** The streets the basemap names (no footways), and the city's water: the maps' background. */
export function demoContext(): NonNullable<ReportInput['context']> {
	return mapContext(file('geodata/osm/ways.geojson'), file('geodata/stockholm/water.geojson'));
}

/** An imported indicator with invented numbers: example: true, so every chart and table says so. */
export const EXAMPLE_INDICATOR: IndicatorSeries = {
	id: 'exempel-livskvalitetsbrott',
	title: 'Anmälda livskvalitetsbrott',
	unit: 'antal',
	scale: null,
	source: 'Påhittade siffror för att visa diagrammet (lägesbildens egna siffror finns inte i texten)',
	example: true,
	origin: 'imported',
	values: [
		{ area: 'Akalla', year: 2020, value: 412 },
		{ area: 'Akalla', year: 2021, value: 398 },
		{ area: 'Akalla', year: 2022, value: 377 },
		{ area: 'Husby', year: 2020, value: 655 },
		{ area: 'Husby', year: 2021, value: 601 },
		{ area: 'Husby', year: 2022, value: 588.5 },
		{ area: 'Rinkeby', year: 2020, value: 1204 },
		{ area: 'Rinkeby', year: 2021, value: 1130 },
		{ area: 'Rinkeby', year: 2022, value: 1021 },
		{ area: 'Tensta', year: 2020, value: 980 },
		{ area: 'Tensta', year: 2022, value: 902 }
	]
};

/** A grade on a stated scale, with invented grades: drawn as levels, never as numbers. */
export const EXAMPLE_GRADE: IndicatorSeries = {
	id: 'exempel-polisens-bedomning',
	title: 'Lokalpolisområdets bedömning av utvecklingen',
	unit: 'bedömning',
	scale: { kind: 'grade', levels: ['negativ utveckling', 'oförändrad', 'positiv utveckling'] },
	source: 'Påhittade bedömningar för att visa diagrammet',
	example: true,
	origin: 'imported',
	values: [
		{ area: 'Husby', year: 2022, value: 'oförändrad' },
		{ area: 'Husby', year: 2023, value: 'positiv utveckling' },
		{ area: 'Kista', year: 2022, value: 'negativ utveckling' },
		{ area: 'Kista', year: 2023, value: 'oförändrad' }
	]
};

export const EXAMPLE_MEASURES: ReportMeasure[] = [
	{ id: 'm1', title: 'Utökad belysning i Tenstagången', status: 'pågår', owner: 'Stadsdelsförvaltningen Järva', dueDate: '2024-03-31', place: 'Tenstagången/Tensta C', example: true },
	{ id: 'm2', title: 'Samordnare för platssamverkan rekryterad', status: 'beslutad', owner: 'Stadsdelsförvaltningen Järva', dueDate: '2024-06-30', example: true },
	{ id: 'm3', title: 'Trygghetsvandring vid Nordkapsgatan', status: 'klar', owner: 'Lokalpolisområde Järva', dueDate: '2023-10-15', place: 'Nordkapsgatan, Husby', example: true }
];

const sceneNames = (...layers: ReportLayer[]) => new Set(layers.flatMap((l) => l.features.features.map((f) => String(f.properties?.['name']))));

/**
 * The demo's lägesbild for 2023, as a reader who sees everything (drug scenes included) or as a
 * property owner (who does not see the drug scenes: `scenes: false`).
 */
export function demoReportInput(options: { reader?: string; scenes?: boolean; context?: boolean } = {}): ReportInput {
	const scenes2021 = demoLayer<Polygon | MultiPolygon>('drogscener-2021');
	const scenes2023 = demoLayer<Polygon | MultiPolygon>('drogscener-2023');
	const withScenes = options.scenes ?? true;
	const hidden = withScenes ? new Set<string>() : sceneNames(scenes2021, scenes2023);
	// as the app will: a measure or place the reader cannot see is not in their edition, nor linked to
	const measures = EXAMPLE_MEASURES.filter((m) => !hidden.has(m.place ?? ''));
	const visible = (item: PlanItem): PlanItem => ({
		...item,
		measureIds: item.measureIds.filter((id) => measures.some((m) => m.id === id)),
		places: item.places.filter((place) => !hidden.has(place))
	});
	const areas = DEMO_COLLABORATION_AREAS.map((area) =>
		area.id === 'otrygga-platser'
			? {
					...area,
					priorities: area.priorities
						.map((p, i) => (i === 3 ? { ...p, measureIds: ['m2'] } : p))
						.concat([{ text: 'Vinterplats med extra belysning i Tenstagången.', measureIds: ['m1'], places: ['Tenstagången/Tensta C'] }])
						.map(visible)
				}
			: area
	);
	return {
		year: 2023,
		reader: options.reader ?? 'Stadsdelsförvaltningen Järva',
		asOf: '2023-11-30',
		summary: DEMO_SUMMARY,
		sources: DEMO_SOURCES,
		districts: demoLayer('stadsdelar'),
		areaClasses: demoLayer('omradesklassning'),
		indicators: [
			...(withScenes ? [sceneCountIndicator([{ year: 2021, layer: scenes2021 }, { year: 2023, layer: scenes2023 }])] : []),
			EXAMPLE_INDICATOR,
			EXAMPLE_GRADE
		],
		drugScenes: withScenes
			? { from: scenes2021, to: scenes2023, comparison: compareScenes(scenes2021.features, scenes2023.features), displacementRadius: 1000 }
			: null,
		insecurePlaces: demoLayer('otrygga-platser'),
		collaborationAreas: areas,
		measures,
		context: options.context === false ? undefined : demoContext()
	};
}
