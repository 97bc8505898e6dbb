import { describe, expect, it } from 'vitest';
import { generatePassword, hashPassword, MIN_PASSWORD_LENGTH, passwordProblem, verifyPassword } from './passwords';

describe('password hashing', () => {
	it('a hash verifies its own password and no other', async () => {
		const hash = await hashPassword('en lång fras om Järvafältet');
		expect(hash).toMatch(/^scrypt\$32768\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
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
