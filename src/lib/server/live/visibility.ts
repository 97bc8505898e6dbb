/**
 * Who may receive a change: the same rules the reads use (auth/access.ts), asked at send time so a
 * narrowed layer, a meeting an organisation left or a disabled account applies to the next event.
 *
 * - feature: the layer as LayerView sees it (canSeeLayer): a property owner never gets a drug
 *   scene's change, not even its id;
 * - meeting, agenda item: the meeting's organisations (canSeeMeeting);
 * - walk, finding: every account (walks are read by all partners, inventory-store.ts);
 * - measure: the measure store's own rule (MeasureStore.visibilityOf);
 * - report: canSeeReport (the reporting organisation, the operator, the police);
 * - focus place: canSeeFocusPlace (those who see every report, and the place's owner).
 *
 * One `ChangeScope` is loaded per batch of changes and shared by every subscriber: what it looks up
 * (the layers' visibility, the meetings, reports, focus places and measures the batch names) is
 * read once per batch, in a few queries on either database, not once per subscriber. Deciding is
 * then synchronous.
 */
import { sql } from 'kysely';
import { canSeeFocusPlace, canSeeLayer, canSeeMeeting, canSeeReport, type Viewer } from '../auth/access';
import type { AccountStore } from '../auth/account-store';
import type { AppDatabase } from '../db/app-database';
import type { MeasureStore } from '../measures/measure-store';
import type { Change } from './change-bus';

export interface VisibilitySources {
	database: AppDatabase;
	accounts: AccountStore;
	measures: MeasureStore;
}

/** `rows` as a map from id to value. */
const byId = <R extends { id: string }, V>(rows: readonly R[], value: (row: R) => V) => new Map(rows.map((row) => [row.id, value(row)]));

export class ChangeScope {
	/** The organisations that see each layer (null: all partners); absent: no such layer. */
	readonly #layers: Map<string, string[] | null>;
	/** Each meeting's organisations; absent: no such meeting. */
	readonly #meetings: Map<string, string[]>;
	/** Each report's reporting organisation. */
	readonly #reports: Map<string, string>;
	/** Each focus place's owning organisation. */
	readonly #focusPlaces: Map<string, string>;
	readonly #measures: Map<string, (viewer: Viewer) => boolean>;
	readonly #operator: string | null;

	private constructor(parts: {
		layers: Map<string, string[] | null>;
		meetings: Map<string, string[]>;
		reports: Map<string, string>;
		focusPlaces: Map<string, string>;
		measures: Map<string, (viewer: Viewer) => boolean>;
		operator: string | null;
	}) {
		this.#layers = parts.layers;
		this.#meetings = parts.meetings;
		this.#reports = parts.reports;
		this.#focusPlaces = parts.focusPlaces;
		this.#measures = parts.measures;
		this.#operator = parts.operator;
	}

	/** Reads what deciding about `changes` needs, for every subscriber. */
	static async load(sources: VisibilitySources, changes: readonly Change[]): Promise<ChangeScope> {
		const ids = (...kinds: Change['kind'][]) => [...new Set(changes.filter((c) => kinds.includes(c.kind)).map((c) => (c.kind === 'agenda-item' ? (c.parent ?? '') : c.id)))];
		const query = sources.database.query;
		const among = async <R extends { id: string }>(table: string, column: string, list: string[]) =>
			list.length === 0 ? [] : (await sql<R>`SELECT id, ${sql.ref(column)} AS value FROM ${sql.table(table)} WHERE id IN (${sql.join(list)})`.execute(query)).rows;
		const hasFeatures = changes.some((c) => c.kind === 'feature');
		// The layers' visibility and the operator as the database has them (another instance may have changed them).
		await sources.accounts.fresh();
		const [layerIds, meetings, reports, focusPlaces, measures] = await Promise.all([
			hasFeatures ? sql<{ id: string }>`SELECT id FROM layers`.execute(query).then((r) => r.rows.map((row) => row.id)) : Promise.resolve([]),
			among<{ id: string; value: string }>('meetings', 'organisation_ids', ids('meeting', 'agenda-item')),
			among<{ id: string; value: string }>('reports', 'organisation_id', ids('report')),
			among<{ id: string; value: string }>('focus_places', 'owner_organisation_id', ids('focus-place')),
			sources.measures.visibilityOf(ids('measure'))
		]);
		const visible = hasFeatures ? sources.accounts.visibilities() : new Map<string, string[]>();
		return new ChangeScope({
			layers: new Map(layerIds.map((id) => [id, visible.get(id) ?? null])),
			meetings: byId(meetings, (row) => JSON.parse(row.value) as string[]),
			reports: byId(reports, (row) => row.value),
			focusPlaces: byId(focusPlaces, (row) => row.value),
			measures,
			operator: sources.accounts.operator()?.id ?? null
		});
	}

	sees(viewer: Viewer, change: Change): boolean {
		switch (change.kind) {
			case 'feature': {
				const visibleTo = change.layer === null ? undefined : this.#layers.get(change.layer);
				return visibleTo !== undefined && canSeeLayer(viewer, visibleTo);
			}
			case 'meeting':
			case 'agenda-item': {
				const organisations = this.#meetings.get(change.kind === 'meeting' ? change.id : (change.parent ?? ''));
				return organisations !== undefined && canSeeMeeting(viewer, organisations);
			}
			case 'inventory':
			case 'finding':
				return true;
			case 'measure':
				return this.#measures.get(change.id)?.(viewer) ?? false;
			case 'report': {
				const organisation = this.#reports.get(change.id);
				return organisation !== undefined && canSeeReport(viewer, organisation, this.#operator);
			}
			case 'focus-place': {
				const owner = this.#focusPlaces.get(change.id);
				return owner !== undefined && canSeeFocusPlace(viewer, owner, this.#operator);
			}
			default:
				return false;
		}
	}
}
