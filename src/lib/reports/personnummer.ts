/**
 * Reports must not carry personal data. A Swedish personnummer (or samordningsnummer) in a
 * report's text is refused, on the phone before it is sent and again by the server: anything
 * *shaped* like one – YYMMDD-NNNN, YYMMDD+NNNN, YYYYMMDD-NNNN, or the same digits without a
 * separator or with a space – whose month is 01–12 and day 01–31 (or 61–91, a samordningsnummer).
 * The check digit is not required: a mistyped number is still someone's number, almost.
 *
 * A phone number such as 070-123 45 67 is not caught (its separators differ), but ten digits in a
 * row that read as a date (0701234567 reads 7 January 2001) are: better one refusal too many.
 * No imports: the form and the server share it.
 */

// Digits not preceded or followed by another digit: 6 or 8 date digits, an optional -, + or space, 4 digits.
const SHAPE = /(?<!\d)(?:\d{2})?(\d{2})(\d{2})(\d{2})[-+ ]?(\d{4})(?!\d)/g;

/**
 * The first part of `text` shaped like a personnummer, or null.
 *
 * @example
 * findPersonnummer('Pojke 850709-1234 klottrade'); // '850709-1234'
 * findPersonnummer('Ring 112'); // null
 */
export function findPersonnummer(text: string): string | null {
	for (const match of text.matchAll(SHAPE)) {
		const month = Number(match[2]);
		const day = Number(match[3]);
		if (month >= 1 && month <= 12 && ((day >= 1 && day <= 31) || (day >= 61 && day <= 91))) return match[0];
	}
	return null;
}

/** What the form and the server say when a text holds one. */
export function personnummerMessage(found: string): string {
	const masked = found.replace(/\d{4}$/, 'XXXX');
	return `Texten innehåller något som ser ut som ett personnummer (${masked}). Rapporter får inte innehålla personuppgifter: ta bort numret och beskriv händelsen utan att peka ut någon.`;
}

/** The reminder the form shows before anyone types. */
export const NO_PERSONAL_DATA =
	'Skriv inga personuppgifter: inga namn, personnummer, telefonnummer eller signalement som pekar ut någon. Beskriv vad som hände och var.';
