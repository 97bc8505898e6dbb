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

/** N = 2^15, r = 8: about 32 MiB and 50–100 ms per hash on this kind of machine (OWASP's floor is 2^17 for r=8, p=1 at 128 MiB; see the note). */
const PARAMS = { N: 2 ** 15, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;

function scrypt(password: string, salt: Buffer, keyLength: number, options: ScryptOptions): Promise<Buffer> {
	return new Promise((resolve, reject) =>
		scryptCallback(password.normalize('NFC'), salt, keyLength, options, (err, key) => (err ? reject(err) : resolve(key)))
	);
}

const maxmem = (N: number, r: number) => 256 * N * r;

/** `scrypt$N$r$p$salt$hash` (base64url): the parameters travel with the hash, so they can be raised later. */
export async function hashPassword(password: string): Promise<string> {
	const salt = randomBytes(16);
	const key = await scrypt(password, salt, KEY_LENGTH, { ...PARAMS, maxmem: maxmem(PARAMS.N, PARAMS.r) });
	return ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
	const [scheme, n, r, p, salt, hash] = stored.split('$');
	if (scheme !== 'scrypt' || !salt || !hash) return false;
	const expected = Buffer.from(hash, 'base64url');
	const N = Number(n), R = Number(r), P = Number(p);
	const key = await scrypt(password, Buffer.from(salt, 'base64url'), expected.length, { N, r: R, p: P, maxmem: maxmem(N, R) });
	return key.length === expected.length && timingSafeEqual(key, expected);
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
