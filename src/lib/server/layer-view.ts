/**
 * One viewer's view of the layers: the only way endpoints reach them. A layer the viewer's
 * organisation may not see does not exist here – not in the list, not by id (404 as for an
 * unknown layer, so its existence does not leak), not in the analysis, exports or history.
 * Writes follow the layer's owner and editing grants (auth/access.ts): seeing a layer is not
 * enough to change it. Who sees and edits a layer is its owner's admins' and the system
 * administrator's to decide.
 */
import type { FeatureCollection } from 'geojson';
import type { LayerAccessInfo } from '$lib/accounts';
import type { LayerSummary } from '$lib/layers/catalog';
import { type HistoryEntry, type LayerRecord, type NewLayer, type StoredFeature } from './db/feature-store';
import { administersLayer, canSeeLayer, layerRight, requireLayerAdmin, requireLayerWrite, requireRole, type EditLevel, type LayerAccess, type OrgRef, type Viewer } from './auth/access';
import type { AccountStore } from './auth/account-store';
import { type LayerBody, type LayerReader, type LayerService } from './layer-service';
import { ConflictError, InvalidFeatureError, LayerNotFoundError } from './errors';

export class LayerView implements LayerReader {
	readonly #service: LayerService;
	readonly #accounts: AccountStore;
	readonly viewer: Viewer;
	/** Read once per view (a view lives for one request). */
	#visibility: Map<string, string[]> | undefined;
	#organisations: Map<string, OrgRef> | undefined;

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

	/** An organisation by id, with its name for the messages that name it. */
	organisation(id: string): OrgRef {
		this.#organisations ??= new Map(this.#accounts.organisations().map((o) => [o.id, { id: o.id, name: o.name }]));
		return this.#organisations.get(id) ?? { id, name: id };
	}

	/** True when the layer exists and the viewer may see it (an unknown and a hidden layer are alike: false). */
	sees(id: string): boolean {
		return Boolean(this.#service.store.layer(id)) && this.#sees(id);
	}

	/**
	 * Whether another organisation's accounts (not its system administrator: what its members may
	 * see) see a layer the viewer sees: for what is shared with a walk's participants. False for a
	 * layer the viewer does not see, so the answer never says more than the viewer may know.
	 */
	organisationSees(organisationId: string, layerId: string): boolean {
		if (!this.sees(layerId)) return false;
		const visibleTo = this.#visibleTo(layerId);
		return visibleTo === null || visibleTo.includes(organisationId);
	}

	/**
	 * Whether the viewer sees every layer `pick` finds in the whole catalogue, hidden layers
	 * included, and `pick` finds no unknown name: for things that name layers (a saved view's
	 * "scenes" without years means every year). The catalogue never leaves this method.
	 */
	seesAllOf(pick: (catalogue: readonly Pick<LayerSummary, 'id' | 'kind' | 'year'>[]) => { layerIds: string[]; unknown: string[] }): boolean {
		const catalogue = this.#service.store.layers().map((l) => ({ id: l.id, kind: l.kind as LayerSummary['kind'], year: l.year }));
		const { layerIds, unknown } = pick(catalogue);
		return unknown.length === 0 && layerIds.every((id) => this.#sees(id));
	}

	/** @throws LayerNotFoundError (404, naming only visible layers) unless the viewer may see the layer. */
	requireLayer(id: string): void {
		this.#require(id);
	}

	/** Who owns the layer, who else may write in it and who sees it. @throws LayerNotFoundError unless the viewer sees it. */
	access(id: string): LayerAccess {
		this.#require(id);
		const record = this.#service.store.layer(id)!;
		return {
			id,
			title: record.title,
			owner: this.organisation(record.ownerOrganisationId),
			editors: this.#accounts.editors().get(id) ?? [],
			visibleTo: this.#visibleTo(id)
		};
	}

	#summary(summary: LayerSummary): LayerSummary {
		const access = this.access(summary.id);
		const info: LayerAccessInfo = {
			owner: access.owner,
			editors: access.editors,
			right: layerRight(this.viewer, access),
			administer: administersLayer(this.viewer, access)
		};
		return { ...summary, visibleTo: access.visibleTo === null ? null : [...access.visibleTo], access: info };
	}

	list(): LayerSummary[] {
		return this.#service
			.list()
			.filter((l) => this.#sees(l.id))
			.map((l) => this.#summary(l));
	}

	get(id: string): LayerBody {
		this.#require(id);
		const body = this.#service.get(id);
		return { ...body, summary: this.#summary(body.summary) };
	}

	/**
	 * The layer as served whole (its JSON and ETag) and who sees it, without working out the
	 * viewer's rights in it: what GET /api/layers/{id} needs at every page load.
	 */
	served(id: string): LayerBody & { visibleTo: string[] | null } {
		this.#require(id);
		return { ...this.#service.get(id), visibleTo: this.#visibleTo(id) };
	}

	features(id: string): FeatureCollection {
		this.#require(id);
		return this.#service.features(id);
	}

	feature(layerId: string, featureId: string): StoredFeature {
		this.#require(layerId);
		return this.#service.feature(layerId, featureId);
	}

	async history(layerId: string, featureId?: string): Promise<HistoryEntry[]> {
		this.#require(layerId);
		return this.#service.history(layerId, featureId);
	}

	/**
	 * The service itself, for a write the viewer may make to this layer: a redaktör (403) who sees
	 * it (404) and whose organisation owns it, edits it or contributes to it (403). Each write
	 * below checks again what it touches (another organisation's object, the whole layer).
	 */
	writable(layerId: string): LayerService {
		requireRole(this.viewer, 'redaktör');
		requireLayerWrite(this.viewer, this.access(layerId), { kind: 'add' });
		return this.#service;
	}

	/**
	 * The service, for a change of one feature: as writable(), and 403 unless the viewer may change
	 * that feature (another organisation's, in a layer they only contribute to). Unknown features
	 * are left to the store's 404.
	 */
	writableObject(layerId: string, featureId: string): LayerService {
		const service = this.writable(layerId);
		const addedBy = service.store.addedBy(layerId, featureId);
		if (addedBy !== undefined) requireLayerWrite(this.viewer, this.access(layerId), { kind: 'object', addedBy });
		return service;
	}

	async createFeature(layerId: string, input: unknown): Promise<StoredFeature> {
		return this.writable(layerId).createFeature(layerId, input, this.by, this.viewer.organisation.id);
	}

	async updateFeature(layerId: string, featureId: string, baseVersion: number, input: unknown): Promise<StoredFeature> {
		return this.writableObject(layerId, featureId).updateFeature(layerId, featureId, baseVersion, input, this.by);
	}

	async deleteFeature(layerId: string, featureId: string, baseVersion: number): Promise<number> {
		return this.writableObject(layerId, featureId).deleteFeature(layerId, featureId, baseVersion, this.by);
	}

	async restoreFeature(layerId: string, featureId: string, version: number, baseVersion: number): Promise<StoredFeature> {
		return this.writableObject(layerId, featureId).restoreFeature(layerId, featureId, version, baseVersion, this.by);
	}

	/**
	 * The service for an import: adding needs any right in the layer; replacing (deleting what the
	 * file lacks) needs the right to edit the whole layer.
	 */
	importable(layerId: string, mode: 'append' | 'replace'): LayerService {
		const service = this.writable(layerId);
		if (mode === 'replace') requireLayerWrite(this.viewer, this.access(layerId), { kind: 'whole' });
		return service;
	}

	/**
	 * A new layer, owned by the maker's organisation and seen at first only by it (an admin may
	 * give a wider visibility, or its admins widen it later): a new mapping is not shared before
	 * someone decides so.
	 */
	async createLayer(layer: NewLayer, visibleTo?: string[] | null): Promise<LayerSummary> {
		requireRole(this.viewer, 'redaktör');
		const owner = this.viewer.organisation.id;
		const wanted = this.viewer.role === 'admin' && visibleTo !== undefined ? visibleTo : [owner];
		// An empty list would be stored as no rows, which reads back as "all partners".
		if (wanted !== null && wanted.length === 0) throw new InvalidFeatureError('Ange minst en organisation i visibleTo, eller null för alla parter.', 'visibleTo');
		if (wanted !== null && !wanted.includes(owner)) {
			throw new InvalidFeatureError(`Lagret blir ${this.viewer.organisation.name}s, som då måste vara bland dem som ser det: lägg till ${owner} i visibleTo.`, 'visibleTo');
		}
		// One transaction: a layer must never exist, even for a moment, without its visibility.
		let record: LayerRecord;
		try {
			record = await this.#service.store.database.write(async () => {
				const made = await this.#service.store.createLayer(layer, this.by, owner);
				await this.#accounts.setVisibility(layer.id, wanted);
				return made;
			});
			await this.#service.fresh();
		} catch (err) {
			// The id is taken. The answer is the same whether the viewer may see that layer or not: it
			// cannot hide that the id is unavailable (the create fails either way), but it does not
			// confirm that a layer exists behind it, nor anything about it.
			if (err instanceof ConflictError) throw new ConflictError(takenId(layer.id));
			throw err;
		}
		this.#visibility = undefined;
		// Made from the new record, not the layers' copy: inside the endpoint's write (with its audit
		// row) the copy has it only after the COMMIT. A new layer has no features and no editors yet.
		const access: LayerAccess = { id: record.id, title: record.title, owner: this.organisation(owner), editors: [], visibleTo: wanted };
		return {
			...this.#service.emptySummary(record),
			visibleTo: wanted === null ? null : [...wanted],
			access: { owner: access.owner, editors: [], right: layerRight(this.viewer, access), administer: administersLayer(this.viewer, access) }
		};
	}

	/** The layer's access, if the viewer decides who sees and edits it: 404 when hidden, 403 when not the owner's admin or the system administrator. */
	administrable(layerId: string): LayerAccess {
		requireRole(this.viewer, 'admin');
		const access = this.access(layerId);
		requireLayerAdmin(this.viewer, access);
		return access;
	}

	/**
	 * Who may see the layer (null: all partners). The owner's admins and the system administrator
	 * decide; the owner and every organisation that may write in it stay among those who see it.
	 */
	async setVisibility(layerId: string, visibleTo: string[] | null): Promise<LayerSummary> {
		const access = this.administrable(layerId);
		if (visibleTo !== null) {
			const left = [access.owner, ...access.editors.map((e) => e.organisation)].filter((o) => !visibleTo.includes(o.id));
			if (left.length) {
				throw new InvalidFeatureError(
					`${left.map((o) => o.name).join(', ')} äger eller får ändra lagret och måste se det. Ta först bort rätten att redigera eller bidra, eller låt dem se lagret.`,
					'visibleTo'
				);
			}
		}
		await this.#accounts.setVisibility(layerId, visibleTo);
		this.#visibility = undefined;
		return this.get(layerId).summary;
	}

	/**
	 * Which organisations other than the owner may edit or contribute to the layer. Decided like
	 * the visibility; an organisation must see the layer to be given a right in it.
	 */
	async setEditors(layerId: string, editors: { organisationId: string; level: EditLevel }[]): Promise<LayerSummary> {
		const access = this.administrable(layerId);
		const ids = editors.map((e) => e.organisationId);
		if (new Set(ids).size !== ids.length) throw new InvalidFeatureError('Samma organisation står flera gånger i editors.', 'editors');
		const unknown = ids.filter((id) => !this.#accounts.organisation(id));
		if (unknown.length) throw new InvalidFeatureError(`Organisationen ${unknown.join(', ')} finns inte. Se GET /api/admin/organisations.`, 'editors');
		if (ids.includes(access.owner.id)) throw new InvalidFeatureError(`${access.owner.name} äger lagret och har redan alla rättigheter; ta bort den ur editors.`, 'editors');
		const blind = ids.filter((id) => access.visibleTo !== null && !access.visibleTo.includes(id));
		if (blind.length) {
			throw new InvalidFeatureError(`${blind.map((id) => this.organisation(id).name).join(', ')} ser inte lagret ”${access.title}”. Låt dem se det först (synligheten).`, 'editors');
		}
		await this.#accounts.setEditors(layerId, editors);
		return this.get(layerId).summary;
	}
}

/** The one answer to a new layer whose id is taken, by a layer the viewer sees or one they do not. */
export const takenId = (id: string) => `Id:t ${id} kan inte användas för ett nytt lager. Välj ett annat id, till exempel med år eller område i namnet (drogscener-2025, otrygga-platser-husby).`;
