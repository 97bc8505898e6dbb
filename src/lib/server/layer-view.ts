/**
 * One viewer's view of the layers: the only way endpoints reach them. A layer the viewer's
 * organisation may not see does not exist here – not in the list, not by id (404 as for an
 * unknown layer, so its existence does not leak), not in the analysis, exports or history.
 * Writes need the role redaktör; visibility is the admin's.
 */
import type { FeatureCollection } from 'geojson';
import type { LayerSummary } from '$lib/layers/catalog';
import { ConflictError, type HistoryEntry, type NewLayer, type StoredFeature } from './db/feature-store';
import { canSeeLayer, requireRole, type Viewer } from './auth/access';
import type { AccountStore } from './auth/account-store';
import { InvalidFeatureError, LayerNotFoundError, type LayerBody, type LayerReader, type LayerService } from './layer-service';

export class LayerView implements LayerReader {
	readonly #service: LayerService;
	readonly #accounts: AccountStore;
	readonly viewer: Viewer;
	/** Read once per view (a view lives for one request). */
	#visibility: Map<string, string[]> | undefined;

	constructor(service: LayerService, accounts: AccountStore, viewer: Viewer) {
		this.#service = service;
		this.#accounts = accounts;
		this.viewer = viewer;
	}

	/** What the history records as the author of a change. */
	get by(): string {
		return `${this.viewer.displayName} (${this.viewer.username})`;
	}

	#visibleTo(id: string): string[] | null {
		this.#visibility ??= this.#accounts.visibilities();
		return this.#visibility.get(id) ?? null;
	}

	#sees(id: string): boolean {
		return canSeeLayer(this.viewer, this.#visibleTo(id));
	}

	#visibleIds(): string[] {
		return this.#service.store.layers().map((l) => l.id).filter((id) => this.#sees(id));
	}

	/** @throws LayerNotFoundError for unknown and for hidden layers alike. */
	#require(id: string): void {
		if (!this.sees(id)) throw new LayerNotFoundError(id, this.#visibleIds());
	}

	/** True when the layer exists and the viewer may see it (an unknown and a hidden layer are alike: false). */
	sees(id: string): boolean {
		return Boolean(this.#service.store.layer(id)) && this.#sees(id);
	}

	/** @throws LayerNotFoundError (404, naming only visible layers) unless the viewer may see the layer. */
	requireLayer(id: string): void {
		this.#require(id);
	}

	list(): LayerSummary[] {
		return this.#service
			.list()
			.filter((l) => this.#sees(l.id))
			.map((l) => ({ ...l, visibleTo: this.#visibleTo(l.id) }));
	}

	get(id: string): LayerBody {
		this.#require(id);
		const body = this.#service.get(id);
		return { ...body, summary: { ...body.summary, visibleTo: this.#visibleTo(id) } };
	}

	features(id: string): FeatureCollection {
		this.#require(id);
		return this.#service.features(id);
	}

	feature(layerId: string, featureId: string): StoredFeature {
		this.#require(layerId);
		return this.#service.feature(layerId, featureId);
	}

	history(layerId: string, featureId?: string): HistoryEntry[] {
		this.#require(layerId);
		return this.#service.history(layerId, featureId);
	}

	/** The service itself, for a write the viewer may make to this layer (redaktör, visible). */
	writable(layerId: string): LayerService {
		requireRole(this.viewer, 'redaktör');
		this.#require(layerId);
		return this.#service;
	}

	createFeature(layerId: string, input: unknown): StoredFeature {
		return this.writable(layerId).createFeature(layerId, input, this.by);
	}

	updateFeature(layerId: string, featureId: string, baseVersion: number, input: unknown): StoredFeature {
		return this.writable(layerId).updateFeature(layerId, featureId, baseVersion, input, this.by);
	}

	deleteFeature(layerId: string, featureId: string, baseVersion: number): number {
		return this.writable(layerId).deleteFeature(layerId, featureId, baseVersion, this.by);
	}

	restoreFeature(layerId: string, featureId: string, version: number, baseVersion: number): StoredFeature {
		return this.writable(layerId).restoreFeature(layerId, featureId, version, baseVersion, this.by);
	}

	/**
	 * A new layer, seen at first only by the maker's organisation (an admin may give a wider
	 * visibility, or widen it later): a new mapping is not shared before someone decides so.
	 */
	createLayer(layer: NewLayer, visibleTo?: string[] | null): LayerSummary {
		requireRole(this.viewer, 'redaktör');
		const wanted = this.viewer.role === 'admin' && visibleTo !== undefined ? visibleTo : [this.viewer.organisation.id];
		// An empty list would be stored as no rows, which reads back as "all partners".
		if (wanted !== null && wanted.length === 0) throw new InvalidFeatureError('Ange minst en organisation i visibleTo, eller null för alla parter.', 'visibleTo');
		// One transaction: a layer must never exist, even for a moment, without its visibility.
		try {
			this.#accounts.transaction(() => {
				this.#service.store.createLayer(layer, this.by);
				this.#accounts.setVisibility(layer.id, wanted);
			});
		} catch (err) {
			// The id is taken. The answer is the same whether the viewer may see that layer or not: it
			// cannot hide that the id is unavailable (the create fails either way), but it does not
			// confirm that a layer exists behind it, nor anything about it.
			if (err instanceof ConflictError) throw new ConflictError(takenId(layer.id));
			throw err;
		}
		this.#visibility = undefined;
		return this.get(layer.id).summary;
	}

	setVisibility(layerId: string, visibleTo: string[] | null): LayerSummary {
		requireRole(this.viewer, 'admin');
		this.#require(layerId);
		this.#accounts.setVisibility(layerId, visibleTo);
		this.#visibility = undefined;
		return this.get(layerId).summary;
	}
}

/** The one answer to a new layer whose id is taken, by a layer the viewer sees or one they do not. */
export const takenId = (id: string) => `Id:t ${id} kan inte användas för ett nytt lager. Välj ett annat id, till exempel med år eller område i namnet (drogscener-2025, otrygga-platser-husby).`;
