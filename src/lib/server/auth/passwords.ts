/**
 * Passwords: hashed with scrypt (node:crypto, a memory-hard KDF; no native addon to build), checked
 * in constant time, and held to a policy – a minimum length and not one of the ~49 000 most
 * common passwords (the list zxcvbn-ts ships, kept up by that project).
 * Relative imports only: the admin CLI runs this outside SvelteKit.
 */
import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { dictionary } from '@zxcvbn-ts/language-common';

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;

/**
 * N = 2^15, r = 8, p = 3: one of OWASP's equivalent scrypt settings (Password Storage Cheat Sheet:
 * N=2^17/r=8/p=1, 2^16/8/2, 2^15/8/3, 2^14/8/5 or 2^13/8/10). We take the one that keeps 32 MiB per
 * hash: the server hashes on libuv's 4 threads, so four logins at once need 128 MiB here instead of
 * 512 MiB with N=2^17, on a small shared server; it costs ~2–3× the time of the old p=1 (see
 * docs/architecture.md). Hashes made with the old p=1 still verify (the parameters are stored with
 * each hash) and are upgraded at the next successful login (`needsRehash`).
 */
const PARAMS = { N: 2 ** 15, r: 8, p: 3 } as const;
const KEY_LENGTH = 32;

function scrypt(password: string, salt: Buffer, keyLength: number, options: ScryptOptions): Promise<Buffer> {
	return new Promise((resolve, reject) =>
		scryptCallback(password.normalize('NFC'), salt, keyLength, options, (err, key) => (err ? reject(err) : resolve(key)))
	);
}

/** Node refuses scrypt above 32 MiB unless told otherwise; 128·N·r is the working set, doubled for headroom. */
const maxmem = (N: number, r: number) => 256 * N * r;

/** `scrypt$N$r$p$salt$hash` (base64url): the parameters travel with the hash, so they can be raised later. */
export async function hashPassword(password: string): Promise<string> {
	const salt = randomBytes(16);
	const key = await scrypt(password, salt, KEY_LENGTH, { ...PARAMS, maxmem: maxmem(PARAMS.N, PARAMS.r) });
	return ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

interface Stored {
	N: number;
	r: number;
	p: number;
	salt: Buffer;
	hash: Buffer;
}

/**
 * A stored hash's parts, or null when it is not one of ours. Parameters outside what we would ever
 * have written (N a power of two up to 2^20, r up to 32, p up to 16) are refused rather than run:
 * a tampered row must not make a login take minutes or gigabytes.
 */
function parse(stored: string): Stored | null {
	const [scheme, n, r, p, salt, hash, ...rest] = stored.split('$');
	if (scheme !== 'scrypt' || !salt || !hash || rest.length) return null;
	const N = Number(n), R = Number(r), P = Number(p);
	const int = (x: number, max: number) => Number.isInteger(x) && x >= 1 && x <= max;
	if (!int(N, 2 ** 20) || (N & (N - 1)) !== 0 || N < 2 || !int(R, 32) || !int(P, 16)) return null;
	return { N, r: R, p: P, salt: Buffer.from(salt, 'base64url'), hash: Buffer.from(hash, 'base64url') };
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
	const parts = parse(stored);
	if (!parts || parts.hash.length === 0) return false;
	const key = await scrypt(password, parts.salt, parts.hash.length, { N: parts.N, r: parts.r, p: parts.p, maxmem: maxmem(parts.N, parts.r) });
	return key.length === parts.hash.length && timingSafeEqual(key, parts.hash);
}

/** True when a (verified) stored hash was made with weaker parameters than today's: hash the password again. */
export function needsRehash(stored: string): boolean {
	const parts = parse(stored);
	return !parts || parts.N < PARAMS.N || parts.r < PARAMS.r || parts.N * parts.r * parts.p < PARAMS.N * PARAMS.r * PARAMS.p || parts.hash.length < KEY_LENGTH;
}

/** A hash of a random password: login compares against it for unknown users, so timing does not tell which usernames exist. */
let dummy: Promise<string> | undefined;
export function dummyHash(): Promise<string> {
	dummy ??= hashPassword(randomBytes(18).toString('base64url'));
	return dummy;
}

const COMMON = new Set(
	Object.keys((dictionary as Record<string, Record<string, number> | string[]>)['passwords-common'] ?? {}).map((p) => p.toLowerCase())
);
// The list is a rank map in some versions of the package and an array in others.
{
	const list = (dictionary as Record<string, unknown>)['passwords-common'];
	if (Array.isArray(list)) for (const p of list) COMMON.add(String(p).toLowerCase());
}

/** Why a password is refused (Swedish, for the person choosing it), or null when it is acceptable. */
export function passwordProblem(password: string, username = ''): string | null {
	if (typeof password !== 'string' || password.length < MIN_PASSWORD_LENGTH) {
		return `Lösenordet behöver minst ${MIN_PASSWORD_LENGTH} tecken.`;
	}
	if (password.length > MAX_PASSWORD_LENGTH) return `Lösenordet får vara högst ${MAX_PASSWORD_LENGTH} tecken.`;
	const lower = password.toLowerCase();
	if (COMMON.has(lower) || /^(.{1,4})\1+$/u.test(lower)) {
		return 'Lösenordet är ett av de vanligaste och gissas lätt. Välj ett annat, gärna en fras av flera ord.';
	}
	// Common passwords padded to length ("password1234", "qwertyqwerty") are just as guessable.
	const stripped = lower.replace(/[\d\W_]+$/u, '').replace(/^[\d\W_]+/u, '');
	if (stripped.length < MIN_PASSWORD_LENGTH && COMMON.has(stripped)) {
		return 'Lösenordet bygger på ett vanligt lösenord. Välj ett annat, gärna en fras av flera ord.';
	}
	if (username && username.length >= 3 && lower.includes(username.toLowerCase())) {
		return 'Lösenordet får inte innehålla användarnamnet.';
	}
	return null;
}

/** A password that passes the policy: 16 characters from 96 random bits. */
export function generatePassword(): string {
	return randomBytes(12).toString('base64url');
}
