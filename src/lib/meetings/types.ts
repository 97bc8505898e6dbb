/**
 * Meetings (platssamverkan), their agenda and saved views as the API hands them out: shared by
 * the server (src/lib/server/meetings) and the meeting pages. Types only; see
 * docs/api-meetings-inventories.md for the routes.
 */
import type { Polygon, Geometry } from 'geojson';
import type { CompassWord, RelationType, SceneStatus } from '$lib/analysis';
import type { MeasureStatus } from '$lib/measures/status';

export interface MeetingSummary {
	id: string;
	title: string;
	/** YYYY-MM-DD */
	date: string;
	participants: string[];
	/** The organisations taking part (the owner always one): who may see the meeting (and the system administrator). */
	organisationIds: string[];
	/** The organisation that owns the meeting: only it changes the details, who takes part and the order. */
	owner: { id: string; name: string };
	/** What the asking account's organisation may do (a läsare writes nothing whatever this says). */
	rights: { owner: boolean; takesPart: boolean };
	itemCount: number;
	version: number;
	createdAt: string;
	createdBy: string;
}

/** What a version of a meeting holds (its history): the details and the agenda's order. */
export interface MeetingSnapshot {
	title: string;
	date: string;
	participants: string[];
	organisationIds: string[];
	itemIds: string[];
}

/** What a version of an agenda item holds: the place and what was written about it. */
/**
 * How a place is framed when its item opens, saved by someone taking part (issue 13): without it
 * the place is framed with the scenes its story names.
 */
export interface PlaceCamera {
	center: [number, number];
	zoom: number;
	bearing: number;
}

export interface AgendaItemSnapshot {
	kind: 'feature' | 'area';
	layerId: string | null;
	featureId: string | null;
	title: string;
	geometry: Geometry | null;
	notes: string;
	addedBy: string;
	/** Absent in versions from before saved cameras. */
	camera?: PlaceCamera | null;
}


export interface Meeting extends MeetingSummary {
	items: AgendaItem[];
}

export interface Decision {
	id: string;
	text: string;
	/** The measure the decision created, if any. */
	measureId: string | null;
	/** That measure as it is now (its status moves on after the meeting). */
	measure: StoryMeasure | null;
	createdAt: string;
	createdBy: string;
}

/**
 * One place on the agenda: an object of a layer (a scene, an insecure place) or an area drawn for
 * the meeting. An object on a layer the viewer may not see (or that was deleted since) is
 * `hidden`: no layer, id, name or geometry.
 */
export interface AgendaItem {
	id: string;
	/** 1, 2, 3… in agenda order. */
	position: number;
	kind: 'feature' | 'area';
	layerId: string | null;
	featureId: string | null;
	title: string;
	geometry: Geometry | null;
	hidden: boolean;
	/** Why a hidden item is hidden: its layer is not the viewer's to see, or its object was deleted. */
	hiddenReason?: 'layer' | 'deleted';
	/**
	 * On an item hidden by its layer: how many decisions were made there (their text is not told),
	 * and the measures among them assigned to the viewer's organisation.
	 */
	hiddenDecisions?: { count: number; yourMeasures: { id: string; title: string }[] };
	notes: string;
	/** The place's own saved camera; never on a hidden item (it would say where the place is). */
	camera: PlaceCamera | null;
	version: number;
	decisions: Decision[];
	/** The organisation that put the item on the agenda (it and the meeting's owner may remove it). */
	addedBy: string;
}

export interface NewAgendaArea {
	kind: 'area';
	title: string;
	geometry: Polygon;
}

/** What one scene year says about a place. */
export interface StoryYear {
	year: number;
	/**
	 * Scene items: a scene of that year is the same place (overlaps it, within the drawings'
	 * precision). Insecure places: a scene lies within 200 m. Areas: a scene overlaps the area.
	 */
	present: boolean;
	/** Scene items: the item's status in the comparison of its year with this one. */
	status?: SceneStatus;
	/** Scene items: how the scene relates to that year's scenes (same place, possible displacement…). */
	relation?: RelationType;
	/** Metres: between the related scenes' centres (scene items), to the nearest scene (places, areas). */
	distance?: number;
	/** Direction from the item to the related or nearest scene. */
	compass?: CompassWord;
	/** The scenes of that year the line is about. */
	scenes?: { id: string; name: string }[];
	/** True when the compared drawings were made differently (oval → outline): an area change may be the method. */
	drawingChanged?: boolean;
	/** True when that year's layer holds no scenes (a year just begun): nothing can be said of it yet. */
	noScenes?: boolean;
}

export interface StoryMeasure {
	id: string;
	title: string;
	ownerOrganisationName: string;
	dueDate: string;
	status: MeasureStatus;
	overdue: boolean;
}

export interface PlaceStory {
	/** The item's own year for scene items, else null. */
	itemYear: number | null;
	years: StoryYear[];
	/** Insecure places within 200 and 500 m of the item (the item itself not counted); null when the viewer may not see them. */
	nearby: { places200: number; places500: number } | null;
	/** Open measures at the place (for areas: with a position inside it). */
	measures: StoryMeasure[];
}

export interface SavedView {
	id: string;
	name: string;
	/** The view as a URL query string, without the leading "?". */
	query: string;
	shared: boolean;
	/** Who saved it (display name). */
	owner: string;
	mine: boolean;
	createdAt: string;
	/** Every change (name, query, sharing) is a new version; a change names the one it read. */
	version: number;
}
