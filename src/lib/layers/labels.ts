/** The Swedish words users see for the code values in schema.ts (English in `en`). */
import type { AreaClass, PlaceCategory, Precision, SceneDrawing } from '$lib/geo/schema';

export const PRECISION_LABELS: Record<Precision, string> = {
	official: 'officiell gräns',
	exact: 'exakt',
	approximate: 'ungefärlig',
	schematic: 'schematisk'
};

export const DRAWING_LABELS: Record<SceneDrawing, string> = {
	oval: 'ritad som cirkel/oval (2021 års metod)',
	outline: 'ritad som yta längs gator och platser (2023 års metod)'
};

export const AREA_CLASS_LABELS: Record<AreaClass, string> = {
	'especially-vulnerable': 'Särskilt utsatt område',
	'risk-area': 'Riskområde',
	vulnerable: 'Utsatt område'
};

export const PLACE_CATEGORY_LABELS: Record<PlaceCategory, string> = {
	'way-home': 'Vägen till och från bostaden',
	parking: 'Parkeringsplats',
	garage: 'Garage',
	'stairwell-refuse-room': 'Trapphus/soprum'
};
