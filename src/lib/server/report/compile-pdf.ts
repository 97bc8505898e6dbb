/**
 * Typst source and its files → PDF bytes, with @myriaddreamin/typst-ts-node-compiler (Typst
 * 0.14 as a native Node module: no browser, no network). The same input gives the same bytes:
 * the template sets no date, the fonts are the shipped ones only (fonts.ts), and the files live
 * in a virtual root, so a document cannot read anything from the disk either.
 */
import { NodeCompiler } from '@myriaddreamin/typst-ts-node-compiler';
import { reportFonts } from './fonts';

/** Typst main source plus the files it reads (data, SVG figures) by path from the root, e.g. "figures/map.svg". */
export interface TypstDocument {
	main: string;
	files: Record<string, string | Uint8Array>;
}

/** The document did not compile: the diagnostics say where and why (a bug in the template or the builder). */
export class ReportCompileError extends Error {
	constructor(readonly diagnostics: string[]) {
		super(`Dokumentet kunde inte sättas: ${diagnostics.join('; ')}`);
		this.name = 'ReportCompileError';
	}
}

/** A root that exists nowhere on disk: every file the document reads is one we mapped. */
const ROOT = '/lageskartan-rapport';

let compiler: NodeCompiler | undefined;

function getCompiler(): NodeCompiler {
	// creating one loads the fonts (~0.1 s); one per process, reused
	compiler ??= NodeCompiler.create({ workspace: ROOT, fontArgs: [{ fontBlobs: reportFonts() }] });
	return compiler;
}

function describe(diagnostics: unknown[]): string[] {
	return diagnostics.map((d) => {
		const { message, path, range } = (d ?? {}) as { message?: string; path?: string; range?: string };
		return [path, range, message].filter(Boolean).join(' ');
	});
}

/**
 * Compile a Typst document to PDF. Synchronous: the native compiler holds the thread for the
 * duration (tens of milliseconds for a page, see `npm run bench` for the whole lägesbild).
 *
 * @example
 * const pdf = compilePdf({ main: '#set text(font: "Noto Sans")\nHej', files: {} });
 */
export function compilePdf(document: TypstDocument): Buffer {
	const typst = getCompiler();
	typst.resetShadow();
	for (const [path, content] of Object.entries(document.files)) {
		typst.mapShadow(`${ROOT}/${path}`, Buffer.from(content));
	}
	try {
		const result = typst.compile({ mainFileContent: document.main });
		const error = result.takeError();
		if (error || !result.result) {
			throw new ReportCompileError(error ? describe(typst.fetchDiagnostics(error)) : ['inget dokument']);
		}
		return typst.pdf(result.result);
	} finally {
		typst.resetShadow();
		// the compiler memoises across runs; without eviction a long-running server grows
		typst.evictCache(10);
	}
}
