/**
 * Centrography of a year's scenes: where their centre lies, how spread out they are (standard
 * distance) and in which direction (standard deviational ellipse) — the classic way to say "the
 * scenes moved north and spread out" between two years.
 *
 * Computed from each scene's area-weighted centroid in a local metric plane (see
 * local-metric.ts), so distances are metres. The ellipse axes are one standard deviation along
 * the principal axes of the centroids' (weighted) covariance, population form (divided by the
 * total weight, no small-sample correction): with seven scenes, a "typical spread", not a test.
 */
import type { Feature, FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';
import { direction, type Direction } from './compass';
import { AnalysisInputError } from './errors';
import { assertCollection, readAreas } from './input';
import { localMetric, localMetricFor } from './local-metric';

export interface CentrographyOptions {
	/** 'none' (default): every scene counts once; 'area': a scene counts by its area. */
	weight?: 'none' | 'area';
}

export interface EllipseProperties {
	/** m, one standard deviation along the major axis */
	semiMajor: number;
	/** m */
	semiMinor: number;
	/** Direction of the major axis, degrees clockwise from north, 0–180. */
	rotation: number;
	/** True when the ellipse has no area: one scene, or all centroids on a line. */
	degenerate: boolean;
	/** Why the ellipse is degenerate, in Swedish for the UI; absent otherwise. */
	note?: string;
}

export interface Centrography {
	count: number;
	/** [lon, lat] */
	meanCenter: [number, number];
	/** m: root mean square distance of the centroids from the mean centre. */
	standardDistance: number;
	ellipse: Feature<Polygon, EllipseProperties>;
}

const ELLIPSE_VERTICES = 72;
/** Below this (m) an axis counts as zero: centroids this close to a line are on it. */
const FLAT = 1e-6;

/**
 * Mean centre, standard distance and standard deviational ellipse of a set of scenes.
 * One scene gives distance 0 and an ellipse collapsed to its centroid (flagged `degenerate`).
 *
 * @example
 * const c2021 = centrography(scenes2021);
 * const c2023 = centrography(scenes2023, { weight: 'area' });
 * c2021.standardDistance; // 1261 (m, demo data)
 * c2021.ellipse.properties; // { semiMajor: 1120, semiMinor: 579, rotation: 71, degenerate: false }
 */
export function centrography(
	scenes: FeatureCollection<Polygon | MultiPolygon>,
	options: CentrographyOptions = {}
): Centrography {
	const weight = options.weight ?? 'none';
	if (weight !== 'none' && weight !== 'area') {
		throw new AnalysisInputError(`Invalid weight ${JSON.stringify(weight)}: expected 'none' or 'area'`, 'invalid-option');
	}
	assertCollection(scenes, 'scenes');
	if (scenes.features.length === 0) {
		throw new AnalysisInputError('centrography needs at least one scene; the collection is empty');
	}
	const metric = localMetricFor(scenes);
	const items = readAreas(scenes, 'scenes', metric);
	const weights = items.map((s) => (weight === 'area' ? s.area : 1));
	const total = weights.reduce((sum, w) => sum + w, 0);
	if (!(total > 0)) {
		throw new AnalysisInputError(`Scenes have no area to weight by (total ${total} m²); use weight: 'none'`);
	}

	let mx = 0;
	let my = 0;
	items.forEach((s, i) => {
		mx += weights[i]! * s.centroid[0];
		my += weights[i]! * s.centroid[1];
	});
	mx /= total;
	my /= total;

	// weighted covariance of the centroids about the mean centre
	let sxx = 0;
	let syy = 0;
	let sxy = 0;
	items.forEach((s, i) => {
		const dx = s.centroid[0] - mx;
		const dy = s.centroid[1] - my;
		sxx += weights[i]! * dx * dx;
		syy += weights[i]! * dy * dy;
		sxy += weights[i]! * dx * dy;
	});
	sxx /= total;
	syy /= total;
	sxy /= total;

	// principal axes: eigenvalues of the covariance matrix
	const half = (sxx + syy) / 2;
	const root = Math.sqrt(((sxx - syy) / 2) ** 2 + sxy ** 2);
	const semiMajor = Math.sqrt(half + root);
	const semiMinor = Math.sqrt(Math.max(half - root, 0));
	// angle of the major axis from the x (east) axis, turned into a bearing from north in [0, 180)
	const theta = Math.atan2(2 * sxy, sxx - syy) / 2;
	const rotation = semiMajor < FLAT ? 0 : (((90 - (theta * 180) / Math.PI) % 180) + 180) % 180;

	const centre = metric.unproject([mx, my]);
	// draw the ellipse in a plane centred on the mean centre itself
	const local = localMetric(centre);
	const [ox, oy] = local.project(centre);
	const r = (rotation * Math.PI) / 180;
	const major = [Math.sin(r), Math.cos(r)]; // unit vector along the bearing
	const minor = [Math.cos(r), -Math.sin(r)];
	const ring = Array.from({ length: ELLIPSE_VERTICES + 1 }, (_, k) => {
		const t = (2 * Math.PI * (k % ELLIPSE_VERTICES)) / ELLIPSE_VERTICES;
		const a = semiMajor * Math.cos(t);
		const b = semiMinor * Math.sin(t);
		return local.unproject([ox + a * major[0]! + b * minor[0]!, oy + a * major[1]! + b * minor[1]!]);
	});

	const degenerate = semiMinor < FLAT;
	const note = !degenerate
		? undefined
		: items.length === 1
			? 'En enda scen: ingen spridning att visa, ellipsen är en punkt.'
			: semiMajor < FLAT
				? 'Alla scenernas mittpunkter sammanfaller: ellipsen är en punkt.'
				: 'Scenernas mittpunkter ligger på en linje: ellipsen är ett streck.';

	return {
		count: items.length,
		meanCenter: centre,
		standardDistance: Math.sqrt(sxx + syy),
		ellipse: {
			type: 'Feature',
			properties: { semiMajor, semiMinor, rotation, degenerate, ...(note ? { note } : {}) },
			geometry: { type: 'Polygon', coordinates: [ring] }
		}
	};
}

/**
 * How far and in which direction the centre moved from `a` to `b`: two positions or two
 * centrography results.
 *
 * @example
 * centreShift(centrography(scenes2021), centrography(scenes2023));
 * // { distance: 576, bearing: 39.5, compass: 'nordost' } (demo data)
 */
export function centreShift(a: Position | { meanCenter: Position }, b: Position | { meanCenter: Position }): Direction {
	const p = 'meanCenter' in a ? a.meanCenter : a;
	const q = 'meanCenter' in b ? b.meanCenter : b;
	const metric = localMetricFor({ type: 'MultiPoint', coordinates: [p, q] });
	return direction(metric.project(p), metric.project(q));
}
