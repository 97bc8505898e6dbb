/**
 * The demo's yearly content from Lägesbild Järva 2023 (shared/seed/lagesbild-jarva-2023.txt), in
 * the team's own short words, each item with the section it comes from. Nothing here is
 * invented: results and priorities are the lägesbild's own, shortened. The text does not show
 * which of the form's boxes (special measures / line work) is ticked for each area, so
 * `workForms` is empty ("Anges inte") rather than guessed.
 */
import type { CollaborationArea, ReportSection, ReportSource } from '../model';

const SECTION = 'Lägesbild Järva 2023, Prioriterade samverkansområden';

export const DEMO_SUMMARY: ReportSection[] = [
	{
		title: 'Inledning',
		body:
			'Staden och Polisregion Stockholm har en övergripande samverkansöverenskommelse sedan november 2019, reviderad 2023 och föreslagen att gälla från 1 januari 2024. Den lokala överenskommelsen i Järva bygger på den, och den gemensamma lägesbilden ligger till grund för vilka insatser parterna prioriterar tillsammans.\n\n' +
			'(Sammanfattat av Lägeskartan-teamet ur lägesbildens avsnitt Inledning.)'
	},
	{
		title: 'Syfte',
		body:
			'Lägesbilden är en samlad bedömning av brott och otrygghet i stadsdelsområdet och lokalpolisområdet: vilka problem som är störst, var, hur de utvecklats över tid och vilka som kräver gemensamma insatser utöver linjeverksamheten. Den är skriven för anställda i staden och polisen.\n\n' +
			'(Sammanfattat av Lägeskartan-teamet ur lägesbildens avsnitt Syfte.)'
	}
];

/** The lägesbild's own list of sources (section Källor). */
export const DEMO_SOURCES: ReportSource[] = [
	'Brottstatistik (polisen)',
	'Fastighetsägarna i Järva',
	'Fastighetsägarnas trygghetsundersökningar',
	'Länsstyrelsen',
	'NOA:s metodstöd',
	'Områdesfakta Stockholms stad',
	'Skolenkäten (åk 5 och åk 8)',
	'Skolverket',
	'SSR',
	'Stadens medborgarundersökningar',
	'Stadens trygghetsmätning',
	'Stockholmsenkäten (åk 9 och åk 2 gymnasiet)'
].map((name) => ({ name }));

const item = (text: string) => ({ text, measureIds: [], places: [] });

export const DEMO_COLLABORATION_AREAS: CollaborationArea[] = [
	{
		id: 'unga-i-riskzon',
		title: 'Unga i riskzon för destruktivt beteende',
		section: `${SECTION}: Unga i riskzon för destruktivt beteende`,
		description:
			'Förebyggande arbete mot kriminalitet, missbruk, psykisk ohälsa och våldsbejakande extremism hos barn och unga: trygg uppväxt, fungerande skolgång och meningsfull fritid skyddar, och tidiga insatser lönar sig.',
		collaborators: 'Skola, socialtjänst, polis och fritid',
		goals: [
			'Barn i riskzon upptäcks tidigt och får tidiga insatser genom nav-samverkan.',
			'Barn och unga deltar i strukturerad vuxenledd fritidsverksamhet.',
			'Barn och unga växer upp fria från våld och kränkningar.'
		],
		workForms: [],
		comment:
			'Sju samverkansnav med skola, polis, socialtjänst och fritid. Våldsprevention med MVP och Agera tillsammans, nu också för föräldrar och nattvandrare. Tre socialsekreterare sitter i polishuset i Rinkeby. Rekryteringen av allt yngre barn till kriminella nätverk är fortsatt ett problem.',
		results: [
			'Större förståelse för varandras uppdrag och starkare samverkan.',
			'MVP och Agera tillsammans utökade till föräldrar och nattvandring.',
			'Dialogmöten hålls regelbundet.'
		],
		prioritiesYear: 2024,
		priorities: [
			item('Få in de fristående skolorna i naven.'),
			item('Utöka samverkansgruppen med förskolan.'),
			item('Förbättra samverkan för att identifiera D-aktörer.'),
			item('Genomföra pilotprojekt med ANDTS-coach.'),
			item('Införa en utvärderingsmodell för våldspreventiva utbildningar.'),
			item('Dialogmöten inom naven och öppna dialogmöten med IOP-partner.')
		],
		example: false
	},
	{
		id: 'otrygga-platser',
		title: 'Otrygga och brottsutsatta platser',
		section: `${SECTION}: Otrygga och brottsutsatta platser`,
		description:
			'Platser med öppen narkotikahandel, ordningsstörningar, skadegörelse och nedskräpning kräver insatser av flera aktörer; annars undviks platsen, service försvinner och kriminella får en arena.',
		collaborators: 'Stadsdelsförvaltning och polis',
		goals: ['Trygga offentliga miljöer i stadsdelsområdena.'],
		workForms: [],
		comment:
			'Platssamverkan i de tre särskilt utsatta områdena Rinkeby, Tensta och Husby, med en rutin för vem som gör vad. Trygghetsinventeringar med polis, Fastighetsägare i Järva och trafikkontoret. Platsaktivering sommar och vinter, bland annat vinterplatser med extra belysning i Tenstagången och på Rinkeby torg.',
		results: [
			'Platssamverkan koncentrerad till Rinkeby, Tensta och Husby.',
			'En rutin för platssamverkan och övriga insatser.',
			'Sju trygghetsinventeringar genomförda.',
			'Trygghetsinventeringar för barn genomförda.',
			'Mer platsaktivering under vintern.'
		],
		prioritiesYear: 2024,
		priorities: [
			item('Använda data från stadens Tyck till-app i den operativa lägesbilden.'),
			item('Fler invånare i trygghetsinventeringarna.'),
			item('Barn, kvinnor, äldre och personer med funktionsnedsättning är prioriterade grupper.'),
			item('Rekrytera en samordnare för platssamverkan och trygghetsinventeringar.')
		],
		example: false
	},
	{
		id: 'systemhotande-brottslighet',
		title: 'Systemhotande brottslighet',
		section: `${SECTION}: Systemhotande brottslighet`,
		description:
			'Brott mot välfärdssystemen – välfärdsbrott, arbetslivskriminalitet, otillåten påverkan och bedrägerier mot utbetalande myndigheter – hotar förtroendet för det offentliga.',
		collaborators: 'Stadsdelsförvaltning och polis',
		goals: [
			'Alla medarbetare vet vad otillåten påverkan är och hur den förebyggs och anmäls.',
			'Det lokala näringslivet vet vad otillåten påverkan är och hur den hanteras.'
		],
		workForms: [],
		comment:
			'Utbildningar om otillåten påverkan och en webbutbildning för förskola och äldreomsorg. Staden satsar gemensamt mot välfärdsbrottslighet. Rekryteringen ska skyddas mot personer med kriminella kopplingar.',
		results: [
			'Utbildningar om otillåten påverkan slutförda i förvaltningen.',
			'Webbutbildning om otillåten påverkan lanserad.',
			'Utbildning om välfärdsfusk inom beställarenheten för äldreomsorg.'
		],
		prioritiesYear: 2024,
		priorities: [
			item('Sprida information om otillåten påverkan till näringslivet.'),
			item('Intensifiera arbetet mot välfärdsbrottslighet.'),
			item('Se över samverkansgruppens struktur och innehåll.')
		],
		example: false
	},
	{
		id: 'sarbara-brottsoffer',
		title: 'Särskilt utsatta och sårbara brottsoffer',
		section: `${SECTION}: Särskilt utsatta och sårbara brottsoffer`,
		description:
			'Brottsoffer som utsätts för sexualbrott, våld i nära relation eller människohandel, och de som är beroende av andra eller av gärningspersonen, behöver särskilt stöd.',
		collaborators: 'Stadsdelsförvaltning och polis',
		goals: [],
		workForms: [],
		comment:
			'Våld i nära relation får en egen samverkansgrupp 2024. Inflödet av våldsutsatta är högt och få våldsutövare söker stöd; förvaltningen har avdelat en resurs för motivationsarbete. Ett samverkansprojekt med polis och civilsamhälle om normer och hedersrelaterat våld startar 2024.',
		results: [],
		prioritiesYear: 2024,
		priorities: [item('Starta samverkansgruppen våld i nära relation.')],
		example: false
	},
	{
		id: 'kriminella-miljoer',
		title: 'Kriminella miljöer och livsstilar',
		section: `${SECTION}: Kriminella miljöer och livsstilar`,
		description:
			'Unga och vuxna i kriminella miljöer – nätverkskriminalitet, våldsbejakande extremism, risksupportrar – påverkar brottsligheten, tryggheten och sina anhöriga.',
		collaborators: 'Socialtjänst och polis',
		goals: [
			'Fler vill lämna en kriminell livsstil och etablera sig i samhället.',
			'Unga i riskzonen identifieras tidigt och får stöd genom sociala insatsgrupper (SIG).'
		],
		workForms: [],
		comment:
			'Trefas-samverkan mellan polis, socialtjänst och kriminalvård mot dödligt våld bedöms effektiv. Uppsökande arbete har gett fler deltagare i sociala insatsgrupper. Den lokala handlingsplanen mot våldsbejakande extremism är reviderad.',
		results: [
			'Större förståelse för varandras uppdrag på medarbetar- och chefsnivå.',
			'SIG för unga och unga vuxna löper på.',
			'Reviderad lokal handlingsplan mot våldsbejakande extremism.'
		],
		prioritiesYear: 2024,
		priorities: [
			item('Stärka anhörigperspektivet.'),
			item('Stärka arbetsmarknadsperspektivet.'),
			item('Kompetenshöjning om våldsbejakande extremism hos polisens medarbetare.')
		],
		example: false
	}
];
