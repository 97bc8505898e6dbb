/**
 * `ImportError` refuses a whole file; `Problems` collects what is wrong with single objects so
 * that a preview can list all of it. Also the few formatters that make messages name values the
 * way a Swedish reader expects them.
 */
import type { ImportProblem } from './types';

/** Why a whole file was refused, for callers that branch (e.g. show a CRS picker for 'crs-required'). */
export type ImportErrorCode =
	'empty' | 'invalid-option' | 'too-large' | 'unsupported-format' | 'unreadable' | 'not-geodata' | 'crs-required';

const STATUS: Record<ImportErrorCode, 400 | 413 | 415 | 422> = {
	empty: 400,
	'invalid-option': 400,
	unreadable: 400,
	'too-large': 413,
	'unsupported-format': 415,
	'not-geodata': 422,
	'crs-required': 422
};

/**
 * Thrown by `parseImport` when the file as a whole cannot be imported: unreadable, over a limit,
 * a format we don't read, or a CRS we must ask the user for. Problems with single objects never
 * throw: they are listed in `ImportResult.problems`.
 *
 * @example
 * try {
 *   parseImport(file);
 * } catch (e) {
 *   if (e instanceof ImportError) return json({ message: e.message, problems: e.problems }, { status: e.status });
 *   throw e;
 * }
 */
export class ImportError extends Error {
	override readonly name = 'ImportError';
	readonly code: ImportErrorCode;
	readonly status: 400 | 413 | 415 | 422;
	/** The refusal as a whole-file problem, plus any problems found before it. */
	readonly problems: ImportProblem[];

	constructor(code: ImportErrorCode, message: string, earlier: readonly ImportProblem[] = []) {
		super(message);
		this.code = code;
		this.status = STATUS[code];
		this.problems = [{ feature: null, severity: 'error', message }, ...earlier];
	}
}

/**
 * Collects problems, at most `max` of them one by one (a broken 50 000-row file must not make a
 * 50 000-line preview); `list()` then adds one problem saying how many more there were.
 */
export class Problems {
	readonly #items: ImportProblem[] = [];
	#left = 0;
	#leftErrors = 0;
	#errors = 0;
	readonly #max: number;

	constructor(max: number) {
		this.#max = max;
	}

	error(feature: number | null, message: string): void {
		this.#errors++;
		this.#add({ feature, severity: 'error', message });
	}

	warning(feature: number | null, message: string): void {
		this.#add({ feature, severity: 'warning', message });
	}

	get hasErrors(): boolean {
		return this.#errors > 0;
	}

	/** Whole-file problems first, then by object number, in the order found. */
	list(): ImportProblem[] {
		const order = (p: ImportProblem) => (p.feature === null ? 0 : p.feature);
		const sorted = this.#items
			.map((p, i) => ({ p, i }))
			.sort((a, b) => order(a.p) - order(b.p) || a.i - b.i)
			.map(({ p }) => p);
		if (this.#left > 0) {
			sorted.push({
				feature: null,
				severity: this.#leftErrors > 0 ? 'error' : 'warning',
				message: `… och ${formatCount(this.#left)} problem till (${formatCount(this.#leftErrors)} fel) som inte visas; de första ${formatCount(this.#max)} visas.`
			});
		}
		return sorted;
	}

	#add(problem: ImportProblem): void {
		if (this.#items.length < this.#max) this.#items.push(problem);
		else {
			this.#left++;
			if (problem.severity === 'error') this.#leftErrors++;
		}
	}
}

const integer = new Intl.NumberFormat('sv-SE', { maximumFractionDigits: 0 });

/** 200 000 (Swedish thousands separator). */
export function formatCount(n: number): string {
	return integer.format(n);
}

/** 20 MB, 512 kB, 300 byte. */
export function formatBytes(bytes: number): string {
	if (bytes >= 1024 * 1024)
		return `${new Intl.NumberFormat('sv-SE', { maximumFractionDigits: 1 }).format(bytes / 1024 / 1024)} MB`;
	if (bytes >= 1024) return `${integer.format(bytes / 1024)} kB`;
	return `${integer.format(bytes)} byte`;
}

/**
 * A value from a file as the user would recognise it: numbers as written (NaN stays NaN, unlike
 * JSON.stringify), text in quotes, arrays shortened.
 */
export function formatValue(value: unknown, depth = 0): string {
	if (typeof value === 'number') return String(value);
	if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
	if (value === null) return 'null';
	if (value === undefined) return 'inget värde';
	if (Array.isArray(value)) {
		if (depth > 1) return '[…]';
		const shown = value.slice(0, 4).map((v) => formatValue(v, depth + 1));
		return `[${shown.join(', ')}${value.length > 4 ? ', …' : ''}]`;
	}
	if (typeof value === 'object') return '{…}';
	return String(value);
}

/** A position rounded for reading: [17.91234, 59.40123] or [674032, 6580822]. */
export function formatPosition(position: readonly number[]): string {
	return `[${position
		.slice(0, 2)
		.map((v) => (Math.abs(v) >= 1000 ? String(Math.round(v * 10) / 10) : String(Math.round(v * 1e6) / 1e6)))
		.join(', ')}]`;
}

/** The prefix every message about one object starts with. */
export function objectLabel(feature: number): string {
	return `Objekt ${feature}`;
}
