/**
 * Small pieces of Swedish prose the document is written with: counts in words and lists of names.
 * Numbers are written with `$lib/format` (decimal comma, space between thousands) everywhere.
 */
import { formatMetres } from '../format';

/** A distance with a no-break space before its unit, so "460 m" never breaks across lines. */
export function metres(value: number): string {
	return formatMetres(value).replace(' ', '\u00a0');
}
const NUMBER_WORDS = ['inga', 'en', 'två', 'tre', 'fyra', 'fem', 'sex', 'sju', 'åtta', 'nio', 'tio', 'elva', 'tolv'];

/**
 * A count in words up to twelve, in digits above (common-gender nouns: "en scen").
 *
 * @example
 * countWord(7); // 'sju'
 * countWord(14); // '14'
 */
export function countWord(n: number): string {
	return NUMBER_WORDS[n] ?? String(n);
}

/** "sju öppna drogscener", "en öppen drogscen". */
export function counted(n: number, singular: string, plural: string): string {
	return `${countWord(n)} ${n === 1 ? singular : plural}`;
}

/** The first letter in upper case: a sentence may start with a count word. */
export function capitalise(text: string): string {
	return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * Names in a sentence. Place names often hold a comma or an "och" themselves ("Dragongränd,
 * Ärvinge", "Kista C/Busstorg och tunnelbanestation"), so such lists are separated by semicolons.
 *
 * @example
 * joinNames(['Hjulsta C', 'Husby C', 'Risingeplan']); // 'Hjulsta C, Husby C och Risingeplan'
 * joinNames(['Dragongränd, Ärvinge', 'Kista C']); // 'Dragongränd, Ärvinge; Kista C'
 */
export function joinNames(names: readonly string[], last = 'och'): string {
	if (names.length <= 1) return names.join('');
	const ambiguous = names.some((name) => name.includes(',') || name.includes(' och ') || name.includes(' eller '));
	if (ambiguous) return names.join('; ');
	return `${names.slice(0, -1).join(', ')} ${last} ${names.at(-1)}`;
}
