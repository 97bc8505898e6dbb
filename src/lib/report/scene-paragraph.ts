/**
 * The lägesbild's drug-scene comparison in Swedish prose, written from the analysis
 * (compareScenes) instead of by hand: how many scenes each year, which persisted, ceased or are
 * new, which may have moved and how far in which direction, and the caveat about drawing methods.
 * The words follow the analysis panel and the meeting's place story ("kvarstår", "upphört",
 * "möjlig förflyttning – en kandidat, inte bevisad").
 */
import type { SceneComparison, SceneRelation, SceneResult } from '../analysis';
import { capitalise, counted, countWord, joinNames, metres } from './swedish';

export interface SceneParagraphOptions {
	/** The comparison's displacement radius in metres (compareScenes' option). */
	displacementRadius: number;
	/** The largest `precisionMeters` of each year's scenes, when known: printed with the drawing method. */
	precision?: { from: number | null; to: number | null };
}

/** How each drawing method is said in the caveat. */
const DRAWING_WORDS: Record<string, string> = {
	oval: 'cirklar/ovaler',
	outline: 'ytor längs gator och platser'
};

/** "1 km" rather than "1,0 km" for a round radius. */
const radiusText = (m: number) => (m >= 1000 && m % 1000 === 0 ? `${m / 1000}\u00a0km` : metres(m));

const scenes = (n: number) => counted(n, 'öppen drogscen', 'öppna drogscener');

function countSentence(c: SceneComparison): string {
	const { fromCount, toCount } = c.summary;
	if (toCount === 0 && fromCount === 0) return `Varken ${c.fromYear} eller ${c.toYear} har några öppna drogscener i kartläggningen.`;
	if (toCount === 0) return `År ${c.toYear} finns inga öppna drogscener i kartläggningen; år ${c.fromYear} fanns ${scenes(fromCount)}.`;
	if (fromCount === 0) return `År ${c.toYear} finns ${scenes(toCount)} i kartläggningen; år ${c.fromYear} fanns inga.`;
	const difference = toCount - fromCount;
	const compared =
		difference === 0
			? `lika många som år ${c.fromYear}`
			: `${countWord(Math.abs(difference))} ${difference < 0 ? 'färre' : 'fler'} än år ${c.fromYear}, då de var ${countWord(fromCount)}`;
	return `År ${c.toYear} finns ${scenes(toCount)} i kartläggningen, ${compared}.`;
}

/** A to-year scene's name, with the from-year name when the two differ. */
function continuedName(relation: SceneRelation, byId: Map<string, SceneResult>): string {
	const to = relation.to.map((id) => byId.get(id)?.name ?? id);
	const from = relation.from.map((id) => byId.get(id)?.name ?? id);
	const same = to.length === from.length && to.every((name, i) => name === from[i]);
	return same ? joinNames(to) : `${joinNames(to)} (${joinNames(from)})`;
}

function statusSentences(c: SceneComparison, byId: Map<string, SceneResult>): string[] {
	const sentences: string[] = [];
	const same = c.relations.filter((r) => r.type === 'same');
	const inMergeOrSplit = new Set(c.relations.filter((r) => r.type === 'merge' || r.type === 'split').flatMap((r) => r.to));
	const plainSame = same.filter((r) => !r.to.some((id) => inMergeOrSplit.has(id)));
	const { persisted, ceased } = c.summary;
	if (persisted > 0) {
		const names = plainSame.map((r) => continuedName(r, byId));
		const list = names.length ? `: ${joinNames(names)}` : '';
		sentences.push(`${capitalise(countWord(persisted))} av ${c.fromYear} års scener kvarstår${list}.`);
	}
	for (const relation of c.relations) {
		const from = joinNames(relation.from.map((id) => byId.get(id)?.name ?? id));
		const to = joinNames(relation.to.map((id) => byId.get(id)?.name ?? id));
		if (relation.type === 'merge') sentences.push(`${from} har gått ihop till en scen ${c.toYear}: ${to}.`);
		if (relation.type === 'split') sentences.push(`${from} har delats i ${countWord(relation.to.length)} scener ${c.toYear}: ${to}.`);
	}
	const byStatus = (status: SceneResult['status']) => c.scenes.filter((s) => s.status === status).map((s) => s.name);
	if (ceased > 0 && c.summary.toCount > 0) {
		sentences.push(`${capitalise(countWord(ceased))} har upphört: ${joinNames(byStatus('ceased'))}.`);
	}
	const fresh = byStatus('new');
	if (fresh.length > 0 && c.summary.fromCount > 0) {
		sentences.push(`${capitalise(counted(fresh.length, 'är ny', 'är nya'))}: ${joinNames(fresh)}.`);
	}
	return sentences;
}

function displacementSentences(c: SceneComparison, byId: Map<string, SceneResult>, radius: number): string[] {
	const candidates = c.relations.filter((r) => r.type === 'displacement');
	const ceased = c.scenes.filter((s) => s.status === 'ceased');
	if (ceased.length === 0 || c.summary.new === 0) return [];
	const within = radiusText(radius);
	if (candidates.length === 0) {
		return [`Ingen av de upphörda scenerna har en ny scen inom ${within}: analysen ser ingen möjlig förflyttning.`];
	}
	const sentences: string[] = [];
	const name = (id: string) => byId.get(id)?.name ?? id;
	for (const scene of ceased) {
		const own = candidates.filter((r) => r.from.includes(scene.id));
		if (own.length === 0) continue;
		const targets = own.map((r) => `${r.to.map(name).join(' och ')} (${metres(r.distance)} åt ${r.compass})`);
		sentences.push(`${scene.name} kan ha flyttat till ${targets.join(' eller till ')}.`);
	}
	const alone = ceased.filter((s) => !candidates.some((r) => r.from.includes(s.id))).map((s) => s.name);
	if (alone.length > 0) {
		sentences.push(`${joinNames(alone)} har ingen ny scen inom ${within}.`);
	}
	const word = candidates.length === 1 ? 'en möjlig förflyttning – en kandidat' : 'möjliga förflyttningar – kandidater';
	sentences.push(
		`Det är ${word}, inte bevisade: närheten säger inget om att det är samma personer eller samma handel. Avstånd och väderstreck gäller scenernas mittpunkter.`
	);
	return sentences;
}

function drawingOf(c: SceneComparison, year: number): string | null {
	const drawings = [...new Set(c.scenes.filter((s) => s.year === year).map((s) => s.drawing))];
	if (drawings.length !== 1 || drawings[0] === null || drawings[0] === undefined) return null;
	return DRAWING_WORDS[drawings[0]] ?? null;
}

function caveat(c: SceneComparison, options: SceneParagraphOptions): string | null {
	const from = drawingOf(c, c.fromYear);
	const to = drawingOf(c, c.toYear);
	const changed = c.relations.some((r) => r.drawingChanged);
	if (!from || !to || (from === to && !changed)) return null;
	const plusMinus = (m: number | null | undefined) => (m ? ` (±${metres(m)})` : '');
	return (
		`Scenerna ${c.fromYear} är ritade som ${from}${plusMinus(options.precision?.from)} och ${c.toYear} som ${to}${plusMinus(options.precision?.to)}. ` +
		'Två scener räknas därför som samma plats när ritningarna ligger högst den grövre ritningens osäkerhet från varandra, ' +
		'och en ändrad yta mellan åren kan bero på ritmetoden, inte på platsen.'
	);
}

/**
 * The comparison of two years' drug scenes as paragraphs of Swedish prose: the counts and
 * statuses, the possible displacements, and the caveat about drawing methods.
 *
 * @example
 * sceneParagraphs(compareScenes(scenes2021, scenes2023), { displacementRadius: 1000 });
 * // ['År 2023 finns sex öppna drogscener i kartläggningen, en färre än år 2021, då de var sju. Fyra av 2021 års scener kvarstår: …',
 * //  'Husby C kan ha flyttat till Nordkapsgatan, Husby (460 m åt sydost) eller till …',
 * //  'Scenerna 2021 är ritade som cirklar/ovaler (±150 m) och 2023 som ytor längs gator och platser (±75 m). …']
 */
export function sceneParagraphs(comparison: SceneComparison, options: SceneParagraphOptions): string[] {
	const byId = new Map(comparison.scenes.map((s) => [s.id, s]));
	const paragraphs = [
		[countSentence(comparison), ...statusSentences(comparison, byId)].join(' '),
		displacementSentences(comparison, byId, options.displacementRadius).join(' '),
		caveat(comparison, options) ?? ''
	];
	return paragraphs.filter((p) => p.length > 0);
}
