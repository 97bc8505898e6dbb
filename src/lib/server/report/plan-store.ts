/**
 * The action plan: the lägesbild's five collaboration areas for one year, each with its
 * description, goals, work form, comment, the year's results and next year's priorities linked to
 * measures and places in the app – one versioned object per area and year (object history kind
 * 'plan-area', object id "{year}/{area}").
 *
 * A year nobody has saved is version 0 with its starting content: 2023 is the lägesbild's own
 * items (demo/lagesbild-2023.ts, each with its section); a later year carries the year before on
 * (description, collaborators, goals and work form), with empty results, comment and priorities
 * – what the parties keep between editions. Years before 2023 have no plan.
 *
 * Links are stored by id and shown to each reader through the app's own rules: a measure the
 * reader may not see, or a place on a layer hidden from them, is left out of their view (and
 * their edition). A writer who saves an item keeps the links they cannot see (matched by the
 * item's text), so nobody removes what they were never shown. Written by those who write the
 * lägesbild (auth/access.ts requireLagesbildEdit); read by everyone.
 * Runs on SQLite and PostgreSQL alike (db/app-database.ts; plan-store.test.ts runs on both).
 */
import * as v from 'valibot';
import { sql } from 'kysely';
import type { CollaborationArea, WorkForm } from '$lib/report/model';
import { DEMO_COLLABORATION_AREAS } from '$lib/report/demo/lagesbild-2023';
import { requireLagesbildEdit } from '../auth/access';
import type { AppDatabase } from '../db/app-database';
import { ObjectHistory, type ObjectVersion } from '../db/object-history';
import type { LayerView } from '../layer-view';
import type { MeasureStore } from '../measures/measure-store';
import { BadParamError, NotFoundError, VersionConflictError } from '../errors';
import { LAST_YEAR } from './summary-store';

export const FIRST_PLAN_YEAR = 2023;

export interface PlaceRef {
	layerId: string;
	featureId: string;
}

/** What is stored (and versioned) of one area. */
export interface PlanAreaContent {
	title: string;
	section: string;
	description: string;
	collaborators: string;
	goals: string[];
	workForms: WorkForm[];
	comment: string;
	results: string[];
	priorities: { text: string; measureIds: string[]; places: PlaceRef[] }[];
	example: boolean;
}

/** One area as a reader sees it: links resolved to what they may see. */
export interface PlanArea extends Omit<PlanAreaContent, 'priorities'> {
	id: string;
	year: number;
	prioritiesYear: number;
	priorities: { text: string; measures: { id: string; title: string; status: string }[]; places: (PlaceRef & { name: string })[] }[];
	/** 0: never saved (the starting content). */
	version: number;
	updatedAt: string | null;
	updatedBy: string | null;
}

const line = (what: string, max: number) => v.pipe(v.string(`${what} ska vara text`), v.trim(), v.maxLength(max, `${what} får vara högst ${max} tecken`));
const lines = (what: string) => v.pipe(v.array(v.pipe(line(what, 500), v.minLength(1, `en tom rad i ${what}`)), `${what} ska vara en lista`), v.maxLength(30, `högst 30 rader i ${what}`));
const id = v.pipe(v.string(), v.minLength(1), v.maxLength(200));
export const PlanAreaChange = v.object({
	baseVersion: v.pipe(v.number('ange versionen som ett heltal'), v.integer(), v.minValue(0)),
	description: line('beskrivningen', 5000),
	collaborators: line('vilka som samverkar', 300),
	goals: lines('målen'),
	workForms: v.pipe(v.array(v.picklist(['special-measures', 'line-work'], 'arbetsformen är special-measures eller line-work')), v.maxLength(2)),
	comment: line('kommentaren', 5000),
	results: lines('resultaten'),
	priorities: v.pipe(
		v.array(
			v.object({
				text: v.pipe(line('prioriteringen', 500), v.minLength(1, 'en prioritering behöver en text')),
				measureIds: v.pipe(v.array(id), v.maxLength(20)),
				places: v.pipe(v.array(v.object({ layerId: id, featureId: id })), v.maxLength(20))
			})
		),
		v.maxLength(30, 'högst 30 prioriteringar')
	)
});
export type PlanAreaInput = v.InferOutput<typeof PlanAreaChange>;

interface StoredArea {
	id: string;
	content: PlanAreaContent;
	version: number;
	updatedAt: string | null;
	updatedBy: string | null;
}

interface Row {
	year: number;
	id: string;
	position: number;
	data: string;
	version: number;
	updated_at: string;
	updated_by: string;
}

const contentOf = (area: CollaborationArea): PlanAreaContent => ({
	title: area.title,
	section: area.section,
	description: area.description,
	collaborators: area.collaborators,
	goals: [...area.goals],
	workForms: [...area.workForms],
	comment: area.comment,
	results: [...area.results],
	// the demo's items name no places; links are made in the app
	priorities: area.priorities.map((p) => ({ text: p.text, measureIds: [...p.measureIds], places: [] })),
	example: area.example
});

export class PlanStore {
	readonly #database: AppDatabase;
	readonly #measures: MeasureStore;
	readonly #history: ObjectHistory;
	readonly #now: () => number;

	constructor(database: AppDatabase, measures: MeasureStore, now: () => number = Date.now) {
		this.#database = database;
		this.#measures = measures;
		this.#history = new ObjectHistory(database);
		this.#now = now;
	}

	/**
	 * The year's areas as stored or as they start (each year from the one before: one query for
	 * every year up to `year`). Years before the first plan, or past what an edition can be, have none.
	 */
	async #stored(year: number): Promise<StoredArea[]> {
		if (!Number.isInteger(year) || year < FIRST_PLAN_YEAR || year > LAST_YEAR) return [];
		const { rows } = await sql<Row>`SELECT * FROM plan_areas WHERE year BETWEEN ${FIRST_PLAN_YEAR} AND ${year} ORDER BY year, position`.execute(this.#database.query);
		let areas: StoredArea[] = [];
		for (let y = FIRST_PLAN_YEAR; y <= year; y++) {
			const start =
				y === FIRST_PLAN_YEAR
					? DEMO_COLLABORATION_AREAS.map((a) => ({ id: a.id, content: contentOf(a) }))
					: areas.map(({ id, content }) => ({ id, content: { ...content, comment: '', results: [], priorities: [], section: `Handlingsplanen ${y}` } }));
			const saved = new Map(rows.filter((r) => r.year === y).map((r) => [r.id, r]));
			areas = start.map(({ id, content }) => {
				const row = saved.get(id);
				return row
					? { id, content: JSON.parse(row.data) as PlanAreaContent, version: row.version, updatedAt: row.updated_at, updatedBy: row.updated_by }
					: { id, content, version: 0, updatedAt: null, updatedBy: null };
			});
		}
		return areas;
	}

	#view(year: number, area: StoredArea, layers: LayerView, visibleMeasures: Map<string, { id: string; title: string; status: string }>): PlanArea {
		const { priorities, ...content } = area.content;
		return {
			...content,
			id: area.id,
			year,
			prioritiesYear: year + 1,
			priorities: priorities.map((p) => ({
				text: p.text,
				measures: p.measureIds.flatMap((m) => (visibleMeasures.has(m) ? [visibleMeasures.get(m)!] : [])),
				places: p.places.flatMap((ref) => {
					const name = this.#placeName(layers, ref);
					return name === null ? [] : [{ ...ref, name }];
				})
			})),
			version: area.version,
			updatedAt: area.updatedAt,
			updatedBy: area.updatedBy
		};
	}

	/** The place's name for this reader; null when they may not see it (or it is gone). */
	#placeName(layers: LayerView, ref: PlaceRef): string | null {
		if (!layers.sees(ref.layerId)) return null;
		try {
			const feature = layers.feature(ref.layerId, ref.featureId);
			return String(feature.properties?.['name'] ?? ref.featureId);
		} catch {
			return null;
		}
	}

	async #visibleMeasures(layers: LayerView) {
		const measures = await this.#measures.list({ status: 'all' }, layers);
		return new Map(measures.map((m) => [m.id, { id: m.id, title: m.title, status: m.status }]));
	}

	/** The year's five areas as `layers`' viewer sees them. */
	async list(year: number, layers: LayerView): Promise<PlanArea[]> {
		const measures = await this.#visibleMeasures(layers);
		return (await this.#stored(year)).map((area) => this.#view(year, area, layers, measures));
	}

	async get(year: number, id: string, layers: LayerView): Promise<PlanArea> {
		const area = (await this.#stored(year)).find((a) => a.id === id);
		if (!area) throw new NotFoundError(`Handlingsplanen ${year} har inget samverkansområde ”${id}”.`);
		return this.#view(year, area, layers, await this.#visibleMeasures(layers));
	}

	/**
	 * Saves one area (a new version). Links must be to measures and places the writer sees (400
	 * otherwise); links they cannot see are kept. @throws VersionConflictError on a stale base.
	 */
	async update(year: number, id: string, change: PlanAreaInput, layers: LayerView, action: 'update' | 'restore' = 'update'): Promise<PlanArea> {
		requireLagesbildEdit(layers.viewer);
		const visible = await this.#visibleMeasures(layers);
		change.priorities.forEach((p, i) => {
			for (const m of p.measureIds) {
				if (!visible.has(m)) throw new BadParamError(`priorities.${i}.measureIds`, `Prioritering ${i + 1}: åtgärden ${m} finns inte (eller så får ditt konto inte se den). Välj en åtgärd ur listan.`);
			}
			for (const ref of p.places) {
				if (this.#placeName(layers, ref) === null) throw new BadParamError(`priorities.${i}.places`, `Prioritering ${i + 1}: platsen ${ref.featureId} i lagret ${ref.layerId} finns inte (eller så får ditt konto inte se den). Välj en plats ur listan.`);
			}
		});
		return this.#database.write(async () => {
			const areas = await this.#stored(year);
			const position = areas.findIndex((a) => a.id === id);
			if (position < 0) throw new NotFoundError(`Handlingsplanen ${year} har inget samverkansområde ”${id}”.`);
			const current = areas[position]!;
			if (current.version !== change.baseVersion) {
				throw new VersionConflictError(
					`Samverkansområdet ”${current.content.title}” har ändrats sedan version ${change.baseVersion}: nu version ${current.version}${current.updatedBy ? ` (${current.updatedBy})` : ''}. Läs in det igen.`,
					{ baseVersion: change.baseVersion, current: this.#view(year, current, layers, visible), yours: change }
				);
			}
			// links the writer cannot see stay with the item of the same text
			const hiddenOf = (text: string) => {
				const before = current.content.priorities.find((p) => p.text === text);
				return {
					measureIds: (before?.measureIds ?? []).filter((m) => !visible.has(m)),
					places: (before?.places ?? []).filter((ref) => this.#placeName(layers, ref) === null)
				};
			};
			const next: PlanAreaContent = {
				...current.content,
				description: change.description,
				collaborators: change.collaborators,
				goals: change.goals,
				workForms: [...new Set(change.workForms)],
				comment: change.comment,
				results: change.results,
				priorities: change.priorities.map((p) => {
					const hidden = hiddenOf(p.text);
					return {
						text: p.text,
						measureIds: [...new Set([...p.measureIds, ...hidden.measureIds])],
						places: [...p.places, ...hidden.places].filter((ref, i, all) => all.findIndex((r) => r.layerId === ref.layerId && r.featureId === ref.featureId) === i)
					};
				})
			};
			const at = new Date(this.#now()).toISOString();
			const version = current.version + 1;
			await sql`INSERT INTO plan_areas (year, id, position, data, version, updated_at, updated_by) VALUES (${year}, ${id}, ${position}, ${JSON.stringify(next)}, ${version}, ${at}, ${layers.by})
				ON CONFLICT (year, id) DO UPDATE SET data = excluded.data, version = excluded.version, updated_at = excluded.updated_at, updated_by = excluded.updated_by`.execute(
				this.#database.query
			);
			await this.#history.record<PlanAreaContent>('plan-area', `${year}/${id}`, {
				version,
				action: current.version === 0 ? 'create' : action,
				at,
				by: layers.by,
				before: current.version === 0 ? null : current.content,
				after: next
			});
			return this.get(year, id, layers);
		});
	}

	/** Every saved version of the area (links as stored: ids, not names). */
	async history(year: number, id: string, layers: LayerView): Promise<ObjectVersion<PlanAreaContent>[]> {
		await this.get(year, id, layers);
		return this.#history.list<PlanAreaContent>('plan-area', `${year}/${id}`);
	}

	async restore(year: number, id: string, version: number, baseVersion: number, layers: LayerView): Promise<PlanArea> {
		requireLagesbildEdit(layers.viewer);
		const snapshot = await this.#history.snapshot<PlanAreaContent>('plan-area', `${year}/${id}`, version);
		if (!snapshot) throw new NotFoundError(`Samverkansområdet har ingen version ${version} att återställa.`);
		// a restored link the restorer cannot see is kept, as in a save
		const visible = await this.#visibleMeasures(layers);
		return this.update(
			year,
			id,
			{
				baseVersion,
				description: snapshot.description,
				collaborators: snapshot.collaborators,
				goals: snapshot.goals,
				workForms: snapshot.workForms,
				comment: snapshot.comment,
				results: snapshot.results,
				priorities: snapshot.priorities.map((p) => ({
					text: p.text,
					measureIds: p.measureIds.filter((m) => visible.has(m)),
					places: p.places.filter((ref) => this.#placeName(layers, ref) !== null)
				}))
			},
			layers,
			'restore'
		);
	}
}
