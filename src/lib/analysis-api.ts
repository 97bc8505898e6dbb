/**
 * The shapes the analysis API answers with, shared by server (which builds them) and client
 * (which shows them). The computations are in $lib/analysis.
 */
import type {
	Centrography,
	Direction,
	DistrictRow,
	PlacesNearScenes,
	SceneComparison
} from '$lib/analysis';

/** GET /api/analysis/scenes */
export interface ScenesReport extends SceneComparison {
	options: { displacementRadius: number; tolerance: number | 'precision' };
	/** Null for a year without scenes. */
	centrography: { from: Centrography | null; to: Centrography | null; shift: Direction | null };
}

/** GET /api/analysis/places */
export interface PlacesReport extends PlacesNearScenes {
	year: number;
}

/** GET /api/analysis/districts */
export interface DistrictsReport {
	year: number;
	bufferDistance: number;
	rows: DistrictRow[];
}
