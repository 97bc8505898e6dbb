import { afterEach, describe, expect, it, vi } from 'vitest';
import { loginPath, returnPath } from './page-load';
import { canEdit, claimExpiry, EXPIRED_MESSAGE, leaveNotice, noticeExpiry, readSession, sessionStarted, setExpiryHandler, takeNotice } from './session-client';

const answer = (status: number, body: unknown) => (async () => new Response(JSON.stringify(body), { status })) as unknown as typeof fetch;

const account = {
	id: 1,
	username: 'anna',
	displayName: 'Anna Andersson',
	role: 'redaktör',
	organisation: { id: 'polis-jarva', name: 'Lokalpolisområde Järva', kind: 'polis' }
};

describe('readSession', () => {
	it('gives the session when logged in', async () => {
		const state = await readSession(answer(200, { account, demo: true, idleMinutes: 30 }));
		expect(state.session?.account.username).toBe('anna');
		expect(state).toMatchObject({ demo: true, demoAccounts: [] });
	});
	it('takes a 401 as "not logged in", with the demo accounts to try', async () => {
		const state = await readSession(answer(401, { message: 'Logga in först', demo: true, demoAccounts: ['anna', 7, 'bo'] }));
		expect(state).toEqual({ session: null, demo: true, demoAccounts: ['anna', 'bo'] });
	});
	it('throws the server message for anything else', async () => {
		await expect(readSession(answer(500, { message: 'Databasen är låst.' }))).rejects.toThrow('Databasen är låst.');
	});
});

describe('noticeExpiry', () => {
	afterEach(() => {
		setExpiryHandler(() => {});
		takeNotice();
	});

	it('ignores every status but 401', () => {
		const handler = vi.fn();
		setExpiryHandler(handler);
		expect([200, 204, 400, 403, 409, 500].map(noticeExpiry)).toEqual([false, false, false, false, false, false]);
		expect(handler).not.toHaveBeenCalled();
	});
	it('tells the page once when several requests find the session ended', () => {
		const handler = vi.fn();
		setExpiryHandler(handler);
		expect(noticeExpiry(401)).toBe(true);
		expect(noticeExpiry(401)).toBe(true);
		expect(handler).toHaveBeenCalledTimes(1);
		expect(takeNotice()).toBe(EXPIRED_MESSAGE);
		expect(takeNotice()).toBeNull();
	});
	it('forgets an old session’s notice at a new login', () => {
		noticeExpiry(401);
		sessionStarted();
		expect(takeNotice()).toBeNull();
	});
	it('carries a message left for the next page', () => {
		leaveNotice('Administrationen är bara för administratörer.');
		expect(takeNotice()).toBe('Administrationen är bara för administratörer.');
	});
	it('keeps the first reason when a later page leaves another', () => {
		noticeExpiry(401);
		leaveNotice('Logga in som administratör för att öppna administrationen.');
		expect(takeNotice()).toBe(EXPIRED_MESSAGE);
	});
});

it('lets redaktör and admin edit, not läsare', () => {
	expect([canEdit('läsare'), canEdit('redaktör'), canEdit('admin')]).toEqual([false, true, true]);
});

describe('a page that claims an ended session', () => {
	afterEach(() => {
		takeNotice();
		setExpiryHandler(() => {});
	});
	it('is told instead of the layout (the page keeps what was typed), once, and not after it lets go', () => {
		const layout = vi.fn();
		const page = vi.fn();
		setExpiryHandler(layout);
		const release = claimExpiry(page);
		expect(noticeExpiry(401)).toBe(true);
		expect(noticeExpiry(401)).toBe(true);
		expect(page).toHaveBeenCalledTimes(1);
		expect(layout).not.toHaveBeenCalled();
		sessionStarted();
		release();
		noticeExpiry(401);
		expect(layout).toHaveBeenCalledTimes(1);
		expect(page).toHaveBeenCalledTimes(1);
	});
});

describe('the way back after logging in', () => {
	it('leads to a path of this app only', () => {
		expect(returnPath(new URL('http://x/?till=%2Fmote%2Fm1%3Fplats%3Di2'))).toBe('/mote/m1?plats=i2');
		expect(loginPath(new URL('http://x/mote/m1?plats=i2'))).toBe('/?till=%2Fmote%2Fm1%3Fplats%3Di2');
		for (const bad of ['https://evil.example/', '//evil.example/', '/\\evil.example', 'mote']) expect(returnPath(new URL(`http://x/?till=${encodeURIComponent(bad)}`))).toBeNull();
	});
});
