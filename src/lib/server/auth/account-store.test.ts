import { beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { eachDatabase, twoInstances } from '../../../../test/pg/each-database';
import type { AppDatabase } from '../db/app-database';
import { AccountStore, sessionLimits, slug } from './account-store';
import { ConflictError, NotFoundError } from '../errors';

const LIMITS = { idleMs: 30 * 60_000, absoluteMs: 12 * 3_600_000 };

/** A layer row (layer_visibility and layer_editors refer to it), made with SQL: no other store needed. */
const addLayer = (database: AppDatabase, id = 'l') =>
	sql`INSERT INTO layers (id, title, title_en, kind, geometry, source, precision, approximate, created_at, created_by, owner_organisation_id)
		VALUES (${id}, 'L', 'L', 'area', 'Polygon', 's', 'p', ${true}, 'x', 'x', 'sdf-jarva')`.execute(database.query);

/** The change counter as the database has it (migration 19). */
const counter = async (database: AppDatabase) => Number((await sql<{ counter: number }>`SELECT counter FROM account_changes`.execute(database.query)).rows[0]!.counter);

eachDatabase((database) => {
	let now: number;
	let store: AccountStore;
	beforeEach(async () => {
		now = Date.parse('2026-11-25T08:00:00Z');
		store = new AccountStore(database(), () => now);
		store.limits = LIMITS;
		await store.fresh();
	});

	const anna = () => store.createAccount({ username: 'anna', displayName: 'Anna', organisationId: 'polis-jarva', role: 'redaktör', passwordHash: 'h' });
	const minutes = (n: number) => (now += n * 60_000);

	describe('accounts', () => {
		it('the partners of the lägesbild exist from the first start', () => {
			expect(store.organisations().map((o) => o.id).sort()).toEqual(['fastighetsagare', 'polis-jarva', 'sdf-jarva']);
		});

		it('usernames are unique regardless of case (409), and the first stays as it was', async () => {
			await anna();
			await expect(store.createAccount({ username: 'ANNA', displayName: 'x', organisationId: 'sdf-jarva', role: 'läsare', passwordHash: 'h' })).rejects.toThrow(ConflictError);
			expect((await store.accountByUsername('Anna'))?.organisation.name).toBe('Lokalpolisområde Järva');
			expect(await store.accounts()).toHaveLength(1);
		});

		it('an account in an organisation that does not exist is refused (404)', async () => {
			await expect(store.createAccount({ username: 'bo', displayName: 'Bo', organisationId: 'nope', role: 'läsare', passwordHash: 'h' })).rejects.toThrow(NotFoundError);
			expect(await store.accounts()).toEqual([]);
		});

		it('an unknown account is a 404 to change or sum up, and an id past any column is simply unknown', async () => {
			await expect(store.updateAccount(4711, { role: 'admin' })).rejects.toThrow(NotFoundError);
			await expect(store.summary(4711)).rejects.toThrow(/Kontot 4711 finns inte/);
			expect(await store.account(2 ** 63)).toBeUndefined();
			const { id } = await anna();
			await expect(store.updateAccount(id, { organisationId: 'finns-inte' })).rejects.toThrow(NotFoundError);
			expect((await store.account(id))?.organisation.id).toBe('polis-jarva');
		});

		it('a new organisation gets an id from its name, unique even for similar names', async () => {
			expect((await store.createOrganisation('Fastighets AB Husby', 'fastighetsägare')).id).toBe('fastighets-ab-husby');
			await expect(store.createOrganisation('Fastighets AB Husby', 'fastighetsägare')).rejects.toThrow(ConflictError);
			expect((await store.createOrganisation('Fastighets AB  Husby', 'annan')).id).toBe('fastighets-ab-husby-2');
			expect(store.organisation('fastighets-ab-husby-2')?.name).toBe('Fastighets AB  Husby');
			expect(slug('Ägarföreningen Öst')).toBe('agarforeningen-ost');
		});

		it('ensureOrganisation makes one with a fixed id once', async () => {
			await store.ensureOrganisation('sakerhet', 'Säkerhetsbolaget (exempel)', 'säkerhetsföretag');
			await store.ensureOrganisation('sakerhet', 'Annat namn', 'annan');
			expect(store.organisation('sakerhet')).toEqual({ id: 'sakerhet', name: 'Säkerhetsbolaget (exempel)', kind: 'säkerhetsföretag' });
		});
	});

	describe('sessions', () => {
		it('a session token is long and random, and only its hash is stored', async () => {
			const { id } = await anna();
			const token = await store.startSession(id);
			expect(Buffer.from(token, 'base64url').length).toBe(32);
			const stored = (await sql<{ token_hash: string }>`SELECT token_hash FROM sessions`.execute(database().query)).rows.map((r) => r.token_hash);
			expect(stored).toHaveLength(1);
			expect(stored[0]).not.toContain(token);
		});

		it('a session used within 30 minutes lives on; after 30 idle minutes it is gone', async () => {
			const token = await store.startSession((await anna()).id);
			minutes(29);
			expect((await store.checkSession(token)).ok).toBe(true);
			minutes(29);
			expect((await store.checkSession(token)).ok).toBe(true);
			minutes(31);
			expect(await store.checkSession(token)).toEqual({ ok: false, reason: 'idle' });
			expect(await store.checkSession(token)).toEqual({ ok: false, reason: 'unknown' });
		});

		it('a session ends 12 hours after login however active it is', async () => {
			const token = await store.startSession((await anna()).id);
			for (let i = 0; i < 12 * 4; i++) {
				minutes(15);
				if (i < 12 * 4 - 1) expect((await store.checkSession(token)).ok).toBe(true);
			}
			minutes(1);
			expect(await store.checkSession(token)).toEqual({ ok: false, reason: 'absolute' });
		});

		it('disabling an account ends its sessions at once', async () => {
			const { id } = await anna();
			const token = await store.startSession(id);
			await store.startSession(id);
			await store.updateAccount(id, { disabled: true });
			expect((await store.checkSession(token)).ok).toBe(false);
			expect((await store.accounts()).find((a) => a.id === id)).toMatchObject({ disabled: true, activeSessions: 0 });
		});

		it('an admin can end all sessions of an account and learns how many were alive', async () => {
			const { id } = await anna();
			const [a, b] = [await store.startSession(id), await store.startSession(id)];
			expect((await store.summary(id)).activeSessions).toBe(2);
			expect(await store.endSessions(id)).toBe(2);
			expect([(await store.checkSession(a)).ok, (await store.checkSession(b)).ok]).toEqual([false, false]);
		});

		it('a new password ends the old sessions', async () => {
			const { id } = await anna();
			const token = await store.startSession(id);
			await store.updateAccount(id, { passwordHash: 'new' });
			expect((await store.checkSession(token)).ok).toBe(false);
		});

		it('the live stream’s viewer follows the session without moving its clock', async () => {
			const { id } = await anna();
			const token = await store.startSession(id);
			minutes(20);
			expect((await store.liveViewer(token))?.username).toBe('anna');
			minutes(11);
			// 31 minutes since the last request: the open stream was no activity.
			expect(await store.liveViewer(token)).toBeNull();
		});
	});

	describe('layer visibility and editing grants', () => {
		it('no rows means all partners; rows name the organisations; an unknown organisation is a 404 that changes nothing', async () => {
			await addLayer(database());
			expect(store.visibility('l')).toBeNull();
			await store.setVisibility('l', ['polis-jarva', 'polis-jarva', 'sdf-jarva']);
			expect(store.visibility('l')).toEqual(['polis-jarva', 'sdf-jarva']);
			await expect(store.setVisibility('l', ['nope'])).rejects.toThrow(NotFoundError);
			expect(store.visibility('l')).toEqual(['polis-jarva', 'sdf-jarva']);
			await store.setVisibility('l', null);
			expect(store.visibility('l')).toBeNull();
		});

		it('a change of visibility or editors in a write that rolls back is gone again after fresh()', async () => {
			await addLayer(database());
			await store.setVisibility('l', ['polis-jarva']);
			expect(store.visibilities().get('l')).toEqual(['polis-jarva']);
			// as an endpoint's write whose audit row fails after the change was read back (layer-view.ts does)
			await expect(
				database().write(async () => {
					await store.setVisibility('l', null);
					await store.setEditors('l', [{ organisationId: 'fastighetsagare', level: 'edit' }]);
					expect(store.visibilities().get('l')).toBeUndefined();
					expect(store.editors().get('l')).toHaveLength(1);
					throw new Error('disk full');
				})
			).rejects.toThrow('disk full');
			await store.fresh();
			expect(store.visibilities().get('l')).toEqual(['polis-jarva']);
			expect(store.editors().get('l')).toBeUndefined();
		});

		it('a layer’s editing grants are read back with the organisations’ names, and replaced as a whole', async () => {
			await addLayer(database());
			await store.setEditors('l', [{ organisationId: 'polis-jarva', level: 'edit' }, { organisationId: 'fastighetsagare', level: 'contribute' }]);
			expect(store.editors().get('l')).toEqual([
				{ organisation: { id: 'fastighetsagare', name: 'Fastighetsägare i Järva' }, level: 'contribute' },
				{ organisation: { id: 'polis-jarva', name: 'Lokalpolisområde Järva' }, level: 'edit' }
			]);
			await expect(store.setEditors('l', [{ organisationId: 'finns-inte', level: 'edit' }])).rejects.toThrow(NotFoundError);
			expect(store.editors().get('l')).toHaveLength(2);
			await store.setEditors('l', []);
			expect(store.editors().get('l')).toBeUndefined();
		});
	});

	describe('upgrading a password hash at login', () => {
		it('replaces the hash without ending sessions, unless the password changed meanwhile', async () => {
			const { id } = await anna();
			const token = await store.startSession(id);
			expect(await store.upgradePasswordHash(id, 'h', 'h2')).toBe(true);
			expect((await store.accountByUsername('anna'))?.passwordHash).toBe('h2');
			expect((await store.checkSession(token)).ok).toBe(true);
			// A login that read 'h' before a password change must not bring the old password back.
			expect(await store.upgradePasswordHash(id, 'h', 'h3')).toBe(false);
			expect((await store.accountByUsername('anna'))?.passwordHash).toBe('h2');
		});
	});

	describe('the operating organisation and scoped administration', () => {
		const admin = (username: string, organisationId: string) => store.createAccount({ username, displayName: username, organisationId, role: 'admin', passwordHash: 'h' });

		it('a new store has no operator, so no admin is a system administrator until one is named', async () => {
			const sdf = await admin('sara', 'sdf-jarva');
			expect(store.operator()).toBeNull();
			expect(store.viewer(sdf).systemAdmin).toBe(false);
			await store.setOperator('sdf-jarva');
			expect(store.operator()?.name).toBe('Järva stadsdelsförvaltning');
			expect(store.viewer(sdf).systemAdmin).toBe(true);
			expect(store.viewer(await admin('pia', 'polis-jarva')).systemAdmin).toBe(false);
			expect(store.viewer(await anna()).systemAdmin).toBe(false);
			await expect(store.setOperator('finns-inte')).rejects.toThrow(NotFoundError);
			expect(store.operator()?.id).toBe('sdf-jarva');
		});

		it('an organisation’s accounts are listed apart from the others’', async () => {
			await anna();
			await admin('sara', 'sdf-jarva');
			expect((await store.accounts('polis-jarva')).map((a) => a.username)).toEqual(['anna']);
			expect((await store.accounts()).map((a) => a.username).sort()).toEqual(['anna', 'sara']);
		});
	});

	describe('the session check in the hook (sessionViewer)', () => {
		it('answers a burst from memory but hears a logout, a disabled account and a new role at once', async () => {
			const id = (await anna()).id;
			const token = await store.startSession(id);
			expect((await store.sessionViewer(token)).viewer?.role).toBe('redaktör');
			expect(store.recentViewer(token)?.viewer.role).toBe('redaktör');
			await store.updateAccount(id, { role: 'läsare' });
			expect(store.recentViewer(token)).toBeUndefined();
			expect((await store.sessionViewer(token)).viewer?.role).toBe('läsare');
			await store.updateAccount(id, { disabled: true });
			expect(await store.sessionViewer(token)).toMatchObject({ check: { ok: false }, viewer: null });
			await store.updateAccount(id, { disabled: false });
			const again = await store.startSession(id);
			expect((await store.sessionViewer(again)).check.ok).toBe(true);
			await store.endSession(again);
			expect(await store.sessionViewer(again)).toMatchObject({ check: { ok: false, reason: 'unknown' }, viewer: null });
		});

		it('is checked against the limits again after at most a second', async () => {
			const token = await store.startSession((await anna()).id);
			expect((await store.sessionViewer(token)).check.ok).toBe(true);
			minutes(31);
			expect(store.recentViewer(token)).toBeUndefined();
			expect((await store.sessionViewer(token)).check).toMatchObject({ ok: false, reason: 'idle' });
		});

		it('keepEnded leaves an ended session for the hook to explain', async () => {
			const token = await store.startSession((await anna()).id);
			minutes(31);
			expect((await store.sessionViewer(token, { keepEnded: true })).check).toMatchObject({ ok: false, reason: 'idle' });
			expect((await store.sessionViewer(token)).check).toMatchObject({ ok: false, reason: 'idle' });
			expect((await store.sessionViewer(token)).check).toMatchObject({ ok: false, reason: 'unknown' });
		});
	});

	describe('the change counter (migration 19)', () => {
		/** Runs `change` and says whether the counter moved. */
		const moves = async (change: () => Promise<unknown>) => {
			const before = await counter(database());
			await change();
			return (await counter(database())) > before;
		};

		it('moves with a change to accounts: made, changed, removed; not with a login time', async () => {
			expect(await moves(anna)).toBe(true);
			const { id } = (await store.accountByUsername('anna'))!;
			expect(await moves(() => store.updateAccount(id, { role: 'läsare' }))).toBe(true);
			expect(await moves(() => sql`UPDATE accounts SET last_login_at = 'x' WHERE id = ${id}`.execute(database().query))).toBe(false);
			expect(await moves(() => sql`DELETE FROM accounts WHERE id = ${id}`.execute(database().query))).toBe(true);
		});

		it('moves with a change to organisations', async () => {
			expect(await moves(() => store.createOrganisation('Bostadsbolaget (exempel)', 'fastighetsägare'))).toBe(true);
			expect(await moves(() => sql`UPDATE organisations SET name = 'Bostadsbolaget AB (exempel)' WHERE id = 'bostadsbolaget-exempel'`.execute(database().query))).toBe(true);
			expect(await moves(() => sql`DELETE FROM organisations WHERE id = 'bostadsbolaget-exempel'`.execute(database().query))).toBe(true);
		});

		it('moves when a session ends (logout, swept, ended by an admin), not when one starts or is used', async () => {
			const { id } = await anna();
			let token = '';
			expect(await moves(async () => (token = await store.startSession(id)))).toBe(false);
			minutes(10);
			expect(await moves(() => store.sessionViewer(token))).toBe(false); // moves the session's clock on
			expect(await moves(() => store.endSession(token))).toBe(true);
			await store.startSession(id);
			expect(await moves(() => store.endSessions(id))).toBe(true);
		});

		it('moves with a change to layer visibility', async () => {
			await addLayer(database());
			expect(await moves(() => store.setVisibility('l', ['polis-jarva', 'sdf-jarva']))).toBe(true);
			expect(await moves(() => store.setVisibility('l', null))).toBe(true);
		});

		it('moves with a change to layer editing grants', async () => {
			await addLayer(database());
			expect(await moves(() => store.setEditors('l', [{ organisationId: 'polis-jarva', level: 'edit' }]))).toBe(true);
			expect(await moves(() => sql`UPDATE layer_editors SET level = 'contribute'`.execute(database().query))).toBe(true);
			expect(await moves(() => store.setEditors('l', []))).toBe(true);
		});

		it('moves with the operator setting, not with another setting', async () => {
			expect(await moves(() => store.setOperator('sdf-jarva'))).toBe(true);
			expect(await moves(() => store.setOperator('polis-jarva'))).toBe(true);
			expect(await moves(() => sql`INSERT INTO settings (key, value) VALUES ('something-else', 'x')`.execute(database().query))).toBe(false);
			expect(await moves(() => sql`DELETE FROM settings WHERE key = 'operator_organisation'`.execute(database().query))).toBe(true);
		});

		it('does not move with reads', async () => {
			const { id } = await anna();
			const token = await store.startSession(id);
			expect(
				await moves(async () => {
					await store.fresh();
					await store.account(id);
					await store.accountByUsername('anna');
					await store.accounts();
					await store.summary(id);
					await store.sessionViewer(token);
					await store.liveViewer(token);
					store.organisations();
					store.visibilities();
					store.editors();
					store.operator();
				})
			).toBe(false);
		});

		it('a change rolled back leaves it where it was', async () => {
			await expect(
				moves(() =>
					database().write(async () => {
						await anna();
						throw new Error('no');
					})
				)
			).rejects.toThrow('no');
			expect(await counter(database())).toBe(0);
		});
	});
});

describe('session limits from the environment', () => {
	const limits = (idle?: string, max?: string) => sessionLimits({ LAGESKARTA_SESSION_IDLE_MINUTES: idle, LAGESKARTA_SESSION_MAX_HOURS: max });

	it('default to 30 minutes idle and 12 hours in all', () => {
		expect(limits()).toEqual({ idleMs: 30 * 60_000, absoluteMs: 12 * 3_600_000 });
		expect(limits('0', '-3')).toEqual({ idleMs: 30 * 60_000, absoluteMs: 12 * 3_600_000 });
		expect(limits('trettio', 'tolv')).toEqual({ idleMs: 30 * 60_000, absoluteMs: 12 * 3_600_000 });
	});

	it('may be shorter', () => {
		expect(limits('5', '0.5')).toEqual({ idleMs: 5 * 60_000, absoluteMs: 30 * 60_000 });
	});

	it('are clamped to 30 minutes and 12 hours, and the lowering is reported', () => {
		const warnings: string[] = [];
		const clamped = sessionLimits({ LAGESKARTA_SESSION_IDLE_MINUTES: '480', LAGESKARTA_SESSION_MAX_HOURS: '72' }, (m) => warnings.push(m));
		expect(clamped).toEqual({ idleMs: 30 * 60_000, absoluteMs: 12 * 3_600_000 });
		expect(warnings).toHaveLength(2);
		expect(warnings[0]).toMatch(/LAGESKARTA_SESSION_IDLE_MINUTES=480.*30 minuter gäller/);
		expect(limits('Infinity', '1e9')).toEqual({ idleMs: 30 * 60_000, absoluteMs: 12 * 3_600_000 });
	});
});

describe('two instances on one PostgreSQL database', () => {
	const instances = twoInstances();
	let one: AppDatabase;
	let two: AppDatabase;
	let a: AccountStore;
	let b: AccountStore;
	beforeEach(async () => {
		[one, two] = instances();
		a = new AccountStore(one);
		b = new AccountStore(two);
		a.limits = b.limits = LIMITS;
		await Promise.all([a.fresh(), b.fresh()]);
	});

	/** An account made on instance a, with a session whose check instance b has in memory. */
	const signedIn = async (role: 'läsare' | 'redaktör' | 'admin' = 'redaktör') => {
		const account = await a.createAccount({ username: `u${Math.random().toString(36).slice(2, 8)}`, displayName: 'Person', organisationId: 'polis-jarva', role, passwordHash: 'h' });
		const token = await a.startSession(account.id);
		await b.fresh();
		expect((await b.sessionViewer(token)).viewer?.role).toBe(role);
		return { id: account.id, token };
	};

	it('a logout on one holds on the other’s next request (a stale cache never answers after fresh())', async () => {
		const { token } = await signedIn();
		await a.endSession(token);
		// Without asking, b still has the check from a moment ago: what fresh() is for.
		expect(b.recentViewer(token)?.viewer).not.toBeNull();
		await b.fresh();
		expect(b.recentViewer(token)).toBeUndefined();
		expect(await b.sessionViewer(token)).toMatchObject({ check: { ok: false, reason: 'unknown' }, viewer: null });
	});

	it('a disabled account on one is refused on the other at its next request', async () => {
		const { id, token } = await signedIn();
		await a.updateAccount(id, { disabled: true });
		await b.fresh();
		expect((await b.sessionViewer(token)).viewer).toBeNull();
	});

	it('a role change on one is the role on the other at its next request', async () => {
		const { id, token } = await signedIn('läsare');
		await a.updateAccount(id, { role: 'admin' });
		await b.fresh();
		expect((await b.sessionViewer(token)).viewer?.role).toBe('admin');
	});

	it('a visibility change, a new grant, a new organisation and the operator on one are seen by the other after fresh()', async () => {
		await addLayer(one);
		await b.fresh();
		expect(b.visibility('l')).toBeNull();
		await a.setVisibility('l', ['sdf-jarva', 'polis-jarva']);
		await a.setEditors('l', [{ organisationId: 'polis-jarva', level: 'contribute' }]);
		const made = await a.createOrganisation('Bostadsbolaget (exempel)', 'fastighetsägare');
		await a.setOperator('sdf-jarva');
		expect(b.visibility('l')).toBeNull();
		await b.fresh();
		expect(b.visibility('l')).toEqual(['polis-jarva', 'sdf-jarva']);
		expect(b.editors().get('l')).toEqual([{ organisation: { id: 'polis-jarva', name: 'Lokalpolisområde Järva' }, level: 'contribute' }]);
		expect(b.organisation(made.id)?.name).toBe('Bostadsbolaget (exempel)');
		expect(b.operator()?.id).toBe('sdf-jarva');
	});

	it('the other’s own reads do not make either reload: the counter stays', async () => {
		const { token } = await signedIn();
		const before = await counter(one);
		await b.fresh();
		await b.sessionViewer(token);
		await b.accounts();
		await a.fresh();
		expect(await counter(two)).toBe(before);
	});
});
