import { SESSION_COOKIE } from '$lib/server/auth/session-cookie';
import { viewerOf } from '$lib/server/guard';
import { answer, jsonError } from '$lib/server/http';
import { liveEvents } from '$lib/server/live';
import { parseLastEventId } from '$lib/server/live/live-events';
import type { RequestHandler } from './$types';

/**
 * The live updates (server-sent events): what changes, as the viewer may see it, from now on –
 * or, with `Last-Event-ID` (sent by EventSource when it reconnects; `?after=` for clients that
 * cannot set headers), from after that event. A logged-in session only: the hook answers 401
 * without one and 403 for an access token. See $lib/server/live/live-events.ts.
 */
export const GET = ((event) =>
	answer(() => {
		viewerOf(event);
		const token = event.cookies.get(SESSION_COOKIE);
		if (!token) return jsonError(401, 'Logga in först: händelseströmmen kräver en inloggad session.');
		const raw = event.request.headers.get('last-event-id') ?? event.url.searchParams.get('after');
		const after = parseLastEventId(raw);
		if (after === undefined) return jsonError(400, `Last-Event-ID ”${String(raw).slice(0, 40)}” är inget händelsenummer från Lägeskartan (ett heltal). Anslut utan det för att börja om.`);
		// adapter-node gives the request's socket (platform.req): a subscriber dropped for falling
		// behind has its connection closed, and its browser reconnects with Last-Event-ID.
		const socket = (event.platform as { req?: { socket?: { destroy(): void } } } | undefined)?.req?.socket;
		return new Response(liveEvents().open(token, after, { onDrop: () => socket?.destroy() }), {
			headers: {
				'content-type': 'text/event-stream; charset=utf-8',
				'cache-control': 'no-store',
				// nginx and similar proxies otherwise hold the events back in their buffer.
				'x-accel-buffering': 'no'
			}
		});
	})) satisfies RequestHandler;
