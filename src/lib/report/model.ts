/**
 * The yearly lägesbild as plain data: everything "Lägesbild Järva {år}" shows comes from one
 * `ReportInput`, and nothing else (no clock, no database, no files). Who may see what is decided
 * before this point: the caller passes only what the reader may see, so a section whose data is
 * `null` is left out of that reader's edition altogether, as a hidden layer does not exist for
 * them anywhere else in the app.
 */
import type { FeatureCollection, Geometry, LineString, MultiLineString, MultiPolygon, Point, Polygon } from 'geojson';
import type { SceneComparison } from '../analysis';
import type { MeasureStatus } from '../measures/status';

/** A layer as the document uses it: its features and what the app says about where they came from. */
export interface ReportLayer<G extends Geometry = Geometry> {
	title: string;
	/** One sentence, as the layer catalogue has it: printed under every figure that draws the layer. */
	source: string;
	/** How precise the geometry is, in one sentence. */
	precision: string;
	/** The geometry is approximate: every figure drawing it says so. */
	approximate: boolean;
	features: FeatureCollection<G>;
}

/** An editable section of the analysts' summary. Paragraphs are separated by a blank line. */
export interface ReportSection {
	title: string;
	body: string;
}

export interface ReportSource {
	name: string;
	note?: string;
}

/**
 * A grade on a stated scale instead of a number, e.g. the police's assessment of each district's
 * development. `levels` are ordered from the worst to the best; a value must be one of them.
 */
export interface GradeScale {
	kind: 'grade';
	levels: readonly string[];
}

export interface IndicatorValue {
	/** A district (stadsdel) or a larger area, e.g. "Järva" or "Lokalpolisområde Järva". */
	area: string;
	year: number;
	/** A number, or one of the scale's levels. */
	value: number | string;
	note?: string;
}

/** One indicator: imported from a table or computed from the app's own data. */
export interface IndicatorSeries {
	id: string;
	title: string;
	/** What the numbers count, e.g. "antal" or "procent"; for a grade, the scale's name. */
	unit: string;
	/** null: the values are numbers. */
	scale: GradeScale | null;
	/** Printed under its chart and table. */
	source: string;
	/** Invented numbers: every chart and table of it says "Exempel – påhittade siffror". */
	example: boolean;
	origin: 'imported' | 'computed';
	note?: string;
	values: IndicatorValue[];
}

/** The drug scenes of two years and what the analysis says about them (compareScenes). */
export interface DrugSceneSection {
	from: ReportLayer<Polygon | MultiPolygon>;
	to: ReportLayer<Polygon | MultiPolygon>;
	comparison: SceneComparison;
	/** The displacement radius the comparison used, in metres (its option; 1000 by default). */
	displacementRadius: number;
}

/** The boxes of the lägesbild's form: needs special measures (in the action plan) or is line work. */
export type WorkForm = 'special-measures' | 'line-work';

/** A priority or measure for next year, linked to measures and places in the app. */
export interface PlanItem {
	text: string;
	/**
	 * Ids of `ReportInput.measures` carrying it out. Every id must be among the input's measures:
	 * the caller drops links to measures the reader may not see along with the measures.
	 */
	measureIds: string[];
	/** Names of places in the app it concerns (only places the reader may see). */
	places: string[];
}

/** One of the lägesbild's prioritised collaboration areas, with its action plan. */
export interface CollaborationArea {
	id: string;
	title: string;
	/** Where in the lägesbild the items come from, e.g. "Lägesbild Järva 2023, Prioriterade samverkansområden". */
	section: string;
	description: string;
	/** Who collaborates, as the lägesbild starts its list: "Skola, socialtjänst, polis och fritid". */
	collaborators: string;
	/** What they collaborate to achieve. */
	goals: string[];
	/** Which boxes are ticked; empty when the source does not say. */
	workForms: WorkForm[];
	comment: string;
	/** The year's results (✓ in the lägesbild). */
	results: string[];
	/** The year the priorities are for (the edition's year + 1). */
	prioritiesYear: number;
	priorities: PlanItem[];
	/** The items are the team's own demo wording: marked as an example. */
	example: boolean;
}

/** A measure (åtgärd) as the appendix lists it. */
export interface ReportMeasure {
	id: string;
	title: string;
	status: MeasureStatus;
	/** The organisation carrying it out, by name. */
	owner: string;
	/** YYYY-MM-DD */
	dueDate: string;
	/** The place it concerns, by name. */
	place?: string;
	example: boolean;
}

export interface ReportInput {
	/** The edition: "Lägesbild Järva {year}". */
	year: number;
	/** The reader's organisation, by name: printed on the cover as whose edition this is. */
	reader: string;
	/** The data's date, YYYY-MM-DD, printed on the cover (the document reads no clock). */
	asOf: string;
	summary: ReportSection[];
	sources: ReportSource[];
	districts: ReportLayer<Polygon | MultiPolygon>;
	areaClasses: ReportLayer<Polygon | MultiPolygon> | null;
	indicators: IndicatorSeries[];
	/** null: not part of this reader's edition (left out, not mentioned). */
	drugScenes: DrugSceneSection | null;
	insecurePlaces: ReportLayer<Point> | null;
	collaborationAreas: CollaborationArea[];
	measures: ReportMeasure[];
	/** Background for every map (public data: water, streets); optional. */
	context?: {
		water?: ReportLayer<Polygon | MultiPolygon>;
		streets?: ReportLayer<LineString | MultiLineString>;
	};
}
