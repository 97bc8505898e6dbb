/**
 * The fonts the PDF is set in: Noto Sans as TrueType from the npm package
 * @expo-google-fonts/noto-sans (Google Fonts' static files, OFL 1.1), pinned in package.json. The
 * map's @fontsource package ships only WOFF2, which Typst does not read. Passing the files
 * ourselves (and `fallback: false` in the template) means the PDF embeds the same font on every
 * machine, whatever the system has installed.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const FILES = [
	'400Regular/NotoSans_400Regular.ttf',
	'400Regular_Italic/NotoSans_400Regular_Italic.ttf',
	'700Bold/NotoSans_700Bold.ttf',
	'700Bold_Italic/NotoSans_700Bold_Italic.ttf'
] as const;

/** Paths of the shipped font files. */
export function reportFontPaths(): string[] {
	const require = createRequire(import.meta.url);
	return FILES.map((file) => require.resolve(`@expo-google-fonts/noto-sans/${file}`));
}

/** The font files' bytes, read once. */
export function reportFonts(): Buffer[] {
	fonts ??= reportFontPaths().map((path) => readFileSync(path));
	return fonts;
}
let fonts: Buffer[] | undefined;
