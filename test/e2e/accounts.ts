/**
 * The e2e servers run in demo mode with a known password, so tests can log in as any demo
 * account: demo-admin, demo-<sdf|polis|fastighet>-<admin|redaktor|lasare>, and the example
 * partners' demo-sakerhet-redaktor (a security company) and demo-transport-redaktor (a transport
 * company), invented organisations named as examples (src/lib/server/auth/demo.ts).
 */
import type { APIRequestContext } from '@playwright/test';

export const E2E_PASSWORD = 'e2e-lösenord-för-demokonton';

/** Environment for a server the tests start (shared or their own). */
export const serverEnv = (origin: string, dataDir: string): Record<string, string> => ({
	HOST: '127.0.0.1',
	PORT: new URL(origin).port,
	ORIGIN: origin,
	LAGESKARTA_DATA_DIR: dataDir,
	LAGESKARTA_DEMO: '1',
	LAGESKARTA_DEMO_PASSWORD: E2E_PASSWORD,
	BODY_SIZE_LIMIT: '25M',
	// Node closes an idle keep-alive socket after 5 s; a test's API request that reuses the socket
	// at that moment gets ECONNRESET (seen in edit.e2e). Longer than any pause inside a test.
	KEEP_ALIVE_TIMEOUT: '120'
});

/** Logs a request context (and the browser context it belongs to) in; throws if refused. */
export async function login(request: APIRequestContext, origin: string, username: string, password = E2E_PASSWORD) {
	const response = await request.post(`${origin}/api/session`, { data: { username, password }, headers: { origin } });
	if (!response.ok()) throw new Error(`login as ${username} failed: ${response.status()} ${await response.text()}`);
	return response.json() as Promise<{ account: { username: string; role: string; organisation: { id: string } } }>;
}
