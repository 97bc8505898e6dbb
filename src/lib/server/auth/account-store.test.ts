import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, write, type Db } from '../db/database';
import { AccountStore, sessionLimits, slug } from './account-store';
import { ConflictError, NotFoundError } from '../errors';

let dir: string;
let db: Db;
let now: number;
let store: AccountStore;
beforeEach(() => {
	dir = mkdtempSync(join(tmpdir(), 'lageskarta-accounts-'));
	db = openDatabase(dir);
	now = Date.parse('2026-11-25T08:00:00Z');
	store = new AccountStore(db, () => now);
	store.limits = { idleMs: 30 * 60_000, absoluteMs: 12 * 3_600_000 };
});
afterEach(() => {
	db.close();
	rmSync(dir, { recursive: true, force: true });
});

const anna = () => store.createAccount({ username: 'anna', displayName: 'Anna', organisationId: 'polis-jarva', role: 'redaktör', passwordHash: 'h' });
const minutes = (n: number) => (now += n * 60_000);

describe('accounts', () => {
	it('the partners of the lägesbild exist from the first start', () => {
		expect(store.organisations().map((o) => o.id).sort()).toEqual(['fastighetsagare', 'polis-jarva', 'sdf-jarva']);
	});

	it('usernames are unique regardless of case', () => {
		anna();
		expect(() => store.createAccount({ username: 'ANNA', displayName: 'x', organisationId: 'sdf-jarva', role: 'läsare', passwordHash: 'h' })).toThrow(ConflictError);
		expect(store.accountByUsername('Anna')?.organisation.name).toBe('Lokalpolisområde Järva');
	});

	it('an account in an organisation that does not exist is refused', () => {
		expect(() => store.createAccount({ username: 'bo', displayName: 'Bo', organisationId: 'nope', role: 'läsare', passwordHash: 'h' })).toThrow(NotFoundError);
	});

	it('a new organisation gets an id from its name, unique even for similar names', () => {
		expect(store.createOrganisation('Fastighets AB Husby', 'fastighetsägare').id).toBe('fastighets-ab-husby');
		expect(() => store.createOrganisation('Fastighets AB Husby', 'fastighetsägare')).toThrow(ConflictError);
		expect(store.createOrganisation('Fastighets AB  Husby', 'annan').id).toBe('fastighets-ab-husby-2');
		expect(slug('Ägarföreningen Öst')).toBe('agarforeningen-ost');
	});
});

describe('sessions', () => {
	it('a session token is long and random, and only its hash is stored', () => {
		const { id } = anna();
		const token = store.startSession(id);
		expect(Buffer.from(token, 'base64url').length).toBe(32);
		const stored = db.prepare('SELECT token_hash FROM sessions').pluck().all() as string[];
		expect(stored).toHaveLength(1);
		expect(stored[0]).not.toContain(token);
	});

	it('a session used within 30 minutes lives on; after 30 idle minutes it is gone', () => {
		const token = store.startSession(anna().id);
		minutes(29);
		expect(store.checkSession(token).ok).toBe(true);
		minutes(29);
		expect(store.checkSession(token).ok).toBe(true);
		minutes(31);
		expect(store.checkSession(token)).toEqual({ ok: false, reason: 'idle' });
		expect(store.checkSession(token)).toEqual({ ok: false, reason: 'unknown' });
	});

	it('a session ends 12 hours after login however active it is', () => {
		const token = store.startSession(anna().id);
		for (let i = 0; i < 12 * 4; i++) {
			minutes(15);
			if (i < 12 * 4 - 1) expect(store.checkSession(token).ok).toBe(true);
		}
		minutes(1);
		expect(store.checkSession(token)).toEqual({ ok: false, reason: 'absolute' });
	});

	it('disabling an account ends its sessions at once', () => {
		const { id } = anna();
		const token = store.startSession(id);
		store.startSession(id);
		store.updateAccount(id, { disabled: true });
		expect(store.checkSession(token).ok).toBe(false);
		expect(store.accounts().find((a) => a.id === id)).toMatchObject({ disabled: true, activeSessions: 0 });
	});

	it('an admin can end all sessions of an account and learns how many were alive', () => {
		const { id } = anna();
		const [a, b] = [store.startSession(id), store.startSession(id)];
		expect(store.accounts().find((x) => x.id === id)?.activeSessions).toBe(2);
		expect(store.endSessions(id)).toBe(2);
		expect([store.checkSession(a).ok, store.checkSession(b).ok]).toEqual([false, false]);
	});

	it('a new password ends the old sessions', () => {
		const { id } = anna();
		const token = store.startSession(id);
		store.updateAccount(id, { passwordHash: 'new' });
		expect(store.checkSession(token).ok).toBe(false);
	});
});

describe('layer visibility', () => {
	it('no rows means all partners; rows name the organisations', () => {
		db.prepare("INSERT INTO layers (id, title, title_en, kind, geometry, source, precision, approximate, created_at, created_by) VALUES ('l', 't', 't', 'area', 'Polygon', 's', 'p', 1, 'now', 'test')").run();
		expect(store.visibility('l')).toBeNull();
		store.setVisibility('l', ['polis-jarva', 'polis-jarva', 'sdf-jarva']);
		expect(store.visibility('l')).toEqual(['polis-jarva', 'sdf-jarva']);
		expect(() => store.setVisibility('l', ['nope'])).toThrow(NotFoundError);
		expect(store.visibility('l')).toEqual(['polis-jarva', 'sdf-jarva']);
		store.setVisibility('l', null);
		expect(store.visibility('l')).toBeNull();
	});

	it('a change of visibility or editors that rolls back leaves the kept copies as committed', () => {
		db.prepare("INSERT INTO layers (id, title, title_en, kind, geometry, source, precision, approximate, created_at, created_by, owner_organisation_id) VALUES ('l', 'L', 'L', 'area', 'Polygon', 's', 'p', 1, 'x', 'x', 'sdf-jarva')").run();
		store.setVisibility('l', ['polis-jarva']);
		expect(store.visibilities().get('l')).toEqual(['polis-jarva']);
		expect(store.editors().get('l')).toBeUndefined();
		// as a write whose group commit fails after the change was read back (layer-view.ts does)
		expect(() =>
			write(db, () => {
				store.setVisibility('l', null);
				store.setEditors('l', [{ organisationId: 'fastighetsagare', level: 'edit' }]);
				expect(store.visibilities().get('l')).toBeUndefined();
				expect(store.editors().get('l')).toHaveLength(1);
				throw new Error('disk full');
			})
		).toThrow('disk full');
		expect(store.visibilities().get('l')).toEqual(['polis-jarva']);
		expect(store.editors().get('l')).toBeUndefined();
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

describe('upgrading a password hash at login', () => {
	it('replaces the hash without ending sessions, unless the password changed meanwhile', () => {
		const { id } = anna();
		const token = store.startSession(id);
		expect(store.upgradePasswordHash(id, 'h', 'h2')).toBe(true);
		expect(store.accountByUsername('anna')?.passwordHash).toBe('h2');
		expect(store.checkSession(token).ok).toBe(true);
		// A login that read 'h' before a password change must not bring the old password back.
		expect(store.upgradePasswordHash(id, 'h', 'h3')).toBe(false);
		expect(store.accountByUsername('anna')?.passwordHash).toBe('h2');
	});
});

describe('the operating organisation and scoped administration', () => {
	const admin = (username: string, organisationId: string) => store.createAccount({ username, displayName: username, organisationId, role: 'admin', passwordHash: 'h' });

	it('a new store has no operator, so no admin is a system administrator until one is named', () => {
		const sdf = admin('sara', 'sdf-jarva');
		expect(store.operator()).toBeNull();
		expect(store.viewer(sdf).systemAdmin).toBe(false);
		store.setOperator('sdf-jarva');
		expect(store.operator()?.name).toBe('Järva stadsdelsförvaltning');
		expect(store.viewer(sdf).systemAdmin).toBe(true);
		expect(store.viewer(admin('pia', 'polis-jarva')).systemAdmin).toBe(false);
		expect(store.viewer(anna()).systemAdmin).toBe(false);
		expect(() => store.setOperator('finns-inte')).toThrow(NotFoundError);
	});

	it('an organisation’s accounts are listed apart from the others’', () => {
		anna();
		admin('sara', 'sdf-jarva');
		expect(store.accounts('polis-jarva').map((a) => a.username)).toEqual(['anna']);
		expect(store.accounts().map((a) => a.username).sort()).toEqual(['anna', 'sara']);
	});

	it('a layer’s editing grants are read back with the organisations’ names, and replaced as a whole', () => {
		db.prepare("INSERT INTO layers (id, title, title_en, kind, geometry, source, precision, approximate, created_at, created_by, owner_organisation_id) VALUES ('l', 'L', 'L', 'area', 'Polygon', 's', 'p', 1, 'x', 'x', 'sdf-jarva')").run();
		store.setEditors('l', [{ organisationId: 'polis-jarva', level: 'edit' }, { organisationId: 'fastighetsagare', level: 'contribute' }]);
		expect(store.editors().get('l')).toEqual([
			{ organisation: { id: 'fastighetsagare', name: 'Fastighetsägare i Järva' }, level: 'contribute' },
			{ organisation: { id: 'polis-jarva', name: 'Lokalpolisområde Järva' }, level: 'edit' }
		]);
		expect(() => store.setEditors('l', [{ organisationId: 'finns-inte', level: 'edit' }])).toThrow(NotFoundError);
		expect(store.editors().get('l')).toHaveLength(2);
		store.setEditors('l', []);
		expect(store.editors().get('l')).toBeUndefined();
	});
});

describe('the session check in the hook (sessionViewer)', () => {
	it('answers a burst from memory but hears a logout, a disabled account and a new role at once', () => {
		const id = anna().id;
		const token = store.startSession(id);
		expect(store.sessionViewer(token).viewer?.role).toBe('redaktör');
		store.updateAccount(id, { role: 'läsare' });
		expect(store.sessionViewer(token).viewer?.role).toBe('läsare');
		store.updateAccount(id, { disabled: true });
		expect(store.sessionViewer(token)).toMatchObject({ check: { ok: false }, viewer: null });
		store.updateAccount(id, { disabled: false });
		const again = store.startSession(id);
		expect(store.sessionViewer(again).check.ok).toBe(true);
		store.endSession(again);
		expect(store.sessionViewer(again)).toMatchObject({ check: { ok: false, reason: 'unknown' }, viewer: null });
	});

	it('is checked against the limits again after at most a second', () => {
		const token = store.startSession(anna().id);
		expect(store.sessionViewer(token).check.ok).toBe(true);
		minutes(31);
		expect(store.sessionViewer(token).check).toMatchObject({ ok: false, reason: 'idle' });
	});
});
