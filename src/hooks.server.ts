/**
 * Every request passes, in order: security headers, the origin check for anything that writes,
 * and authentication (and a body no one read is drained afterwards). Anonymous requests to /api are refused here, before any endpoint runs
 * (POST /api/session, the login, is the one exception); endpoints check roles and objects again.
 */
import { json, type Handle, type RequestEvent, type ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { DEMO_ACCOUNTS } from '$lib/server/auth/demo';
import { clearedCookieHeader, clearSessionCookie, SESSION_COOKIE } from '$lib/server/auth/session-cookie';
import { services } from '$lib/server/services';
import { registerFastPaths } from '$lib/server/fast-paths';
import { clientAddress } from '$lib/server/guard';
import { ogcError } from '$lib/server/ogc/respond';
import { errorResponse } from '$lib/server/http';
import { TOKEN_PREFIX } from '$lib/server/auth/token-store';
import { proxyWarning } from '$lib/server/proxy-warning';
import { isDemo, startup } from '$lib/server/startup';
import { SECURITY_HEADERS } from '../server/security-headers.js';
import { basemapSetting, withRasterOrigin } from '$lib/server/basemap-setting';
import { BASEMAP_META } from '$lib/map/basemap-config';

export const init: ServerInit = async () => {
	await startup();
	// Layer reads and feature writes with nothing unusual about them are answered before SvelteKit (server/index.js).
	registerFastPaths(services);
};

/** Every page names the basemap in a meta tag (pages render in the browser; this is how they learn it). */
const basemapPage: Handle = ({ event, resolve }) =>
	resolve(event, {
		transformPageChunk: ({ html }) =>
			html.replace(
				`<meta name="${BASEMAP_META}" content="%lageskartan.basemap%"`,
				`<meta name="${BASEMAP_META}" content="${escapeAttribute(JSON.stringify(basemapSetting().config))}"`
			)
	});

const escapeAttribute = (text: string) =>
	text.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

const securityHeaders: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	const raster = basemapSetting().rasterOrigin;
	const policy = response.headers.get('content-security-policy');
	if (raster && policy) response.headers.set('content-security-policy', withRasterOrigin(policy, raster));
	for (const [name, value] of Object.entries(SECURITY_HEADERS)) {
		if (!response.headers.has(name)) response.headers.set(name, value);
	}
	// Over HTTPS, browsers are told to keep using it (the session cookie is Secure there anyway).
	if (event.url.protocol === 'https:') response.headers.set('strict-transport-security', 'max-age=31536000');
	if ((event.url.pathname.startsWith('/api/') || event.url.pathname.startsWith('/ogc')) && !response.headers.has('cache-control')) {
		response.headers.set('cache-control', 'private, no-store');
	}
	return response;
};

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * A write must come from a page of this origin. SvelteKit checks form posts only; JSON and
 * every other type are checked here. Browsers always send Origin on such requests; API clients
 * send it themselves.
 */
const originCheck: Handle = async ({ event, resolve }) => {
	if (SAFE_METHODS.has(event.request.method)) return resolve(event);
	const origin = event.request.headers.get('origin');
	if (origin !== event.url.origin) {
		return json(
			{
				message: origin
					? `Förfrågan kommer från ${origin}, inte från ${event.url.origin}, och avvisas (skydd mot förfalskade förfrågningar).`
					: `Förfrågan saknar Origin-huvud och avvisas. API-klienter skickar "Origin: ${event.url.origin}".`
			},
			{ status: 403 }
		);
	}
	return resolve(event);
};

const EXPIRED: Record<string, string> = {
	idle: 'Sessionen gick ut efter en tid utan aktivitet. Logga in igen.',
	absolute: 'Sessionen har nått sin längsta tid. Logga in igen.',
	disabled: 'Kontot är avstängt eller borttaget. Kontakta en administratör.',
	unknown: 'Sessionen finns inte längre (utloggad eller avslutad). Logga in igen.'
};

const isOgc = (path: string) => path === '/ogc' || path.startsWith('/ogc/');

const TOKEN_REFUSED: Record<string, string> = {
	unknown: 'Åtkomsttoken är okänd. Kontrollera att hela token kom med (den börjar med lk_), eller skapa en ny under Konto → Åtkomsttoken för GIS.',
	expired: 'Åtkomsttoken har gått ut. Skapa en ny under Konto → Åtkomsttoken för GIS i Lägeskartan.',
	revoked: 'Åtkomsttoken är återkallad. Skapa en ny under Konto → Åtkomsttoken för GIS i Lägeskartan.',
	disabled: 'Kontot som åtkomsttoken hör till är avstängt eller borttaget. Kontakta en administratör.',
	malformed: 'Authorization-huvudet ska vara ”Bearer <token>”.'
};

/**
 * A request with `Authorization: Bearer …` (or Basic with the token as password): a personal access token (auth/token-store.ts). It acts
 * as its account as the account is now, only for reading /ogc (GET/HEAD): anything else is a 403
 * that says so. Every use – let in or refused – is one audit row (`token-use`, or `access-denied`
 * for a token used outside its scope), with the answer's status.
 */
async function tokenRequest(event: RequestEvent, resolve: Parameters<Handle>[0]['resolve'], authorization: string): Promise<Response> {
	const { tokens, accounts, audit } = services();
	const path = event.url.pathname;
	const target = `${event.request.method} ${path}`;
	const ip = clientAddress(event);
	const secret = /^Bearer\s+(\S+)\s*$/i.exec(authorization)?.[1] ?? basicToken(authorization);
	const check = secret ? await tokens.check(secret) : ({ ok: false, reason: 'malformed' } as const);
	const account = check.ok ? await accounts.account(check.accountId) : undefined;
	const refusal = !check.ok ? check.reason : !account || account.disabled ? 'disabled' : null;
	const refuse = (status: number, description: string) =>
		ogcOrApiError(path, status, description, status === 401 ? { 'www-authenticate': 'Bearer realm="Lägeskartan"' } : {});
	if (refusal || !check.ok || !account) {
		await audit.record({ who: account ? accounts.viewer(account) : null, ip, action: 'token-use', target, outcome: 'refused', detail: { reason: refusal, ...(check.ok ? { tokenId: check.token.id, token: check.token.name } : {}) } });
		return refuse(401, TOKEN_REFUSED[refusal ?? 'unknown']!);
	}
	const viewer = accounts.viewer(account);
	if (!isOgc(path) || !SAFE_METHODS.has(event.request.method) || event.request.method === 'OPTIONS') {
		await audit.record({ who: viewer, ip, action: 'access-denied', target, outcome: 'refused', detail: { tokenId: check.token.id, token: check.token.name, needs: 'session' } });
		return refuse(
			403,
			`En åtkomsttoken ger bara läsning av OGC API – Features under /ogc (GET). ${target} kräver att du loggar in i Lägeskartan (POST /api/session).`
		);
	}
	event.locals.viewer = viewer;
	event.locals.token = check.token;
	const response = await resolve(event);
	await audit.record({ who: viewer, ip, action: 'token-use', target: `${target}${event.url.search}`.slice(0, 500), detail: { tokenId: check.token.id, token: check.token.name, status: response.status } });
	return response;
}

/**
 * The token from HTTP Basic with the token as password (any user name): for GIS clients whose
 * connection dialog has a user name and password but no header field (ArcGIS Pro). Only a
 * password that looks like a token counts.
 */
function basicToken(authorization: string): string | undefined {
	const encoded = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(authorization)?.[1];
	if (!encoded) return undefined;
	const decoded = Buffer.from(encoded, 'base64').toString('utf8');
	const password = decoded.slice(decoded.indexOf(':') + 1);
	return decoded.includes(':') && password.startsWith(TOKEN_PREFIX) ? password : undefined;
}

/** A refusal before any endpoint ran: an OGC exception under /ogc, the API's `{ message }` elsewhere. */
function ogcOrApiError(path: string, status: number, text: string, headers: Record<string, string> = {}): Response {
	if (isOgc(path)) return ogcError(status, text, {}, { 'cache-control': 'no-store', ...headers });
	return json({ message: text }, { status, headers: { 'cache-control': 'no-store', ...headers } });
}

const authenticate: Handle = async ({ event, resolve }) => {
	event.locals.viewer = null;
	event.locals.token = null;
	const authorization = event.request.headers.get('authorization');
	if (authorization !== null && (/^bearer\b/i.test(authorization.trim()) || basicToken(authorization.trim()))) return tokenRequest(event, resolve, authorization.trim());
	const token = event.cookies.get(SESSION_COOKIE);
	let expired: string | null = null;
	if (token) {
		const { check, viewer } = await services().accounts.sessionViewer(token);
		if (check.ok) event.locals.viewer = viewer;
		else {
			expired = EXPIRED[check.reason]!;
			clearSessionCookie(event.cookies, event.url);
		}
	}
	const path = event.url.pathname;
	if (!event.locals.viewer && isOgc(path)) {
		return ogcError(
			401,
			expired ?? 'Logga in först: skicka en personlig åtkomsttoken som ”Authorization: Bearer <token>” (skapa den under Konto → Åtkomsttoken för GIS i Lägeskartan), eller logga in i webbläsaren.',
			{},
			{ 'www-authenticate': 'Bearer realm="Lägeskartan"', ...(expired ? { 'set-cookie': clearedCookieHeader(event.url) } : {}) }
		);
	}
	const isLogin = path === '/api/session' && event.request.method === 'POST';
	if (!event.locals.viewer && (path === '/api' || path.startsWith('/api/')) && !isLogin) {
		const headers = new Headers({ 'cache-control': 'no-store' });
		if (expired) headers.append('set-cookie', clearedCookieHeader(event.url));
		return json(
			{
				message: expired ?? 'Logga in först (POST /api/session med {"username", "password"}).',
				demo: isDemo(),
				// In demo mode the login page lists the accounts to try (the password is in the server log).
				...(isDemo() ? { demoAccounts: DEMO_ACCOUNTS.map((a) => a.username) } : {})
			},
			{ status: 401, headers }
		);
	}
	return resolve(event);
};

/**
 * What every request reads from memory made current first, once: the layers' copy (LayerService,
 * db/feature-store.ts) and the accounts' caches (organisations, operator, visibility, grants,
 * recent sessions: AccountStore.fresh). On PostgreSQL each is one cheap query (another instance
 * may have written); on SQLite there is next to nothing to ask (this process's writes bring them
 * up to date).
 */
const freshCopies: Handle = async ({ event, resolve }) => {
	const { layers, accounts } = services();
	await Promise.all([layers.fresh(), accounts.fresh()]);
	return resolve(event);
};

/**
 * A refusal thrown by a hook after this one (the database not answering while the copies are made
 * current or a session is checked) answered as the endpoints answer it (errorResponse: a 503
 * saying the database does not answer, not a 500). Endpoints map their own (http.ts answer).
 */
const hookRefusals: Handle = async ({ event, resolve }) => {
	try {
		return await resolve(event);
	} catch (err) {
		const response = errorResponse(err);
		if (!response) throw err;
		if (event.url.pathname.startsWith('/api/') || event.url.pathname.startsWith('/ogc')) return response;
		// A page: a few words a person can read, not JSON.
		const { message } = (await response.json()) as { message: string };
		// New headers, not the JSON answer's (its content-length is the JSON's: a wrong length breaks the response).
		const headers: Record<string, string> = { 'content-type': 'text/html; charset=utf-8' };
		const retryAfter = response.headers.get('retry-after');
		if (retryAfter) headers['retry-after'] = retryAfter;
		return new Response(`<!doctype html><html lang="sv"><meta charset="utf-8"><title>Lägeskartan</title><p>${escapeAttribute(message)}</p></html>`, { status: response.status, headers });
	}
};

const checkProxy = proxyWarning(process.env, (message) => console.warn(message));

/** Warns once in the server log when requests come through a proxy adapter-node was not told about. */
const proxyCheck: Handle = ({ event, resolve }) => {
	checkProxy(event.request.headers);
	return resolve(event);
};

/**
 * A body the endpoint did not read (refused for its declared size, its role, its origin) is read
 * and thrown away. Left unread, adapter-node's paused stream holds the keep-alive connection:
 * the client's next request on it hangs until it is reset (seen after a 413 for a 400 kB body).
 * A body an endpoint did read is locked; limitedBody drains what it leaves after a 413 itself.
 */
const drainUnreadBody: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	const body = event.request.body;
	if (body && !body.locked) body.pipeTo(new WritableStream()).catch(() => {});
	return response;
};

export const handle = sequence(drainUnreadBody, proxyCheck, securityHeaders, hookRefusals, originCheck, freshCopies, authenticate, basemapPage);
