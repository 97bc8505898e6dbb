/**
 * Who may receive a change: the same rules the reads use (auth/access.ts), asked at send time so a
 * narrowed layer, a meeting an organisation left or a disabled account applies to the next event.
 *
 * - feature: the layer as LayerView sees it (canSeeLayer): a property owner never gets a drug
 *   scene's change, not even its id;
 * - meeting, agenda item: the meeting's organisations (canSeeMeeting);
 * - walk, finding: every account (walks are read by all partners, inventory-store.ts);
 * - measure: the measure store's own rule (MeasureStore.sees);
 * - report: canSeeReport (the reporting organisation, the operator, the police);
 * - focus place: canSeeFocusPlace (those who see every report, and the place's owner).
 *
 * One `ChangeScope` is built per batch of changes and shared by every subscriber: what it looks up
 * (the layers' visibility, a meeting's organisations) is read once per batch, not once per
 * subscriber.
 */
import { canSeeFocusPlace, canSeeLayer, canSeeMeeting, canSeeReport, type Viewer } from '../auth/access';
import type { AccountStore } from '../auth/account-store';
import type { Db } from '../db/database';
import type { MeasureStore } from '../measures/measure-store';
import type { Change } from './change-bus';

export interface VisibilitySources {
	db: Db;
	accounts: AccountStore;
	measures: MeasureStore;
}

export class ChangeScope {
	readonly #sources: VisibilitySources;
	#layers: Map<string, string[] | null> | undefined;
	readonly #meetings = new Map<string, string[] | null>();
	readonly #reports = new Map<string, string | null>();
	readonly #focusPlaces = new Map<string, string | null>();
	#operator: string | null | undefined;

	constructor(sources: VisibilitySources) {
		this.#sources = sources;
	}

	/** The organisations that see a layer (null: all partners); undefined: no such layer. */
	#layer(id: string): string[] | null | undefined {
		if (!this.#layers) {
			const visible = this.#sources.accounts.visibilities();
			const ids = this.#sources.db.prepare('SELECT id FROM layers').pluck().all() as string[];
			this.#layers = new Map(ids.map((layer) => [layer, visible.get(layer) ?? null]));
		}
		return this.#layers.get(id);
	}

	/** A meeting's organisations; null: no such meeting. */
	#meeting(id: string): string[] | null {
		if (!this.#meetings.has(id)) {
			const row = this.#sources.db.prepare('SELECT organisation_ids FROM meetings WHERE id = ?').get(id) as { organisation_ids: string } | undefined;
			this.#meetings.set(id, row ? (JSON.parse(row.organisation_ids) as string[]) : null);
		}
		return this.#meetings.get(id)!;
	}

	#report(id: string): string | null {
		if (!this.#reports.has(id)) {
			const row = this.#sources.db.prepare('SELECT organisation_id FROM reports WHERE id = ?').get(id) as { organisation_id: string } | undefined;
			this.#reports.set(id, row?.organisation_id ?? null);
		}
		return this.#reports.get(id)!;
	}

	/** A focus place's owning organisation; null: no such focus place. */
	#focusPlace(id: string): string | null {
		if (!this.#focusPlaces.has(id)) {
			const row = this.#sources.db.prepare('SELECT owner_organisation_id FROM focus_places WHERE id = ?').get(id) as { owner_organisation_id: string } | undefined;
			this.#focusPlaces.set(id, row?.owner_organisation_id ?? null);
		}
		return this.#focusPlaces.get(id)!;
	}

	#operatorId(): string | null {
		if (this.#operator === undefined) this.#operator = this.#sources.accounts.operator()?.id ?? null;
		return this.#operator;
	}

	sees(viewer: Viewer, change: Change): boolean {
		switch (change.kind) {
			case 'feature': {
				const visibleTo = change.layer === null ? undefined : this.#layer(change.layer);
				return visibleTo !== undefined && canSeeLayer(viewer, visibleTo);
			}
			case 'meeting':
			case 'agenda-item': {
				const organisations = this.#meeting(change.kind === 'meeting' ? change.id : (change.parent ?? ''));
				return organisations !== null && canSeeMeeting(viewer, organisations);
			}
			case 'inventory':
			case 'finding':
				return true;
			case 'measure':
				return this.#sources.measures.sees(change.id, viewer);
			case 'report': {
				const organisation = this.#report(change.id);
				return organisation !== null && canSeeReport(viewer, organisation, this.#operatorId());
			}
			case 'focus-place': {
				const owner = this.#focusPlace(change.id);
				return owner !== null && canSeeFocusPlace(viewer, owner, this.#operatorId());
			}
			default:
				return false;
		}
	}
}
