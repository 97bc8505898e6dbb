/**
 * The meeting view's keys, as a pure function from a key press to what it does, so the whole
 * keyboard map is tested without a page and the help overlay lists the same keys.
 * Letters that Playwright (and some keyboards) cannot type have an ASCII twin: Å = Y.
 */
import type { CompareMode } from '$lib/map/view-state';

export type MeetingAction =
	| { type: 'next' }
	| { type: 'previous' }
	| { type: 'overview' }
	| { type: 'last' }
	| { type: 'toggle-layer'; index: number }
	| { type: 'years' }
	| { type: 'compare'; mode: CompareMode }
	| { type: 'split'; delta: number }
	| { type: 'fullscreen' }
	| { type: 'help' }
	| { type: 'panel' }
	| { type: 'legend' }
	| { type: 'export' }
	| { type: 'protocol' }
	| { type: 'views' }
	| { type: 'home' }
	| { type: 'notes' }
	| { type: 'decision' };

/** Where the key was pressed: typing, on a map (arrows pan it), on the swipe divider (arrows move it), elsewhere. */
export type KeyTarget = 'text' | 'map' | 'slider' | 'other';

export interface KeyPress {
	key: string;
	ctrlKey?: boolean;
	metaKey?: boolean;
	altKey?: boolean;
	target: KeyTarget;
}

const LETTERS: Record<string, MeetingAction> = {
	n: { type: 'next' },
	p: { type: 'previous' },
	y: { type: 'years' },
	å: { type: 'years' },
	o: { type: 'compare', mode: 'overlagg' },
	s: { type: 'compare', mode: 'svep' },
	b: { type: 'compare', mode: 'sida' },
	f: { type: 'fullscreen' },
	h: { type: 'help' },
	'?': { type: 'help' },
	l: { type: 'panel' },
	t: { type: 'legend' },
	e: { type: 'export' },
	r: { type: 'protocol' },
	v: { type: 'views' },
	a: { type: 'notes' },
	d: { type: 'decision' },
	'0': { type: 'home' },
	',': { type: 'split', delta: -5 },
	'<': { type: 'split', delta: -5 },
	'.': { type: 'split', delta: 5 },
	'>': { type: 'split', delta: 5 }
};

const ARROWS: Record<string, MeetingAction> = {
	ArrowRight: { type: 'next' },
	ArrowDown: { type: 'next' },
	ArrowLeft: { type: 'previous' },
	ArrowUp: { type: 'previous' }
};

const PAGING: Record<string, MeetingAction> = {
	// Presenter remotes send PageDown/PageUp.
	PageDown: { type: 'next' },
	PageUp: { type: 'previous' },
	Home: { type: 'overview' },
	End: { type: 'last' }
};

/**
 * What a key press does in the meeting view, or null when it is not a shortcut there.
 *
 * @example
 * meetingKeyAction({ key: 'PageDown', target: 'other' }); // { type: 'next' }
 * meetingKeyAction({ key: 'ArrowRight', target: 'map' }); // null: the map pans
 * meetingKeyAction({ key: 's', target: 'text' }); // null: typing a note
 */
export function meetingKeyAction(press: KeyPress): MeetingAction | null {
	if (press.ctrlKey || press.metaKey || press.altKey || press.target === 'text') return null;
	if (press.key in ARROWS) return press.target === 'other' ? ARROWS[press.key]! : null;
	if (press.key in PAGING) return PAGING[press.key]!;
	const key = press.key.toLowerCase();
	const digit = Number(key);
	if (key.length === 1 && Number.isInteger(digit) && digit >= 1 && digit <= 9) return { type: 'toggle-layer', index: digit - 1 };
	return LETTERS[key] ?? null;
}

/** The element a key press came from, as a KeyTarget. */
export function keyTarget(target: EventTarget | null): KeyTarget {
	if (!(target instanceof Element)) return 'other';
	if (target.closest('input:not([type=checkbox], [type=radio], [type=button], [type=submit]), textarea, select, [contenteditable]')) return 'text';
	if (target.closest('[role=slider]')) return 'slider';
	if (target.closest('.maplibregl-canvas-container, .maplibregl-canvas')) return 'map';
	return 'other';
}

/** The help overlay's list: the same keys as meetingKeyAction, in the words of the room. */
export const KEY_HELP: { keys: string[]; text: string }[] = [
	{ keys: ['N', 'PageDown', '→'], text: 'Nästa plats på dagordningen' },
	{ keys: ['P', 'PageUp', '←'], text: 'Föregående plats' },
	{ keys: ['Home'], text: 'Översikt (hela dagordningen)' },
	{ keys: ['End'], text: 'Sista platsen' },
	{ keys: ['1–9'], text: 'Tänd/släck lager' },
	{ keys: ['Å', 'Y'], text: 'Byt år (i en jämförelse: byt årspar)' },
	{ keys: ['O'], text: 'Jämför åren ovanpå varandra (överlägg)' },
	{ keys: ['S'], text: 'Jämför åren med svep' },
	{ keys: [',', '.'], text: 'Flytta svepet åt vänster/höger' },
	{ keys: ['B'], text: 'Jämför åren sida vid sida' },
	{ keys: ['0'], text: 'Visa hela Järva' },
	{ keys: ['F'], text: 'Helskärm på/av' },
	{ keys: ['/'], text: 'Sök gata, stadsdel eller plats och flyg dit' },
	{ keys: ['L'], text: 'Visa/dölj panelen' },
	{ keys: ['T'], text: 'Visa/dölj teckenförklaringen' },
	{ keys: ['A'], text: 'Skriv anteckningar för platsen' },
	{ keys: ['D'], text: 'Skriv ett beslut för platsen' },
	{ keys: ['E'], text: 'Spara kartbilden som PNG' },
	{ keys: ['V'], text: 'Sparade vyer' },
	{ keys: ['R'], text: 'Mötets protokoll' },
	{ keys: ['?', 'H'], text: 'Den här hjälpen' },
	{ keys: ['Esc'], text: 'Stäng hjälpen eller en dialog' }
];
