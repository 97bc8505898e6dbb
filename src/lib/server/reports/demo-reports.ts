/**
 * Demo mode only: a year of invented reports ("Exempel – påhittade händelser") so the week page,
 * its comparison, heat map and hot spots have something to show on first start. Made by a seeded
 * script (mulberry32), so the same seed and end week always give the same reports.
 *
 * - Rhythm: more reports in late summer and around the turn of the year than in February–March
 *   (seasonal sine), more on Fridays and Saturdays, most in the evening.
 * - Where: about half near the example insecure places (otrygga-platser; a few of them "hot",
 *   where reports cluster within ~100 m), the rest spread over Järva's districts – so Gi* finds
 *   hot spots where the clusters are and not elsewhere. One place grows over the last ten weeks
 *   (an "intensifying"/"new" hot spot for the emerging analysis).
 * - Who: the district administration, the police and the property owners, in turn.
 * Every report is marked `example` and its text ends with "(exempel)".
 */
import { addWeeks, weekStart } from '$lib/analysis/iso-week';
import { booleanPointInPolygon } from '@turf/turf';
import type { Feature, MultiPolygon, Point, Polygon } from 'geojson';
import type { LonLat } from '$lib/inventory/fields';
import type { Services } from '../services';
import type { ReportSeed } from './report-store';

/** mulberry32: a small seedable PRNG, floats in [0, 1). */
export function mulberry32(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
	};
}

const ORGANISATIONS = ['sdf-jarva', 'polis-jarva', 'fastighetsagare'] as const;

/** Category weights, and the texts an invented report of each may carry (no person is ever described). */
const CATEGORIES: Record<string, { weight: number; texts: string[] }> = {
	skadegorelse: { weight: 10, texts: ['Sönderslagen ruta i entrédörr', 'Trasig bänk vid lekplatsen', 'Sparkad soptunna, innehållet utspritt'] },
	klotter: { weight: 12, texts: ['Nytt klotter på gavel', 'Klotter i gångtunneln', 'Taggar på elskåp'] },
	nedskrapning: { weight: 10, texts: ['Mycket skräp kring bänkarna', 'Dumpade möbler vid miljöstugan', 'Nedskräpat efter helgen'] },
	ungdomsgrupperingar: { weight: 9, texts: ['Större grupp samlad sent på kvällen', 'Grupp vid entrén, boende upplever otrygghet'] },
	narkotikahandel: { weight: 7, texts: ['Misstänkt langning vid gångvägen', 'Upprepade korta möten vid samma plats'] },
	ordningsstorning: { weight: 9, texts: ['Hög musik och bråk sent på natten', 'Störningar i trapphuset'] },
	'hot-vald-personal': { weight: 3, texts: ['Personal hotad vid tillsägelse', 'Väktare utsatt för hot'] },
	brand: { weight: 4, texts: ['Brand i soptunna', 'Anlagd brand i papperskorg'] },
	'inbrott-stold': { weight: 6, texts: ['Inbrott i källarförråd', 'Cykelstölder vid stationen'] },
	'trasig-belysning': { weight: 8, texts: ['Belysningen släckt längs gångvägen', 'Trasig lampa vid porten'] },
	'otrygg-plats': { weight: 7, texts: ['Boende undviker platsen efter mörkrets inbrott', 'Mörk och skymd passage'] },
	ovrigt: { weight: 3, texts: ['Övergivet fordon', 'Kundvagnar lämnade i buskaget'] }
};

/** Which days of the week (Monday first) and hours reports fall on. */
const DAY_WEIGHTS = [0.8, 0.8, 0.9, 1, 1.4, 1.6, 1.1];
const HOUR_WEIGHTS = [3, 2, 1, 1, 0.5, 0.5, 0.5, 1, 1, 1, 1, 1, 1.5, 1.5, 2, 2.5, 3, 4, 5, 6, 7, 7, 6, 5];

function pick<T>(random: () => number, items: readonly T[], weights: readonly number[]): T {
	const total = weights.reduce((a, b) => a + b, 0);
	let r = random() * total;
	for (let i = 0; i < items.length; i++) {
		r -= weights[i]!;
		if (r < 0) return items[i]!;
	}
	return items[items.length - 1]!;
}

/** A normal deviate (Box–Muller). */
const gauss = (random: () => number) => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());

function uuid(random: () => number): string {
	const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16)).join('');
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${'89ab'[Math.floor(random() * 4)]}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export interface DemoReportOptions {
	/** The last ISO week with reports (the current week at start). */
	endWeek: string;
	weeks?: number;
	seed?: number;
	/** Mean reports a week (before the season). */
	perWeek?: number;
}

/**
 * The invented reports, deterministic for the same places, districts and options. `places` are
 * the insecure places (points), `districts` Järva's district polygons.
 */
export function demoReports(places: Feature<Point>[], districts: Feature<Polygon | MultiPolygon>[], { endWeek, weeks = 52, seed = 16, perWeek = 40 }: DemoReportOptions): ReportSeed[] {
	const random = mulberry32(seed);
	const anchors = places.map((p) => p.geometry.coordinates as LonLat);
	if (anchors.length === 0 || districts.length === 0) return [];
	// A few places where reports cluster, one that grows in the last ten weeks.
	const hot = [0, 5, 11, 17].filter((i) => i < anchors.length).map((i) => anchors[i]!);
	const growing = anchors[Math.min(8, anchors.length - 1)]!;
	const box: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
	for (const f of districts) {
		const rings = f.geometry.type === 'Polygon' ? f.geometry.coordinates : f.geometry.coordinates.flat();
		for (const [x, y] of rings.flat() as [number, number][]) {
			box[0] = Math.min(box[0], x);
			box[1] = Math.min(box[1], y);
			box[2] = Math.max(box[2], x);
			box[3] = Math.max(box[3], y);
		}
	}
	const inDistricts = (p: LonLat) => districts.some((f) => booleanPointInPolygon(p, f));
	const near = (centre: LonLat, metres: number): LonLat => [centre[0] + (gauss(random) * metres) / 56_000, centre[1] + (gauss(random) * metres) / 111_000];
	const categoryIds = Object.keys(CATEGORIES);
	const categoryWeights = categoryIds.map((id) => CATEGORIES[id]!.weight);

	const reports: ReportSeed[] = [];
	const DAY = 86_400_000;
	for (let w = weeks - 1; w >= 0; w--) {
		const week = addWeeks(endWeek, -w);
		const monday = weekStart(week) * DAY;
		const dayOfYear = (monday - Date.UTC(new Date(monday).getUTCFullYear(), 0, 1)) / DAY;
		// Peak in late August, low in late February.
		const season = 1 + 0.35 * Math.cos(((dayOfYear - 235) / 365) * 2 * Math.PI);
		const count = Math.max(5, Math.round(perWeek * season + gauss(random) * 4));
		const growth = w < 10 ? (10 - w) * 1.2 : 0;
		for (let i = 0; i < count + Math.round(growth); i++) {
			let position: LonLat;
			const roll = random();
			if (i >= count) position = near(growing, 80);
			else if (roll < 0.35) position = near(hot[Math.floor(random() * hot.length)]!, 90);
			else if (roll < 0.55) position = near(anchors[Math.floor(random() * anchors.length)]!, 150);
			else {
				do position = [box[0] + random() * (box[2] - box[0]), box[1] + random() * (box[3] - box[1])];
				while (!inDistricts(position));
			}
			const day = pick(random, [0, 1, 2, 3, 4, 5, 6], DAY_WEIGHTS);
			const hour = pick(random, HOUR_WEIGHTS.map((_, h) => h), HOUR_WEIGHTS);
			const date = new Date(monday + day * DAY).toISOString().slice(0, 10);
			const category = pick(random, categoryIds, categoryWeights);
			const texts = CATEGORIES[category]!.texts;
			const period = random() < 0.05;
			reports.push({
				clientId: uuid(random),
				category,
				date,
				time: period ? null : `${String(hour).padStart(2, '0')}:${String(Math.floor(random() * 4) * 15).padStart(2, '0')}`,
				endDate: period ? new Date(monday + Math.min(6, day + 2) * DAY).toISOString().slice(0, 10) : null,
				position: [Number(position[0].toFixed(6)), Number(position[1].toFixed(6))],
				placeName: null,
				text: `${texts[Math.floor(random() * texts.length)]} (exempel)`,
				organisationId: ORGANISATIONS[Math.floor(random() * ORGANISATIONS.length)]!,
				example: true,
				createdAt: new Date(monday + day * DAY + hour * 3_600_000).toISOString()
			});
		}
	}
	return reports;
}

/** Seeds the invented reports when the store has no reports at all (a fresh demo database). Returns how many. */
export async function ensureDemoReports(services: Pick<Services, 'layers' | 'districts' | 'reports'>, endWeek: string): Promise<number> {
	if ((await services.reports.count()) > 0) return 0;
	let places: Feature<Point>[] = [];
	try {
		places = services.layers.features('otrygga-platser').features.filter((f): f is Feature<Point> => f.geometry?.type === 'Point');
	} catch {
		// the layer was removed: no clusters, no demo reports
	}
	const reports = demoReports(places, services.districts.collection().features, { endWeek });
	return services.reports.seed(reports, 'Demodata (påhittade händelser)');
}
