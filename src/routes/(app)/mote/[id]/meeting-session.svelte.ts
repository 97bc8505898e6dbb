/**
 * The meeting as the page works with it: the meeting and who may do what in it, each place's
 * story, notes that save as typed (NotesKeeper), what the room is told (the live announcement),
 * and every change the page sends (reload, restore, decisions, agenda places, a place's camera).
 * The page keeps only what is about the screen: the maps, stepping and framing, keys and panels.
 */
import { meetingApi } from '$lib/api';
import type { AgendaItem, Meeting, MeetingSnapshot, PlaceCamera, PlaceStory } from '$lib/meetings/types';
import { canEdit, type Role } from '$lib/session-client';
import { NotesKeeper } from './notes-keeper.svelte';
import { fetchInventory } from '$lib/api';
import { findingCategory, SEVERITIES } from '$lib/inventory/categories';
import type { LiveChange } from '$lib/live-updates';

/** A finding recorded on a walk while the meeting is open (live updates), newest first. */
export interface LiveFinding {
	id: string;
	inventoryId: string;
	inventoryTitle: string;
	category: string;
	severity: string;
	note: string;
	position: [number, number];
	recordedAt: string;
}

/** How many of the walk's new findings the meeting panel lists. */
export const LIVE_FINDINGS_SHOWN = 8;

type Story = PlaceStory | { error: string };

export class MeetingSession {
	meeting: Meeting = $state() as Meeting;
	/** Each place's story, read once when first shown (and again after a decision). */
	stories: Record<string, Story> = $state({});
	/** What a screen reader (and the toast) says; set anew so the same words are read again. */
	announcement = $state('');
	/** Why saving or forgetting a place's camera failed, shown beside the buttons. */
	cameraProblem: string | null = $state(null);
	/** Findings recorded on walks since the meeting was opened (live updates), newest first. */
	liveFindings: LiveFinding[] = $state([]);
	#reloading: Promise<void> | null = null;
	#reloadAgain = false;
	/** This page's own changes to the agenda under way, and the live changes held back meanwhile. */
	#ownChanges = 0;
	#heldBack: LiveChange[] = [];
	/** Nothing typed is lost: notes save as typed, drafts survive stepping, the protocol and an ended session. */
	readonly keeper: NotesKeeper;
	readonly #role: Role;
	readonly #organisations: readonly { id: string; name: string }[];

	constructor(meeting: Meeting, account: { id: number; role: Role }, organisations: readonly { id: string; name: string }[]) {
		this.meeting = meeting;
		this.#role = account.role;
		this.#organisations = organisations;
		this.keeper = new NotesKeeper(
			meeting.id,
			account.id,
			(itemId, baseVersion, notes) => meetingApi.updateItem(this.meeting.id, itemId, { baseVersion, notes }),
			(item) => this.itemChanged(item)
		);
	}

	/** Writes notes, decisions and agenda places: a redaktör of an organisation taking part. */
	get editor(): boolean {
		return canEdit(this.#role) && this.meeting.rights.takesPart;
	}
	/** Changes the order, who takes part, and restores the meeting: a redaktör of the owning organisation. */
	get owner(): boolean {
		return this.editor && this.meeting.rights.owner;
	}

	orgName = (id: string) => this.#organisations.find((o) => o.id === id)?.name ?? id;
	/** A version of the meeting in one line, for its history. */
	meetingState = (s: MeetingSnapshot) => `${s.title}, ${s.date}. Organisationer: ${s.organisationIds.map(this.orgName).join(', ')}. ${s.itemIds.length} punkter.`;

	announce(text: string): void {
		this.announcement = '';
		queueMicrotask(() => (this.announcement = text));
	}

	async reload(text?: string): Promise<void> {
		const result = await meetingApi.get(this.meeting.id);
		if (result.ok) this.meeting = result.value.meeting;
		if (text) this.announce(text);
	}

	/**
	 * A live update. The meeting and its agenda are read again when someone else changed them (a
	 * version newer than the page's: this page's own saves already hold theirs); a walk's new
	 * finding is read and listed, and the room is told.
	 */
	live(change: LiveChange): void {
		// The page's own change comes back as a live change too, often before its own answer: held
		// back until that answer is read, it is then known and not announced as someone else's.
		if (this.#ownChanges > 0 && (change.kind === 'meeting' || change.kind === 'agenda-item')) {
			this.#heldBack.push(change);
			return;
		}
		const meeting = this.meeting;
		if (change.kind === 'meeting' && change.id === meeting.id && change.version > meeting.version) this.#reloadSoon('Mötet är ändrat av någon annan.');
		else if (change.kind === 'agenda-item' && change.parent === meeting.id) {
			const item = meeting.items.find((i) => i.id === change.id);
			if (!item) {
				// Not on the page: new – or already gone (a removal the page has read).
				if (change.action !== 'delete') this.#reloadSoon('En plats är tillagd på dagordningen.');
			}
			else if (change.action === 'delete') this.#reloadSoon(`”${item.title}” är borttagen från dagordningen.`);
			else if (change.version > item.version) this.#reloadSoon(`”${item.title}” är ändrad av någon annan.`);
		} else if (change.kind === 'finding' && change.action === 'create' && change.parent) void this.#newFinding(change.parent, change.id);
	}

	/**
	 * Runs one of this page's own changes to the meeting or its agenda (the request and reading the
	 * result): live changes to them wait until it is done (see live).
	 */
	async own<T>(change: () => Promise<T>): Promise<T> {
		this.#ownChanges++;
		try {
			return await change();
		} finally {
			if (--this.#ownChanges === 0) for (const held of this.#heldBack.splice(0)) this.live(held);
		}
	}

	/** One reload at a time; changes during it make one more. */
	#reloadSoon(text?: string): void {
		if (this.#reloading) {
			this.#reloadAgain = true;
			return;
		}
		this.#reloading = this.reload(text).finally(() => {
			this.#reloading = null;
			if (this.#reloadAgain) {
				this.#reloadAgain = false;
				this.#reloadSoon();
			}
		});
	}

	async #newFinding(inventoryId: string, findingId: string): Promise<void> {
		if (this.liveFindings.some((f) => f.id === findingId)) return;
		const result = await fetchInventory(inventoryId);
		if (!result.ok) return;
		const finding = result.value.findings.find((f) => f.id === findingId);
		if (!finding || this.liveFindings.some((f) => f.id === findingId)) return;
		let category: string = finding.category;
		try {
			category = findingCategory(finding.category).sv;
		} catch {
			/* a category this page does not know: its id */
		}
		const entry: LiveFinding = {
			id: finding.id,
			inventoryId,
			inventoryTitle: result.value.title,
			category,
			severity: SEVERITIES[finding.severity]?.sv ?? String(finding.severity),
			note: finding.note,
			position: finding.position,
			recordedAt: finding.recordedAt
		};
		this.liveFindings = [entry, ...this.liveFindings].slice(0, LIVE_FINDINGS_SHOWN);
		this.announce(`Nytt fynd från inventeringen ”${entry.inventoryTitle}”: ${entry.category} (${entry.severity.toLowerCase()} allvarlighet).`);
	}

	itemChanged(item: AgendaItem): void {
		this.meeting.items = this.meeting.items.map((i) => (i.id === item.id ? item : i));
	}

	/** Restores an earlier version of the meeting; null when done, else the server's reason. */
	restore = async (version: number, baseVersion: number): Promise<string | null> => {
		const result = await meetingApi.restore(this.meeting.id, version, baseVersion);
		if (!result.ok) return result.message;
		this.meeting = result.value.meeting;
		this.announce(`Version ${version} av mötet är återställd som version ${this.meeting.version}.`);
		return null;
	};

	/** Reads a place's story unless it is known (or the place is hidden from this reader). */
	loadStory(item: AgendaItem): void {
		if (item.hidden || this.stories[item.id]) return;
		const id = item.id;
		void meetingApi.story(this.meeting.id, id).then((result) => {
			this.stories[id] = result.ok ? result.value : { error: result.message };
		});
	}

	/** Logged in again over the page: what waited is saved, and what failed for want of a session is read again. */
	async resume(): Promise<void> {
		for (const [id, story] of Object.entries(this.stories)) if ('error' in story) delete this.stories[id];
		void this.reload();
		await this.keeper.flush();
		this.announce(this.keeper.unsaved.length ? 'Inloggad igen. Några anteckningar är inte sparade – se platsen.' : 'Inloggad igen. Det du skrev är sparat.');
	}

	/** A decision was recorded at a place: the meeting is read again, and the place's story (its open measures). */
	async decided(itemId: string | undefined, text: string): Promise<void> {
		await this.reload(text);
		if (itemId) delete this.stories[itemId];
	}

	addToAgenda(layerId: string, featureId: string): Promise<void> {
		return this.own(async () => {
			const result = await meetingApi.addFeature(this.meeting.id, layerId, featureId);
			if (!result.ok) {
				this.announce(result.message);
				return;
			}
			await this.reload(`”${result.value.item.title}” är punkt ${result.value.item.position} på dagordningen.`);
		});
	}

	/** Saves a place's own camera (what the map shows now), or forgets it (framing with context again). */
	async setCamera(item: AgendaItem, camera: PlaceCamera | null): Promise<void> {
		this.cameraProblem = null;
		// Notes waiting to be saved go first: the camera makes a new version of the same item.
		await this.keeper.flush();
		const latest = this.meeting.items.find((i) => i.id === item.id) ?? item;
		const result = await meetingApi.updateItem(this.meeting.id, item.id, { baseVersion: latest.version, camera });
		if (!result.ok) {
			this.cameraProblem = result.message;
			return;
		}
		this.itemChanged(result.value.item);
		this.announce(camera ? `Kartbilden är sparad för ${item.title}: platsen öppnas så nästa gång.` : `Den sparade kartbilden är borttagen: ${item.title} visas med sitt sammanhang.`);
	}
}
