/**
 * The weekly analysis explained in plain Swedish, with its limits: what the UI shows beside the
 * heat map, the hot spots, the emerging hot spots and the week comparison. One place, so the
 * page, the meeting view and a printed report say the same thing.
 */
import type { Confidence, SpotClass } from './hotspot-class';
import type { EmergingCategory } from './emerging-hotspots';
import type { ChangeReading } from './week-comparison';

export interface Explanation {
	title: string;
	/** What it shows, in a sentence or two. */
	what: string;
	/** How to read it. */
	reading: string;
	/** What it cannot tell. */
	limits: string[];
}

export const HEATMAP_TEXT: Explanation = {
	title: 'Värmekarta',
	what: 'Var veckans rapporter ligger tätt. Varje rapport sprids ut över en liten yta runt sig, och där många ytor överlappar blir kartan varmare.',
	reading: 'Mörkare färg betyder fler rapporter nära varandra. Den visar täthet, inte om tätheten är ovanlig.',
	limits: [
		'Kartan visar alltid något varmt, även en lugn vecka: jämför med heta områden för att se vad som sticker ut.',
		'Färgen beror på hur långt ut du zoomar; jämför inte värmekartor i olika skala.',
		'Rapporter med ungefärlig plats sprids lika mycket som exakta.'
	]
};

export const HOTSPOT_TEXT: Explanation = {
	title: 'Heta och kalla områden (Getis–Ord Gi*)',
	what:
		'Kartan delas i rutor (standard 200 × 200 meter i SWEREF 99 TM). För varje ruta räknas rapporterna i rutan och de åtta ' +
		'rutorna runt den, och summan jämförs med vad som vore väntat om veckans rapporter låg utspridda slumpmässigt över studieområdet.',
	reading:
		'Ett hett område har fler rapporter i och runt rutan än slumpen rimligen ger, ett kallt färre. Säkerheten anges som 90, 95 ' +
		'eller 99 %: vid 95 % är chansen högst 5 % att så många rapporter samlats där av en slump. En ruta kan vara het utan egna ' +
		'rapporter – det är grannrutorna som är det.',
	limits: [
		'Resultatet säger var rapporterna samlas, inte varför: fler rapporter kan betyda mer brott, men också fler som rapporterar eller mer bevakning.',
		'Med få rapporter (under 30 i veckan) är sannolikheterna osäkra; läs resultatet som en antydan.',
		'Rutstorleken och grannskapet styr vad som hittas: större rutor ger större, jämnare områden och missar små.',
		'Tomma rutor räknas: studieområdet ska vara där rapporter kan komma in, annars ser allt med rapporter hett ut.',
		'En rapport räknas i rutan där dess punkt ligger; en plats som angetts ungefärligt kan hamna i grannrutan.',
		'Varje vecka jämförs med sig själv: när ett område växer kraftigt kan andra områden se svalare ut fast inget ändrats där.',
		'Rutorna har fasta lägen, så samma ruta kan jämföras vecka för vecka; en samling som råkar ligga på en rutgräns delas dock mellan två rutor.'
	]
};

export const FDR_TEXT: Explanation = {
	title: 'Korrigering för många jämförelser (FDR)',
	what:
		'Med över tusen rutor blir några rutor "heta" av ren slump: vid 90 % ungefär var tionde ruta som egentligen inte sticker ut. ' +
		'Korrigeringen (Benjamini–Hochberg) höjer kravet så att andelen falska fynd bland de markerade rutorna hålls nere.',
	reading: 'Med korrigering (standard) visas färre, säkrare områden. Utan korrigering visas fler, och fler av dem kan vara slump.',
	limits: ['Korrigeringen gör det svårare att hitta små, verkliga samlingar med få rapporter.']
};

export const EMERGING_TEXT: Explanation = {
	title: 'Framväxande heta områden',
	what:
		'Varje vecka under de senaste 8–12 veckorna analyseras för sig på samma rutnät. Sedan avgörs för varje ruta om den varit het ' +
		'eller kall och om styrkan ökat eller minskat över veckorna (Mann–Kendalls trendtest).',
	reading: 'Kategorin säger hur rutans mönster sett ut över veckorna, t.ex. ny, ihållande eller tilltagande (se förklaringen för varje kategori).',
	limits: [
		'Kräver minst 8 veckor i följd; med färre går en trend inte att skilja från slumpen och analysen görs inte.',
		'Veckor med få rapporter gör hela serien osäkrare.',
		'Trendtestet förutsätter att veckorna är oberoende; en orolig vecka följs ofta av en till, så trender kan se säkrare ut än de är.',
		'En ändrad rutin för att rapportera (ny app, ny aktör) kan se ut som en trend.'
	]
};

export const WEEK_COMPARISON_TEXT: Explanation = {
	title: 'Veckan mot de fyra föregående',
	what: 'Antal rapporter denna vecka per kategori och stadsdel, jämfört med medelvärdet av de fyra veckorna innan.',
	reading: 'Förändringen anges i antal och i procent av medelvärdet. När inga rapporter kom de fyra veckorna innan anges ingen procent.',
	limits: [
		'Små tal svänger mycket av en slump: från 2 till 4 rapporter är +100 % men säger lite. Rader med under 5 rapporter markeras.',
		'Fyra veckor fångar inte säsonger: jämför gärna också med samma vecka förra året.'
	]
};

export const SPOT_CLASS_LABELS: Record<SpotClass, string> = {
	hot: 'Hett område',
	cold: 'Kallt område',
	none: 'Inte signifikant'
};

/** "Hett område, 95 % säkerhet" — the legend label of a cell. */
export function spotLabel(spot: SpotClass, confidence: Confidence | null): string {
	return spot === 'none' || confidence === null ? SPOT_CLASS_LABELS.none : `${SPOT_CLASS_LABELS[spot]}, ${confidence} % säkerhet`;
}

/** Each emerging category for hot spots, in Swedish; cold spots read the same with "kallt". */
export const EMERGING_LABELS: Record<EmergingCategory, { hot: string; cold: string; explanation: string }> = {
	new: { hot: 'Nytt hett område', cold: 'Nytt kallt område', explanation: 'Signifikant bara den senaste veckan, aldrig tidigare.' },
	consecutive: {
		hot: 'Sammanhängande hett område',
		cold: 'Sammanhängande kallt område',
		explanation: 'Signifikant de senaste veckorna i en obruten följd (minst två), aldrig före den, men inte nästan alla veckor.'
	},
	intensifying: {
		hot: 'Tilltagande hett område',
		cold: 'Tilltagande kallt område',
		explanation: 'Signifikant nästan alla veckor (minst 90 %) inklusive den senaste, och styrkan har ökat.'
	},
	persistent: {
		hot: 'Ihållande hett område',
		cold: 'Ihållande kallt område',
		explanation: 'Signifikant nästan alla veckor (minst 90 %) inklusive den senaste, utan tydlig ökning eller minskning.'
	},
	diminishing: {
		hot: 'Avtagande hett område',
		cold: 'Avtagande kallt område',
		explanation: 'Signifikant nästan alla veckor (minst 90 %) inklusive den senaste, men styrkan har minskat.'
	},
	sporadic: {
		hot: 'Återkommande hett område',
		cold: 'Återkommande kallt område',
		explanation: 'Signifikant den senaste veckan och några tidigare, av och på, men aldrig det motsatta.'
	},
	oscillating: {
		hot: 'Växlande hett område',
		cold: 'Växlande kallt område',
		explanation: 'Signifikant den senaste veckan, men var det motsatta (kallt respektive hett) någon tidigare vecka.'
	},
	historical: {
		hot: 'Tidigare hett område',
		cold: 'Tidigare kallt område',
		explanation: 'Signifikant nästan alla veckor, men inte den senaste.'
	},
	none: { hot: 'Inget mönster', cold: 'Inget mönster', explanation: 'Inget av mönstren ovan.' }
};

export const CHANGE_LABELS: Record<ChangeReading, string> = {
	none: 'inga rapporter',
	new: 'nytt (inga tidigare)',
	gone: 'inga denna vecka',
	up: 'fler',
	down: 'färre',
	same: 'oförändrat'
};
