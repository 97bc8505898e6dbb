/**
 * A place's story in the sentences a meeting reads aloud: one line per scene year, from the
 * numbers GET …/story returns. Pure, so it is tested without a page.
 */
import { formatMetres } from '$lib/format';
import type { PlaceStory, StoryYear } from './types';

export interface StoryLine {
	year: number;
	/** A scene is there (or, for a place, near) that year. */
	present: boolean;
	text: string;
}

const names = (year: StoryYear) => (year.scenes ?? []).map((s) => s.name).join(' och ');
const towards = (year: StoryYear) => (year.compass ? ` åt ${year.compass}` : '');
const away = (year: StoryYear) => (year.distance === undefined ? '' : `, ${formatMetres(year.distance)}${towards(year)}`);

function sceneLine(year: StoryYear, itemYear: number): string {
	if (year.year === itemYear) return 'Öppen drogscen (den här).';
	const later = year.year > itemYear;
	const method = year.drawingChanged ? ' Ritad på annat sätt det året: en ändrad yta kan vara ritmetoden.' : '';
	if (year.present) {
		const how =
			year.relation === 'merge'
				? later
					? `sammanslagen till ${names(year)}`
					: `sammanslagen av ${names(year)}`
				: year.relation === 'split'
					? later
						? `delad i ${names(year)}`
						: `delad ur ${names(year)}`
					: 'samma plats';
		return `${later ? 'Kvarstår' : 'Fanns redan'} (${how}).${method}`;
	}
	if (year.relation === 'displacement') {
		return later
			? `Upphört. Möjlig förflyttning till ${names(year)}${away(year)} – en kandidat, inte bevisad.`
			: `Ingen scen här (ny ${itemYear}). Möjlig förflyttning från ${names(year)}${away(year)} – en kandidat, inte bevisad.`;
	}
	return later ? 'Upphört; ingen ny scen i närheten.' : `Ingen scen här (ny ${itemYear}).`;
}

function placeLine(year: StoryYear, reach: number): string {
	if (!year.scenes?.length) return 'Inga drogscener det året.';
	if (year.present) return `Drogscen inom ${reach} m: ${names(year)}${away(year)}.`;
	return `Närmaste drogscen: ${names(year)}${away(year)}.`;
}

function areaLine(year: StoryYear, reach: number): string {
	if (year.present) return `Drogscen i området: ${names(year)}.`;
	if (year.scenes?.length) return `Ingen drogscen i området; närmast ${names(year)}${away(year)}.`;
	return `Ingen drogscen inom ${reach} m.`;
}

/**
 * One sentence per year, oldest first.
 *
 * @example
 * storyLines({ itemYear: 2021, years: [{ year: 2021, present: true }, { year: 2023, present: false,
 *   status: 'ceased', relation: 'displacement', distance: 418, compass: 'norr', scenes: [{ id: 'x', name: 'Nordkapsgatan' }] }], … }, 'scene');
 * // [{ year: 2021, text: 'Öppen drogscen (den här).' },
 * //  { year: 2023, text: 'Upphört. Möjlig förflyttning till Nordkapsgatan, 420 m åt norr – en kandidat, inte bevisad.' }]
 */
export function storyLines(story: PlaceStory, kind: 'scene' | 'place' | 'area', reach = { place: 200, area: 500 }): StoryLine[] {
	return [...story.years]
		.sort((a, b) => a.year - b.year)
		.map((year) => ({
			year: year.year,
			present: year.present,
			text: year.noScenes
				? `Inga drogscener är inritade för ${year.year} ännu.`
				: kind === 'scene' && story.itemYear !== null
					? sceneLine(year, story.itemYear)
					: kind === 'place'
						? placeLine(year, reach.place)
						: areaLine(year, reach.area)
		}));
}

/** "1 otrygg plats inom 200 m, 3 inom 500 m (exempelplatser)". */
export function nearbyText(nearby: PlaceStory['nearby']): string | null {
	if (!nearby) return null;
	const places = (n: number) => `${n} ${n === 1 ? 'otrygg plats' : 'otrygga platser'}`;
	return `${places(nearby.places200)} inom 200 m, ${nearby.places500} inom 500 m.`;
}
