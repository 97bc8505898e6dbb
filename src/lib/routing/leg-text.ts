/**
 * A leg in words, as the planner, the field sheet and the field mode print it. Pure; Swedish.
 */
import { haversineMetres, type InferredLinks, type LegFallback, type LegWarning, type RoutedLeg, type StreetPiece } from '../inventory/route';

/** "240 m" (to the nearest 10, at least 10), "1,2 km". */
export function formatMetres(metres: number): string {
	if (metres >= 1000) return `${(metres / 1000).toLocaleString('sv-SE', { maximumFractionDigits: 1, minimumFractionDigits: 1 })} km`;
	return `${Math.max(10, Math.round(metres / 10) * 10)} m`;
}

/**
 * The streets of a leg in order.
 *
 * @example
 * formatStreets([{ name: 'Sibeliusgången', metres: 238 }, { name: 'Borgågatan', metres: 121 }]);
 * // 'Sibeliusgången 240 m, sedan Borgågatan 120 m'
 */
export function formatStreets(streets: readonly StreetPiece[]): string {
	return streets.map((s) => `${s.name} ${formatMetres(s.metres)}`).join(', sedan ');
}

const PASSAGE = { tunnel: 'Tunnel', underpass: 'Gångtunnel under mark', covered: 'Överbyggd passage' } as const;

/**
 * One warning in words.
 *
 * @example
 * formatWarning({ kind: 'steps', name: 'trappa', metres: 6, stepCount: 9, at }); // 'Trappa, 9 steg'
 */
export function formatWarning(warning: LegWarning): string {
	const where = warning.name === 'gångväg' || warning.name === 'gata' || warning.name === 'trappa' ? '' : ` (${warning.name})`;
	switch (warning.kind) {
		case 'unlit':
			return `Ej upplyst${where}: ${formatMetres(warning.metres)}`;
		case 'steps':
			return `Trappa${where}${warning.stepCount ? `, ${warning.stepCount} steg` : ''}`;
		case 'passage':
			return `${PASSAGE[warning.passage]}${where}: ${formatMetres(warning.metres)}`;
	}
}

/** Why a leg is drawn straight, for the text beside it. */
export function fallbackText(fallback: LegFallback | null): string {
	switch (fallback) {
		case 'off-network':
			return 'ungefärlig: ett stopp ligger mer än 150 m från närmaste gångväg (fågelväg × 1,3)';
		case 'no-path':
			return 'ungefärlig: ingen väg i gångnätet mellan stoppen (fågelväg × 1,3)';
		case 'no-step-free-path':
			return 'ungefärlig: ingen väg utan trappor mellan stoppen (fågelväg × 1,3)';
		case 'no-network':
			return 'ungefärlig: fågelväg × 1,3';
		default:
			return '';
	}
}

/** A walked leg this many times the straight line (and 300 m longer) is worth a second look. */
const LONG_DETOUR = 2.5;

/**
 * A note for a leg along the network that is a long detour from the straight line: the network
 * may lack a link there (a path missing from the map data), there may be a real barrier, or steps
 * the walk avoids. Null for approximate legs and ordinary ones.
 *
 * @example
 * detourNote(leg); // 'Omväg: 3,1 × fågelvägen. Gångnätet kan sakna en förbindelse här – kontrollera på kartan.'
 */
export function detourNote(leg: Pick<RoutedLeg, 'approximate' | 'metres' | 'coordinates'>, avoidSteps = false): string | null {
	if (leg.approximate || leg.coordinates.length < 2) return null;
	const straight = haversineMetres(leg.coordinates[0]!, leg.coordinates.at(-1)!);
	if (leg.metres < straight * LONG_DETOUR || leg.metres - straight < 300) return null;
	const ratio = (leg.metres / straight).toLocaleString('sv-SE', { maximumFractionDigits: 1, minimumFractionDigits: 1 });
	return avoidSteps
		? `Omväg: ${ratio} × fågelvägen, runt trappor eller för att gångnätet saknar en förbindelse här – kontrollera på kartan.`
		: `Omväg: ${ratio} × fågelvägen. Gångnätet kan sakna en förbindelse här – kontrollera på kartan.`;
}

/**
 * The connectors a leg walks, in words (INFERRED_NOTE says once what they are). Empty for a leg
 * without any.
 *
 * @example
 * inferredText({ links: 2, metres: 23 }); // '2 antagna kopplingar (20 m)'
 */
export function inferredText(inferred: InferredLinks | undefined): string {
	if (!inferred) return '';
	return `${inferred.links} ${inferred.links === 1 ? 'antagen koppling' : 'antagna kopplingar'} (${formatMetres(inferred.metres)})`;
}

/** What an inferred connector is, said once under legs that walk any (docs/field-mode.md, "Antagna kopplingar"). */
export const INFERRED_NOTE =
	'Antagen koppling: där en gångväg slutar några meter från en annan utan att mötas i kartdata har rundan dragits rakt över glappet (högst 25 m, aldrig över vatten eller mellan en bro och vägen under den).';

/**
 * Whether more of a leg's walk along the network is inferred connectors than mapped ways: such a
 * leg is labelled "ungefärlig" although it follows the network.
 */
export function mostlyInferred(leg: Pick<RoutedLeg, 'inferred' | 'streets'>): boolean {
	if (!leg.inferred) return false;
	const alongNetwork = leg.streets.reduce((sum, s) => sum + s.metres, 0);
	return leg.inferred.metres > alongNetwork / 2;
}
