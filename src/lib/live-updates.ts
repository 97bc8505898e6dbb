/**
 * The browser's side of the live updates (`GET /api/events`, server-sent events): one EventSource
 * per page, shared by whatever on the page listens. EventSource reconnects by itself after a
 * dropped connection and sends the last event id it got (`Last-Event-ID`), so the server resumes
 * where the page left off; a `reset` (the page was away longer than the server keeps changes)
 * tells every listener to reload what it shows. A 401 (the session ended) closes the source for
 * good: the page's own requests then show the login.
 *
 * An event names what changed – a layer's feature, a measure, a meeting or its agenda item, a
 * walk or its finding, a report, a weekly meeting's focus place – with its id, version and action; never its content. A listener
 * refetches through the API, which checks again what the viewer may see. An import into a layer
 * is one `feature` event with action 'import', the layer's id and its new revision: reload the layer.
 */
export type LiveKind = 'feature' | 'measure' | 'meeting' | 'agenda-item' | 'inventory' | 'finding' | 'report' | 'focus-place';
export const LIVE_KINDS: readonly LiveKind[] = ['feature', 'measure', 'meeting', 'agenda-item', 'inventory', 'finding', 'report', 'focus-place'];

export interface LiveChange {
	kind: LiveKind;
	/** The event id (increasing). */
	seq: number;
	/** The layer of a feature. */
	layer?: string;
	id: string;
	version: number;
	action: string;
	/** The meeting of an agenda item, the walk of a finding, the week (2026-W49) of a focus place. */
	parent?: string;
}

export interface LiveListener {
	change?: (change: LiveChange) => void;
	/** Changes were missed: reload everything shown. */
	reset?: () => void;
}

const listeners = new Set<LiveListener>();
let source: EventSource | null = null;
let received = 0;

/**
 * The stream's state on the document: `data-live` is 'open' once the server said it is ready,
 * 'connecting' while it reconnects, 'closed' when refused; `data-live-events` counts the changes
 * received. For the tests (and a stylesheet that wants to show it).
 */
function mark(state: 'open' | 'connecting' | 'closed'): void {
	if (typeof document !== 'undefined') document.documentElement.dataset.live = state;
}

function open(): void {
	if (source || typeof EventSource === 'undefined') return;
	const es = new EventSource('/api/events');
	source = es;
	for (const kind of LIVE_KINDS) {
		es.addEventListener(kind, (event) => {
			const message = event as MessageEvent<string>;
			let data: Omit<LiveChange, 'kind' | 'seq'>;
			try {
				data = JSON.parse(message.data) as Omit<LiveChange, 'kind' | 'seq'>;
			} catch {
				return;
			}
			const change: LiveChange = { ...data, kind, seq: Number(message.lastEventId) };
			document.documentElement.dataset.liveEvents = String(++received);
			for (const listener of [...listeners]) listener.change?.(change);
		});
	}
	es.addEventListener('reset', () => {
		for (const listener of [...listeners]) listener.reset?.();
	});
	es.addEventListener('ready', () => mark('open'));
	es.addEventListener('error', () => {
		// CLOSED: the server refused (401, the session ended) – EventSource does not retry that.
		if (es.readyState === EventSource.CLOSED) {
			if (source === es) source = null;
			mark('closed');
		} else mark('connecting');
	});
}

/**
 * Listens to the changes while the returned function has not been called (call it when the
 * component goes away). The stream is opened with the first listener and closed with the last.
 */
export function liveUpdates(listener: LiveListener): () => void {
	listeners.add(listener);
	open();
	return () => {
		listeners.delete(listener);
		if (listeners.size === 0 && source) {
			source.close();
			source = null;
			mark('closed');
		}
	};
}

/**
 * Calls `run(key)` once for a burst of calls with the same key (an import sends one event per
 * feature): `delay` ms after the first, so a change is shown well within a second.
 */
export function coalesce(run: (key: string) => void, delay = 150): (key: string) => void {
	const pending = new Set<string>();
	return (key) => {
		if (pending.has(key)) return;
		pending.add(key);
		setTimeout(() => {
			pending.delete(key);
			run(key);
		}, delay);
	};
}
