/**
 * The server-sent-events stream behind `GET /api/events`: one subscriber per open browser tab.
 *
 * - Each change the bus hands on is sent to each subscriber that may see it (visibility.ts), asked
 *   at send time with the subscriber's session as it is now: a session that ended (logout, expiry,
 *   a disabled account) closes the stream instead.
 * - An event: `id: <seq>`, `event: <kind>`, `data: {"layer"|"type", "id", "version", "action"}`
 *   (and `parent` for an agenda item or finding). No names, no content: a client that cares
 *   refetches the object through the API, which checks again.
 * - Resume: a browser's EventSource sends `Last-Event-ID` when it reconnects; the changes after it
 *   are read from the change table. When the table no longer reaches back that far (it is bounded,
 *   migration 15), the stream starts with a `reset` event: reload everything you show.
 * - Slow subscribers are dropped, never buffered without bound: each stream queues at most
 *   `maxQueuedBytes` (plus one batch); when the socket does not take what is sent (adapter-node
 *   stops reading the stream while the socket's buffer is full) and the queue is still past that
 *   at the next send, the stream is ended with an error. The browser reconnects and resumes from
 *   the last event it received.
 * - A comment every `heartbeatMs` keeps proxies from closing an idle stream; the session is
 *   checked at each heartbeat too.
 */
import type { Viewer } from '../auth/access';
import type { Change, ChangeBus } from './change-bus';
import { ChangeScope, type VisibilitySources } from './visibility';

export interface LiveOptions {
	heartbeatMs: number;
	/** Per stream: what may wait for a slow socket before the subscriber is dropped. */
	maxQueuedBytes: number;
	/** The most changes sent as a backlog on resume (more: a `reset`). */
	maxBacklog: number;
}

export const LIVE_DEFAULTS: LiveOptions = { heartbeatMs: 15_000, maxQueuedBytes: 256 * 1024, maxBacklog: 5_000 };

export interface LiveSources extends VisibilitySources {
	/** The viewer of a session now, or null when it has ended. */
	viewerOf(token: string): Promise<Viewer | null>;
}

interface Subscriber {
	token: string;
	controller: ReadableStreamDefaultController<Uint8Array>;
	/** The last seq sent or skipped: a change is never sent twice. */
	last: number;
	closed: boolean;
	heartbeat: ReturnType<typeof setInterval>;
	/** Called when the subscriber is dropped for falling behind: closes its connection. */
	onDrop?: () => void;
}

const encoder = new TextEncoder();

/** One change as the stream sends it. */
export function eventText(change: Change): string {
	const data =
		change.kind === 'feature'
			? { layer: change.layer, id: change.id, version: change.version, action: change.action }
			: { type: change.kind, id: change.id, version: change.version, action: change.action, ...(change.parent ? { parent: change.parent } : {}) };
	return `id: ${change.seq}\nevent: ${change.kind}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** A Last-Event-ID as sent; null: none; undefined: not one this server sends. */
export function parseLastEventId(value: string | null | undefined): number | null | undefined {
	if (value === null || value === undefined || value.trim() === '') return null;
	return /^\d{1,15}$/.test(value.trim()) ? Number(value.trim()) : undefined;
}

export class LiveEvents {
	readonly #bus: ChangeBus;
	readonly #sources: LiveSources;
	readonly #options: LiveOptions;
	readonly #subscribers = new Set<Subscriber>();
	readonly #unsubscribe: () => void;
	/**
	 * Opens, deliveries and resets, one after another in the order they came: each first reads what
	 * deciding visibility needs (visibility.ts, a few queries), and a stream's backlog must be sent
	 * before the changes that follow it.
	 */
	#turn: Promise<void> = Promise.resolve();
	/** How many subscribers were dropped for falling behind (for the log and the tests). */
	dropped = 0;

	constructor(bus: ChangeBus, sources: LiveSources, options: Partial<LiveOptions> = {}) {
		this.#bus = bus;
		this.#sources = sources;
		this.#options = { ...LIVE_DEFAULTS, ...options };
		this.#unsubscribe = bus.subscribe(
			(changes) =>
				this.#inTurn(() =>
					this.#deliver(changes).catch((error: unknown) => {
						// Who may see what could not be read (the database did not answer): nobody is
						// sent these changes, and nobody may silently miss them either – reload.
						console.error('Live updates: the visibility of a batch could not be read; the streams are told to reload:', error);
						this.#reset(changes[changes.length - 1]!.seq);
					})
				),
			(seq) => this.#inTurn(async () => this.#reset(seq)),
			// A stream opened later reads its own backlog (open()); nothing is missed by not reading now.
			{ wants: () => this.#subscribers.size > 0 }
		);
	}

	#inTurn(work: () => Promise<void>): void {
		this.#turn = this.#turn.then(work).catch((error: unknown) => console.error('Live updates: a delivery failed:', error));
	}

	get size(): number {
		return this.#subscribers.size;
	}

	/**
	 * A stream for the session `token` (already checked by the caller), resuming after
	 * `lastEventId` (null: from now on).
	 */
	open(token: string, lastEventId: number | null, { onDrop }: { onDrop?: () => void } = {}): ReadableStream<Uint8Array> {
		let subscriber: Subscriber;
		return new ReadableStream<Uint8Array>(
			{
				start: (controller) => {
					subscriber = {
						token,
						controller,
						last: 0,
						closed: false,
						onDrop,
						heartbeat: setInterval(() => this.#heartbeat(subscriber), this.#options.heartbeatMs)
					};
					subscriber.heartbeat.unref?.();
					// Where the stream starts is decided now, when it is opened: the changes up to here
					// are its backlog (or were before "from now on"); every later one is delivered in a
					// turn after its own, which sends the backlog first.
					const latest = this.#bus.latest();
					this.#inTurn(() =>
						this.#start(subscriber, latest, this.#backlog(lastEventId, latest)).catch((error: unknown) => {
							// Its backlog could not be checked: end the stream; the browser reconnects and resumes.
							console.error('Live updates: a stream could not start:', error);
							this.#end(subscriber);
						})
					);
				},
				cancel: () => this.#close(subscriber)
			},
			{ highWaterMark: this.#options.maxQueuedBytes, size: (chunk) => chunk.byteLength }
		);
	}

	/** Ends the streams of a session (logout). */
	endSession(token: string): void {
		for (const subscriber of [...this.#subscribers]) if (subscriber.token === token) this.#end(subscriber);
	}

	/** Ends every stream and stops listening to the bus. */
	close(): void {
		for (const subscriber of [...this.#subscribers]) this.#end(subscriber);
		this.#unsubscribe();
	}

	/** The changes after `lastEventId` up to `latest`, or 'reset' when they are no longer all known. */
	#backlog(lastEventId: number | null, latest: number): Change[] | 'reset' {
		if (lastEventId === null) return [];
		if (lastEventId > latest || lastEventId < this.#bus.oldest() - 1 || latest - lastEventId > this.#options.maxBacklog) return 'reset';
		const backlog: Change[] = [];
		for (let after = lastEventId; after < latest; ) {
			const changes = this.#bus.since(after).filter((change) => change.seq <= latest);
			if (changes.length === 0) break;
			backlog.push(...changes);
			after = changes[changes.length - 1]!.seq;
		}
		return backlog;
	}

	/** Sends a new stream its backlog as its viewer may see it (or a reset) and joins it to the deliveries. */
	async #start(subscriber: Subscriber, latest: number, backlog: Change[] | 'reset'): Promise<void> {
		if (subscriber.closed) return;
		let text = 'retry: 2000\n\n';
		if (backlog === 'reset') text += `id: ${latest}\nevent: reset\ndata: {"seq":${latest}}\n\n`;
		else if (backlog.length > 0) {
			const viewer = await this.#sources.viewerOf(subscriber.token);
			const scope = await ChangeScope.load(this.#sources, backlog);
			if (viewer) for (const change of backlog) if (scope.sees(viewer, change)) text += eventText(change);
		}
		if (subscriber.closed) return;
		subscriber.last = latest;
		this.#subscribers.add(subscriber);
		text += `id: ${latest}\nevent: ready\ndata: {"seq":${latest}}\n\n`;
		// The backlog is one chunk, bounded by maxBacklog: only what follows must keep up.
		this.#send(subscriber, text, false);
	}

	async #deliver(changes: readonly Change[]): Promise<void> {
		if (this.#subscribers.size === 0) return;
		const scope = await ChangeScope.load(this.#sources, changes);
		// A session with several tabs open is asked once per batch.
		const tokens = new Set([...this.#subscribers].filter((s) => changes.some((c) => c.seq > s.last)).map((s) => s.token));
		const viewers = new Map(await Promise.all([...tokens].map(async (token) => [token, await this.#sources.viewerOf(token)] as const)));
		for (const subscriber of [...this.#subscribers]) {
			const fresh = changes.filter((c) => c.seq > subscriber.last);
			if (fresh.length === 0) continue;
			// A stream opened while the viewers were read waits for the next batch's ask (its backlog covered this one).
			if (!viewers.has(subscriber.token)) continue;
			const viewer = viewers.get(subscriber.token)!;
			if (!viewer) {
				this.#end(subscriber);
				continue;
			}
			let text = '';
			for (const change of fresh) if (scope.sees(viewer, change)) text += eventText(change);
			subscriber.last = fresh[fresh.length - 1]!.seq;
			if (text) this.#send(subscriber, text);
		}
	}

	/** The bus missed changes (see ChangeBus.subscribe): every open stream is told to reload. */
	#reset(seq: number): void {
		for (const subscriber of [...this.#subscribers]) {
			subscriber.last = seq;
			this.#send(subscriber, `id: ${seq}\nevent: reset\ndata: {"seq":${seq}}\n\n`, false);
		}
	}

	#heartbeat(subscriber: Subscriber): void {
		this.#sources.viewerOf(subscriber.token).then(
			(viewer) => {
				if (!viewer) this.#end(subscriber);
				else this.#send(subscriber, ': ping\n\n');
			},
			// The database is gone for now: the stream stays, and the next heartbeat asks again.
			(error: unknown) => console.error('live: checking a session at the heartbeat failed:', error)
		);
	}

	/**
	 * Queues `text` for the subscriber. One that is still over its limit from earlier sends – the
	 * socket has not taken them – is dropped instead (the browser resumes from its last event). The
	 * check is before, not after, the new text: one large batch (an import) does not drop a
	 * subscriber that keeps up; the queue is bounded by the limit plus one batch.
	 */
	#send(subscriber: Subscriber, text: string, mustKeepUp = true): void {
		if (subscriber.closed) return;
		if (mustKeepUp && (subscriber.controller.desiredSize ?? 0) < 0) {
			this.dropped++;
			this.#close(subscriber);
			try {
				subscriber.controller.error(new Error('Live-update subscriber fell behind; dropped (it resumes with Last-Event-ID).'));
			} catch {
				/* already closed */
			}
			// The stream's reader waits for the socket to drain, which a stuck client never lets
			// happen: end the connection itself, so neither the socket nor its buffers stay.
			subscriber.onDrop?.();
			return;
		}
		try {
			subscriber.controller.enqueue(encoder.encode(text));
		} catch {
			this.#close(subscriber);
		}
	}

	/** Closes the stream normally (what was queued is still sent). */
	#end(subscriber: Subscriber): void {
		if (subscriber.closed) return;
		this.#close(subscriber);
		try {
			subscriber.controller.close();
		} catch {
			/* already closed */
		}
	}

	#close(subscriber: Subscriber | undefined): void {
		if (!subscriber || subscriber.closed) return;
		subscriber.closed = true;
		clearInterval(subscriber.heartbeat);
		this.#subscribers.delete(subscriber);
	}
}
