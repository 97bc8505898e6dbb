/**
 * One editing session on the map page: which layer is being edited, the feature open in the form
 * (with the version it is based on), a conflict when someone else saved first, and the changes
 * this session made so they can be undone. The components only show this state and call its
 * methods; the drawing itself is DrawingTool's, the requests $lib/api's (features.ts).
 */
import { tick } from 'svelte';
import { invalidateAll } from '$app/navigation';
import type { Feature, Geometry } from 'geojson';
import { booleanPointInPolygon, centroid } from '@turf/turf';
import type { Map as MapLibreMap } from 'maplibre-gl';
import { validateGeometry } from '$lib/geo/geometry';
import type { LayerSummary } from '$lib/layers/catalog';
import type { EditableGeometry } from '$lib/map/DrawingTool.svelte';
import * as api from '$lib/api';
import type { ApiFailure, FeatureResult, HistoryEntry, NewLayer, StoredFeature } from '$lib/api';
import { cleanProperties, fieldsFor, newProperties, propertyProblems, type Properties } from '$lib/map/feature-fields';
import type { LayerData } from '$lib/map/layer-data';
import { describeUndo, inverseOf, type Change } from '$lib/map/undo';
import type { LiveChange } from '$lib/live-updates';

/** What the session needs from the drawing tool (DrawingTool's exported functions). */
export interface DrawingToolApi {
	start(kind: EditableGeometry['type']): void;
	edit(geometry: EditableGeometry): void;
	reset(): void;
	current(): EditableGeometry | null;
	addCentre(kind: EditableGeometry['type']): number;
	finishSketch(): boolean;
	raise(): void;
}

export interface Draft {
	layer: LayerSummary;
	/** Null for a feature not yet saved. */
	featureId: string | null;
	/** The feature as the server had it when opened: its version is the base of the next write. */
	stored: StoredFeature | null;
	properties: Properties;
	geometry: Geometry;
	geometryChanged: boolean;
}

export interface Conflict {
	message: string;
	/** What this user wanted to save. */
	mine: Feature;
	/** The feature as it is now on the server, or null if someone deleted it. */
	theirs: StoredFeature | null;
}

interface Options {
	map: () => MapLibreMap | null;
	tool: () => DrawingToolApi | undefined;
	layers: () => readonly LayerSummary[];
	/** Where the map loads a layer's GeoJSON from. */
	/** The page's layer features: the editor's list comes from them, and a change refreshes them (every map, once). */
	layerData: LayerData;
	/** Makes a layer visible on the map, so what is edited can be seen. */
	showLayer: (layer: LayerSummary) => void;
}

const editable = (geometry: Geometry): geometry is EditableGeometry => geometry.type === 'Polygon' || geometry.type === 'Point';
const nameOf = (properties: Properties | undefined, fallback = 'objektet') =>
	typeof properties?.name === 'string' && properties.name ? properties.name : fallback;

export class EditSession {
	layerId = $state<string | null>(null);
	phase = $state<'idle' | 'drawing' | 'form'>('idle');
	draft = $state<Draft | null>(null);
	/** Swedish message per attribute the user must fix (from the form's check or the server's 400). */
	problems = $state<Record<string, string>>({});
	/** A problem not tied to one attribute: the geometry, the connection. */
	formProblem = $state<string | null>(null);
	conflict = $state<Conflict | null>(null);
	historyOpen = $state(false);
	/** Changes saved in this session, latest last: what undo takes back. */
	changes = $state<Change[]>([]);
	/** Told to screen readers and shown under the panel: what just happened. */
	status = $state('');
	busy = $state(false);
	features = $state<{ id: string; name: string }[]>([]);
	sketchCorners = $state(0);
	/** Counts writes: what shows derived data (the analysis overlay) reloads when it changes. */
	revision = $state(0);
	/**
	 * Someone else saved (or deleted) the open feature after it was opened (a live update): told
	 * before this user saves, not only by the 409 on saving.
	 */
	changedElsewhere = $state<{ version: number; deleted: boolean } | null>(null);
	/** Something was written: the page's layer list (counts) is reloaded when editing ends. */
	#dirty = false;
	#options: Options;

	constructor(options: Options) {
		this.#options = options;
	}

	get layer(): LayerSummary | null {
		return this.#options.layers().find((l) => l.id === this.layerId) ?? null;
	}
	get lastChange(): Change | null {
		return this.changes[this.changes.length - 1] ?? null;
	}
	get undoLabel(): string | null {
		return this.lastChange && describeUndo(this.lastChange);
	}
	get canUndo(): boolean {
		return this.lastChange !== null && this.phase === 'idle' && !this.busy;
	}

	async chooseLayer(id: string | null) {
		this.cancel();
		this.layerId = id;
		this.features = [];
		const layer = this.layer;
		if (!layer) return;
		this.#options.showLayer(layer);
		await this.#loadFeatures();
	}

	async #loadFeatures() {
		const layerId = this.layerId;
		if (!layerId) return;
		const collection = await this.#options.layerData.get(layerId);
		if (!collection || layerId !== this.layerId) return;
		this.features = collection.features
			.map((f) => ({ id: String(f.properties?.id), name: nameOf(f.properties ?? undefined, String(f.properties?.id)) }))
			.sort((a, b) => a.name.localeCompare(b.name, 'sv'));
	}

	/** Starts drawing a new feature in the chosen layer (a polygon, or a point for point layers). */
	startDrawing() {
		const layer = this.layer;
		if (!layer) return;
		if (layer.geometry === 'LineString') {
			this.status = 'Ett gångnät ritas inte här: importera det som en fil (GeoJSON, Shapefile) under Importera.';
			return;
		}
		this.cancel();
		this.phase = 'drawing';
		this.sketchCorners = 0;
		this.#options.tool()?.start(layer.geometry);
		this.status =
			layer.geometry === 'Point'
				? 'Klicka där platsen ligger.'
				: 'Klicka ut hörnen i kartan. Avsluta med ett klick på första eller sista hörnet, eller Enter.';
	}

	/** Keyboard drawing: a corner (or the point) at the map's centre. */
	addCentre() {
		const layer = this.layer;
		if (!layer || this.phase !== 'drawing' || layer.geometry === 'LineString') return;
		this.sketchCorners = this.#options.tool()?.addCentre(layer.geometry) ?? 0;
		if (this.phase === 'drawing') this.status = `${this.sketchCorners} hörn utsatta.`;
	}
	finishSketch() {
		if (!this.#options.tool()?.finishSketch()) this.status = 'En yta behöver minst tre hörn.';
	}

	/** The drawing tool finished a new geometry: open the form for its attributes. */
	drawn(geometry: EditableGeometry) {
		const layer = this.layer;
		if (!layer) return;
		this.draft = {
			layer,
			featureId: null,
			stored: null,
			properties: newProperties(layer, this.#districtAt(geometry)),
			geometry,
			geometryChanged: true
		};
		this.phase = 'form';
		this.status = 'Fyll i uppgifterna och spara. Du kan dra i ytan och dess hörn innan du sparar.';
	}

	/** The selected feature was moved or reshaped on the map. */
	reshaped(geometry: EditableGeometry) {
		if (!this.draft) return;
		this.draft.geometry = geometry;
		this.draft.geometryChanged = true;
	}

	/** Opens an existing feature: read it fresh (its version), select it on the map. */
	async open(featureId: string) {
		const layerId = this.layerId;
		if (!layerId || this.phase !== 'idle' || this.busy) return;
		this.busy = true;
		const result = await api.fetchFeature(layerId, featureId);
		this.busy = false;
		if (!result.ok) {
			this.status = `Kunde inte öppna objektet: ${result.message}`;
			return;
		}
		this.#show(result.value);
		this.status = `”${nameOf(result.value.properties)}” (version ${result.value.version}) är öppnat för redigering.`;
	}

	#show(stored: StoredFeature) {
		const layer = this.layer;
		if (!layer) return;
		const { id, ...properties } = stored.properties;
		this.draft = { layer, featureId: String(id), stored, properties, geometry: stored.geometry, geometryChanged: false };
		this.problems = {};
		this.formProblem = editable(stored.geometry) ? null : 'Geometrin har flera delar och kan inte ändras här; uppgifterna kan.';
		this.conflict = null;
		this.changedElsewhere = null;
		this.phase = 'form';
		const tool = this.#options.tool();
		if (editable(stored.geometry)) tool?.edit(stored.geometry);
		else tool?.reset();
	}

	/** Discards what is drawn or typed and not saved. */
	cancel() {
		this.#options.tool()?.reset();
		this.draft = null;
		this.conflict = null;
		this.changedElsewhere = null;
		this.problems = {};
		this.formProblem = null;
		this.historyOpen = false;
		this.sketchCorners = 0;
		this.phase = 'idle';
	}

	/** Checks the form and the geometry as the server will; returns the feature to send, or null. */
	#checked(): Feature | null {
		const draft = this.draft;
		if (!draft) return null;
		// An untouched shape is sent as it was read: terra-draw may rewind or round a ring, and the
		// history should not show a geometry change nobody made.
		const geometry = draft.geometryChanged ? (this.#options.tool()?.current() ?? draft.geometry) : draft.geometry;
		const properties = cleanProperties($state.snapshot(draft.properties) as Properties);
		this.problems = propertyProblems(draft.layer, properties);
		this.formProblem = validateGeometry(geometry);
		if (Object.keys(this.problems).length > 0 || this.formProblem) {
			this.status = 'Rätta det som är markerat och spara igen.';
			return null;
		}
		const id = draft.featureId;
		return { type: 'Feature', properties: id ? { ...properties, id } : properties, geometry };
	}

	async save() {
		const draft = this.draft;
		const feature = this.#checked();
		if (!draft || !feature || this.busy) return;
		if (draft.featureId && draft.stored) {
			await this.#update(draft, feature, draft.stored);
		} else {
			await this.#write(api.createFeature(draft.layer.id, feature), (after) => ({
				action: 'create',
				layerId: draft.layer.id,
				featureId: String(after.properties.id),
				after
			}), feature);
		}
	}

	/** PUT based on `base`; a 409 opens the conflict view. */
	async #update(draft: Draft, feature: Feature, base: StoredFeature) {
		await this.#write(
			api.updateFeature(draft.layer.id, draft.featureId!, feature, base.version),
			(after) => ({ action: 'update', layerId: draft.layer.id, featureId: draft.featureId!, before: base, after }),
			feature
		);
	}

	async #write(request: Promise<FeatureResult<StoredFeature>>, change: (after: StoredFeature) => Change, mine: Feature) {
		this.busy = true;
		const result = await request;
		this.busy = false;
		if (result.ok) {
			this.changes = [...this.changes, change(result.value)];
			this.cancel();
			this.status = `”${nameOf(result.value.properties)}” sparad som version ${result.value.version}.`;
			await this.#refresh();
			return;
		}
		this.#failed(result, mine);
	}

	#failed(result: ApiFailure<StoredFeature>, mine: Feature | null) {
		if (result.kind === 'conflict' && mine) {
			this.conflict = { message: result.message, mine, theirs: result.current };
			this.status = 'Någon annan har ändrat objektet sedan du öppnade det. Välj vilken version som ska gälla.';
		} else if (result.kind === 'invalid' && result.field && this.draft && fieldsFor(this.draft.layer.kind).some((f) => f.key === result.field)) {
			this.problems = { ...this.problems, [result.field]: result.message };
			this.status = 'Servern godtog inte uppgifterna: se det markerade fältet.';
		} else {
			this.formProblem = result.message;
			this.status = result.message;
		}
	}

	/**
	 * A live update about a feature. Only a newer version of the open feature than the one it is
	 * based on counts; this user's own save is not someone else's change: while it is on its way the
	 * session is busy (its answer, or a 409, says what happened), and after it the form is closed
	 * or based on the saved version.
	 */
	noticeChange(change: LiveChange) {
		const draft = this.draft;
		if (this.busy || !draft?.featureId || !draft.stored || change.kind !== 'feature' || change.layer !== draft.layer.id) return;
		// An import is one change for its whole layer: ask whether it changed the open feature.
		if (change.action === 'import') return void this.#checkImported(draft.layer.id, draft.featureId, draft.stored.version);
		if (change.id !== draft.featureId || change.version <= draft.stored.version) return;
		this.#changedElsewhere(change.version, change.action === 'delete');
	}

	#changedElsewhere(version: number, deleted: boolean) {
		this.changedElsewhere = { version, deleted };
		this.status = `Någon annan har ändrat objektet medan du redigerar det (nu version ${version}).`;
	}

	async #checkImported(layerId: string, featureId: string, version: number) {
		const result = await api.fetchFeature(layerId, featureId);
		// Still the same draft, and nothing said meanwhile?
		const draft = this.draft;
		if (this.busy || draft?.layer.id !== layerId || draft.featureId !== featureId || draft.stored?.version !== version) return;
		if (result.ok && result.value.version > version) this.#changedElsewhere(result.value.version, false);
		else if (!result.ok && result.status === 404) this.#changedElsewhere(version + 1, true);
	}

	/** Leaves this user's unsaved changes and shows the feature as it is now. */
	async takeNewVersion() {
		const draft = this.draft;
		if (!draft?.featureId || this.busy) return;
		const featureId = draft.featureId;
		this.busy = true;
		const result = await api.fetchFeature(draft.layer.id, featureId);
		this.busy = false;
		if (!result.ok) {
			this.cancel();
			this.status = `Objektet kunde inte hämtas (${result.message}); dina osparade ändringar är slängda.`;
			return;
		}
		this.#show(result.value);
		this.status = `Den nya versionen (version ${result.value.version}) visas nu; dina osparade ändringar är slängda.`;
	}

	/** "Behåll min": save mine again, based on the version that is there now. */
	async keepMine() {
		const conflict = this.conflict;
		const draft = this.draft;
		if (!conflict || !draft?.featureId || this.busy) return;
		let base = conflict.theirs;
		if (!base) {
			// Deleted meanwhile: bring it back first (a restore), then put mine on top of that.
			base = await this.#revive(draft.layer.id, draft.featureId);
			if (!base) return;
		}
		this.conflict = null;
		await this.#update(draft, conflict.mine, base);
	}

	async #revive(layerId: string, featureId: string): Promise<StoredFeature | null> {
		this.busy = true;
		const history = await api.fetchHistory(layerId, featureId);
		const last = history.ok ? history.value[history.value.length - 1] : undefined;
		const result =
			last?.action === 'delete' && last.before
				? await api.restoreFeature(layerId, featureId, last.before.version, last.version)
				: null;
		this.busy = false;
		if (result?.ok) return result.value;
		this.formProblem = result?.message ?? 'Objektet är borttaget och kunde inte återskapas.';
		return null;
	}

	/** "Använd deras": drop mine and show theirs (or close, if they deleted it). */
	async useTheirs() {
		const theirs = this.conflict?.theirs;
		if (theirs) {
			this.#show(theirs);
			this.status = `Deras version (version ${theirs.version}) visas nu; dina ändringar är slängda.`;
		} else {
			this.cancel();
			this.status = 'Objektet är borttaget av någon annan; dina ändringar är slängda.';
		}
		await this.#refresh();
	}

	async remove() {
		const draft = this.draft;
		if (!draft?.featureId || !draft.stored || this.busy) return;
		const before = draft.stored;
		this.busy = true;
		const result = await api.deleteFeature(draft.layer.id, draft.featureId, before.version);
		this.busy = false;
		if (result.ok) {
			// Undoing restores from the version the server gave the deletion.
			this.changes = [...this.changes, { action: 'delete', layerId: draft.layer.id, featureId: draft.featureId, before, deletedVersion: result.value }];
			this.cancel();
			this.status = `”${nameOf(before.properties)}” borttagen. Ångra med Ctrl+Z.`;
			await this.#refresh();
		} else if (result.kind === 'conflict') {
			if (result.current) this.#show(result.current);
			else this.cancel();
			this.status = `Inte borttaget: ${result.message} Den nya versionen visas nu.`;
			await this.#refresh();
		} else {
			this.#failed(result, null);
		}
	}

	/** Takes back the last change this session made. */
	async undo() {
		const change = this.lastChange;
		if (!change || !this.canUndo) return;
		const inverse = inverseOf(change);
		const label = describeUndo(change);
		this.busy = true;
		const result =
			inverse.method === 'DELETE'
				? await api.deleteFeature(inverse.layerId, inverse.featureId, inverse.baseVersion)
				: inverse.method === 'PUT'
					? await api.updateFeature(inverse.layerId, inverse.featureId, inverse.feature, inverse.baseVersion)
					: await api.restoreFeature(inverse.layerId, inverse.featureId, inverse.version, inverse.baseVersion);
		this.busy = false;
		// Either way the change is no longer this session's to take back: it is done, or someone
		// changed the feature since (then their version stays; nothing is overwritten).
		this.changes = this.changes.slice(0, -1);
		this.status = result.ok ? `Ångrat: ${label.charAt(0).toLowerCase()}${label.slice(1)}.` : `Kunde inte ångra: ${result.message}`;
		await this.#refresh(inverse.layerId);
	}

	/** "Återställ": makes an earlier version current again, as a new version. */
	async restore(entry: HistoryEntry) {
		const draft = this.draft;
		if (!draft?.featureId || !draft.stored || !entry.after || this.busy) return;
		const before = draft.stored;
		this.busy = true;
		const result = await api.restoreFeature(draft.layer.id, draft.featureId, entry.version, before.version);
		this.busy = false;
		if (result.ok) {
			this.changes = [...this.changes, { action: 'update', layerId: draft.layer.id, featureId: draft.featureId, before, after: result.value }];
			this.#show(result.value);
			this.historyOpen = true;
			this.status = `Version ${entry.version} återställd som version ${result.value.version}.`;
			await this.#refresh();
		} else {
			const old = entry.after;
			this.#failed(result, { type: 'Feature', properties: old.properties, geometry: old.geometry });
		}
	}

	/** Makes a new layer, reloads the page's layer list (years, panel) and starts editing it. */
	async createLayer(layer: NewLayer): Promise<FeatureResult<LayerSummary>> {
		this.busy = true;
		const result = await api.createLayer(layer);
		this.busy = false;
		if (!result.ok) return result;
		await invalidateAll();
		await tick();
		// New layers were added to the map above the drawing; put the drawing back on top.
		this.#options.tool()?.raise();
		await this.chooseLayer(result.value.id);
		this.status = `Lagret ”${result.value.title}” är skapat och valt för redigering.`;
		return result;
	}

	/** Called when editing ends: the page's layer list is reloaded if anything was written. */
	async leave() {
		this.cancel();
		if (!this.#dirty) return;
		this.#dirty = false;
		await invalidateAll();
	}

	/** Something else wrote to a layer (an import): show what the server now has. */
	async dataChanged(layerId: string) {
		await this.#refresh(layerId);
	}

	async #refresh(layerId = this.layerId) {
		this.#dirty = true;
		this.revision++;
		if (layerId) await this.#options.layerData.refresh(layerId);
		await this.#loadFeatures();
	}

	/** The district a new feature lies in, from the districts on the map, to fill in for the user. */
	#districtAt(geometry: EditableGeometry): string | null {
		const map = this.#options.map();
		const districts = this.#options.layers().find((l) => l.kind === 'district');
		if (!map || !districts || !map.getSource(districts.id)) return null;
		const point = centroid(geometry);
		const hit = map
			.querySourceFeatures(districts.id)
			.find((f) => (f.geometry.type === 'Polygon' || f.geometry.type === 'MultiPolygon') && booleanPointInPolygon(point, f.geometry));
		return typeof hit?.properties.name === 'string' ? hit.properties.name : null;
	}
}
