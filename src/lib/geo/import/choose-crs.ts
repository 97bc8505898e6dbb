/**
 * Which CRS to read a file's coordinates in: the user's choice, else what the file names, else
 * what the coordinates show.
 *
 * Without a named CRS, lon/lat numbers are WGS84 (RFC 7946's default). Numbers in SWEREF 99 TM's
 * range (east 250 000–1 000 000, north 6–7.8 million) are read as SWEREF 99 TM with a warning:
 * no other Swedish system has those numbers, and the preview's map extent shows the reading.
 * Numbers around east 150 000 are refused (422, code 'crs-required'): all twelve SWEREF 99 local
 * zones use that false easting, and reading 18 45 data as 18 00 moves it ~40 km, to places that
 * still look plausible. The user then chooses (for Stockholm usually SWEREF 99 18 00).
 */
import { classifyPosition, CRS_LABELS, type CrsCode, type PositionKind } from './crs';
import { formatPosition, ImportError, type Problems } from './errors';
import type { CrsSource, SourceData } from './types';

export interface CrsChoice {
	code: CrsCode;
	detectedFrom: CrsSource;
	note?: string;
	/** True when projected positions are written [north, east] (EPSG's own axis order). */
	swapAxes: boolean;
}

const CHOOSE =
	'Välj koordinatsystem: EPSG:3006 (SWEREF 99 TM), EPSG:3011 (SWEREF 99 18 00) eller EPSG:4326 (WGS 84 lon/lat).';

/**
 * Decides the CRS, adding warnings to `problems`. Throws `ImportError` 422 ('crs-required') when
 * only the user can tell.
 */
export function chooseCrs(source: SourceData, user: CrsCode | undefined, problems: Problems): CrsChoice {
	const tally = tallyPositions(source);
	const declared = source.declaredCrs;
	const swapAxes = tally.projected > 0 && tally.swapped * 2 > tally.projected;
	const choice = (code: CrsCode, detectedFrom: CrsSource, note?: string): CrsChoice => {
		const projected = code !== 'EPSG:4326';
		if (projected && swapAxes) {
			problems.warning(
				null,
				`Koordinaterna står som [norr, öst] (t.ex. ${formatPosition(tally.example.tm ?? tally.example.local ?? [0, 0])}); de lästes som [öst, norr].`
			);
		}
		checkAgreement(code, tally, problems);
		return { code, detectedFrom, ...(note ? { note } : {}), swapAxes: projected && swapAxes };
	};

	if (user) {
		if (declared && 'code' in declared && declared.code !== user) {
			problems.warning(
				null,
				`Filen anger ${CRS_LABELS[declared.code]} (${declared.from}) men du valde ${CRS_LABELS[user]}; ditt val används.`
			);
		}
		if (declared && 'unsupported' in declared) {
			problems.warning(
				null,
				`Filen anger koordinatsystemet ${declared.unsupported}, som inte stöds; ${CRS_LABELS[user]} används enligt ditt val.`
			);
		}
		return choice(user, 'user');
	}
	if (declared && 'code' in declared) return choice(declared.code, 'file', `enligt ${declared.from}`);
	if (declared) {
		throw new ImportError(
			'crs-required',
			`Filen anger koordinatsystemet ${declared.unsupported}, som inte stöds. Om koordinaterna ändå är i något av de stödda: ${CHOOSE} Annars: konvertera filen först.`
		);
	}

	const majority = tally.majority;
	const from = source.coordinateNote ? ` (${source.coordinateNote})` : '';
	if (majority === 'tm') {
		const note = `Filen anger inget koordinatsystem; koordinaterna${from} (t.ex. ${formatPosition(tally.example.tm ?? [0, 0])}) ligger i SWEREF 99 TM:s område och lästes så. Kontrollera läget i förhandsvisningen.`;
		problems.warning(null, note);
		return choice('EPSG:3006', 'coordinates', note);
	}
	if (majority === 'local') {
		throw new ImportError(
			'crs-required',
			`Filen anger inget koordinatsystem, och koordinaterna${from} (t.ex. ${formatPosition(tally.example.local ?? [0, 0])}) ser ut som en lokal SWEREF 99-zon; i Stockholm är det oftast SWEREF 99 18 00 (EPSG:3011). ${CHOOSE}`
		);
	}
	if (source.format === 'csv') return choice('EPSG:4326', 'coordinates', `WGS 84 lon/lat${from}`);
	return choice('EPSG:4326', 'default', 'Filen anger inget koordinatsystem; GeoJSON är då WGS 84 lon/lat.');
}

interface Tally {
	counts: Record<PositionKind, number>;
	projected: number;
	swapped: number;
	majority: PositionKind | null;
	example: Partial<Record<PositionKind, [number, number]>>;
}

/** How the file's positions look, counted over all of them. */
function tallyPositions(source: SourceData): Tally {
	const counts: Record<PositionKind, number> = { lonlat: 0, tm: 0, local: 0, other: 0 };
	const example: Partial<Record<PositionKind, [number, number]>> = {};
	let swapped = 0;
	const visit = (value: unknown, depth: number): void => {
		if (!Array.isArray(value) || depth > 4) return;
		if (typeof value[0] === 'number' && typeof value[1] === 'number') {
			const [x, y] = value as [number, number];
			if (!Number.isFinite(x) || !Number.isFinite(y)) return;
			const kind = classifyPosition(x, y);
			counts[kind.kind]++;
			example[kind.kind] ??= [x, y];
			if (kind.swapped) swapped++;
			return;
		}
		for (const item of value) visit(item, depth + 1);
	};
	for (const feature of source.features) {
		const geometry = feature.geometry as { coordinates?: unknown } | null;
		if (geometry && typeof geometry === 'object') visit(geometry.coordinates, 0);
	}
	let majority: PositionKind | null = null;
	let most = 0;
	for (const kind of ['lonlat', 'tm', 'local', 'other'] as const) {
		if (counts[kind] > most) [majority, most] = [kind, counts[kind]];
	}
	return { counts, projected: counts.tm + counts.local, swapped, majority, example };
}

/** A whole-file error when most coordinates plainly don't fit the chosen CRS. */
function checkAgreement(code: CrsCode, tally: Tally, problems: Problems): void {
	const { majority, example } = tally;
	if (code === 'EPSG:4326' && (majority === 'tm' || majority === 'local')) {
		problems.error(
			null,
			`Koordinatsystemet är WGS 84 (lon/lat) men de flesta koordinaterna (t.ex. ${formatPosition(example[majority] ?? [0, 0])}) ser ut som SWEREF 99. ${CHOOSE}`
		);
	}
	if ((code === 'EPSG:3006' && majority === 'local') || (code === 'EPSG:3011' && majority === 'tm')) {
		const looks =
			majority === 'tm' ? 'SWEREF 99 TM (öst 250 000–1 000 000)' : 'en lokal SWEREF 99-zon (öst omkring 150 000)';
		problems.error(
			null,
			`Koordinatsystemet är ${CRS_LABELS[code]} men de flesta koordinaterna (t.ex. ${formatPosition(example[majority] ?? [0, 0])}) ser ut som ${looks}. ${CHOOSE}`
		);
	}
	if (code !== 'EPSG:4326' && majority === 'lonlat') {
		problems.error(
			null,
			`Koordinatsystemet är ${CRS_LABELS[code]} men de flesta koordinaterna (t.ex. ${formatPosition(example.lonlat ?? [0, 0])}) ser ut som lon/lat (WGS 84). ${CHOOSE}`
		);
	}
}
