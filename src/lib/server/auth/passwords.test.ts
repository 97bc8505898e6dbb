import { describe, expect, it } from 'vitest';
import { scryptSync } from 'node:crypto';
import { generatePassword, hashPassword, MIN_PASSWORD_LENGTH, needsRehash, passwordProblem, verifyPassword } from './passwords';

describe('password hashing', () => {
	it('a hash verifies its own password and no other', async () => {
		const hash = await hashPassword('en lång fras om Järvafältet');
		// OWASP's N=2^15, r=8, p=3 (equivalent to N=2^17, r=8, p=1 at a quarter of the memory).
		expect(hash).toMatch(/^scrypt\$32768\$8\$3\$[\w-]{22}\$[\w-]{43}$/);
		expect(await verifyPassword('en lång fras om Järvafältet', hash)).toBe(true);
		expect(await verifyPassword('en lång fras om Järvafältet ', hash)).toBe(false);
	});

	it('the same password hashes differently each time (a random salt)', async () => {
		expect(await hashPassword('samma lösenord igen')).not.toBe(await hashPassword('samma lösenord igen'));
	});

	it('a stored value that is not an scrypt hash never verifies', async () => {
		expect(await verifyPassword('x', 'plaintext')).toBe(false);
		expect(await verifyPassword('x', 'bcrypt$1$2$3$4$5')).toBe(false);
	});

	it('a hash made with the earlier parameters (N=2^15, r=8, p=1) still verifies, and asks to be redone', async () => {
		const salt = Buffer.from('0123456789abcdef');
		const key = scryptSync('en lång fras om Järvafältet', salt, 32, { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 });
		const old = ['scrypt', 32768, 8, 1, salt.toString('base64url'), key.toString('base64url')].join('$');
		expect(await verifyPassword('en lång fras om Järvafältet', old)).toBe(true);
		expect(await verifyPassword('en annan fras om Järvafältet', old)).toBe(false);
		expect(needsRehash(old)).toBe(true);
		expect(needsRehash(await hashPassword('en lång fras om Järvafältet'))).toBe(false);
	});

	it('parameters no hash of ours would have are refused without running them', async () => {
		const started = performance.now();
		expect(await verifyPassword('x', 'scrypt$1073741824$8$1$c2FsdA$aGFzaA')).toBe(false);
		expect(await verifyPassword('x', 'scrypt$32768$8$1000$c2FsdA$aGFzaA')).toBe(false);
		expect(await verifyPassword('x', 'scrypt$30000$8$1$c2FsdA$aGFzaA')).toBe(false);
		expect(performance.now() - started).toBeLessThan(50);
	});
});

describe('the password policy', () => {
	it.each([
		['kort', /minst 12 tecken/],
		['password1234', /vanligaste/],
		['qwerty123456', /vanligaste/],
		['abababababab', /vanligaste/],
		['Sommar2024!!', /vanligt lösenord/],
		['anna.svensson-2024', /användarnamnet/]
	])('refuses %s', (password, message) => {
		expect(passwordProblem(password, 'anna.svensson')).toMatch(message);
	});

	it('accepts a long phrase and a generated password', () => {
		expect(passwordProblem('korvmacka med senap på torget')).toBeNull();
		const generated = generatePassword();
		expect(generated.length).toBeGreaterThanOrEqual(MIN_PASSWORD_LENGTH);
		expect(passwordProblem(generated)).toBeNull();
	});
});
