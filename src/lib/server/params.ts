/**
 * Reading query parameters at the API boundary. A bad value is a `BadParamError` that names the
 * parameter and what it may be, so the 400 tells a person what to change.
 */
import { BadParamError } from './errors';

/** A parameter that must be one of the given numbers (e.g. the years a layer has). */
export function oneOfNumbers(url: URL, name: string, allowed: readonly number[], fallback?: number): number {
	const raw = url.searchParams.get(name);
	if (raw === null || raw === '') {
		if (fallback !== undefined) return fallback;
		throw new BadParamError(name, `Parametern ${name} saknas. Tillåtna värden: ${allowed.join(', ')}.`, allowed);
	}
	const value = Number(raw);
	if (!allowed.includes(value)) {
		throw new BadParamError(
			name,
			`Ogiltigt värde ${JSON.stringify(raw)} för ${name}. Tillåtna värden: ${allowed.join(', ')}.`,
			allowed
		);
	}
	return value;
}

/** A parameter that must be one of the given words. */
export function oneOf<T extends string>(url: URL, name: string, allowed: readonly T[], fallback: T): T {
	const raw = url.searchParams.get(name);
	if (raw === null || raw === '') return fallback;
	if (!(allowed as readonly string[]).includes(raw)) {
		throw new BadParamError(
			name,
			`Ogiltigt värde ${JSON.stringify(raw)} för ${name}. Tillåtna värden: ${allowed.join(', ')}.`,
			allowed
		);
	}
	return raw as T;
}

/** A list of whole metres, e.g. `distance=200,500`, each within [min, max]. */
export function metresList(
	url: URL,
	name: string,
	fallback: number[],
	{ min = 1, max = 5000, most = 5 } = {}
): number[] {
	const raw = url.searchParams.get(name);
	if (raw === null || raw === '') return fallback;
	const parts = raw.split(',').map((s) => s.trim());
	const values = parts.map(Number);
	if (parts.length > most || values.some((v) => !Number.isInteger(v) || v < min || v > max)) {
		throw new BadParamError(
			name,
			`Ogiltigt värde ${JSON.stringify(raw)} för ${name}: ange upp till ${most} hela meter mellan ${min} och ${max}, kommaseparerade (t.ex. 200,500).`
		);
	}
	return [...new Set(values)].sort((a, b) => a - b);
}

/** One whole number of metres within [min, max]. */
export function metres(url: URL, name: string, fallback: number, { min = 1, max = 5000 } = {}): number {
	const [value] = metresList(url, name, [fallback], { min, max, most: 1 });
	return value!;
}
