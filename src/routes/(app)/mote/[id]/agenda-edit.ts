/** Checks the agenda editor makes before it sends anything (the server checks again). */
import type { Polygon } from 'geojson';
import { validateGeometry } from '$lib/geo/geometry';

/** Null when an area can be added; else what to do, in Swedish. */
export function areaTitleProblem(title: string, geometry: Polygon | null): string | null {
	if (!geometry) return 'Rita ytan på kartan först.';
	if (title.trim().length < 2) return 'Ge ytan ett namn (minst två tecken), t.ex. ”Husby torg”.';
	return validateGeometry(geometry);
}
