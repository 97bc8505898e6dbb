import { describe, expect, it } from 'vitest';
import { LoginThrottle } from './throttle';

describe('login throttling', () => {
	/** `n` tries that fail (a try counts until `succeeded` gives it back); the answers, in order. */
	const fail = async (throttle: LoginThrottle, username: string, address: string, n = 1) => {
		const answers = [];
		for (let i = 0; i < n; i++) answers.push(await throttle.attempt(username, address));
		return answers;
	};

	it('five failures for one username from one address block that pair, not others', async () => {
		const throttle = new LoginThrottle({ perUser: { points: 5, seconds: 900 }, perAddress: { points: 30, seconds: 3600 } });
		expect(await fail(throttle, 'anna', '10.0.0.1', 5)).toEqual([null, null, null, null, null]);
		const refused = await throttle.attempt('Anna', '10.0.0.1');
		expect(refused).toMatchObject({ scope: 'username-address' });
		expect(refused!.wait).toBeGreaterThan(800);
		expect(refused!.wait).toBeLessThanOrEqual(900);
		expect(await throttle.attempt('anna', '10.0.0.2')).toBeNull();
		expect(await throttle.attempt('bo', '10.0.0.1')).toBeNull();
	});

	it('forty concurrent tries for one username and address let five through and refuse the other 35', async () => {
		const throttle = new LoginThrottle();
		const answers = await Promise.all(Array.from({ length: 40 }, () => throttle.attempt('anna', '10.0.0.1')));
		expect(answers.filter((a) => a === null)).toHaveLength(5);
		expect(answers.filter((a) => a?.scope === 'username-address')).toHaveLength(35);
		// Only the first refusal of the block is for the audit log.
		expect(answers.filter((a) => a?.report)).toHaveLength(1);
	});

	it('refused tries do not spend the username’s or the address’s budget', async () => {
		const throttle = new LoginThrottle();
		await fail(throttle, 'anna', '10.0.0.1', 40); // 5 counted, 35 refused
		// 15 more failures for anna from elsewhere stay under the username's 20: the refusals were given back.
		for (let a = 1; a <= 3; a++) await fail(throttle, 'anna', `10.0.5.${a}`, 4);
		expect(await throttle.attempt('anna', '10.0.5.9')).toBeNull();
		// The address has 5 of its 30 used: another username from it is still let in.
		expect(await throttle.attempt('bo', '10.0.0.1')).toBeNull();
	});

	it('one address trying many usernames is blocked as a whole', async () => {
		const throttle = new LoginThrottle({ perUser: { points: 5, seconds: 900 }, perAddress: { points: 10, seconds: 3600 } });
		for (let i = 0; i < 10; i++) await throttle.attempt(`user${i}`, '10.0.0.9');
		const refused = await throttle.attempt('someone-new', '10.0.0.9');
		expect(refused).toMatchObject({ scope: 'address' });
		expect(refused!.wait).toBeGreaterThan(3000);
	});

	it('twenty failures for one username from many addresses block that username everywhere, for an hour', async () => {
		const throttle = new LoginThrottle();
		// Four from each of five addresses: no address and no username+address pair reaches its own limit.
		for (let a = 1; a <= 5; a++) await fail(throttle, 'anna', `10.0.1.${a}`, 4);
		const refused = await throttle.attempt('ANNA', '10.9.9.9');
		expect(refused).toMatchObject({ scope: 'username' });
		expect(refused!.wait).toBeGreaterThan(3500);
		expect(refused!.wait).toBeLessThanOrEqual(3600);
		expect(await throttle.attempt('anna', '192.168.0.1')).toMatchObject({ scope: 'username' });
		expect(await throttle.attempt('bo', '10.0.1.1')).toBeNull();
	});

	it('nineteen failures across addresses do not block the username, and its right password from one address does not reset the count', async () => {
		const throttle = new LoginThrottle();
		for (let a = 1; a <= 19; a++) await throttle.attempt('anna', `10.0.2.${a}`);
		expect(await throttle.attempt('anna', '10.0.3.1')).toBeNull();
		await throttle.succeeded('anna', '10.0.3.1');
		expect(await throttle.attempt('anna', '10.0.2.99')).toBeNull(); // the 20th failure
		expect(await throttle.attempt('anna', '10.0.3.1')).toMatchObject({ scope: 'username' });
	});

	it('a block is reported for the audit log once, however often it refuses; a new block is reported again', async () => {
		let now = Date.parse('2026-11-20T10:00:00Z');
		const throttle = new LoginThrottle({ perUser: { points: 2, seconds: 1 }, perAddress: { points: 30, seconds: 3600 } }, () => now);
		await fail(throttle, 'anna', '10.0.0.1', 2);
		const reports = (await fail(throttle, 'anna', '10.0.0.1', 10)).map((a) => a!.report);
		expect(reports).toEqual([true, false, false, false, false, false, false, false, false, false]);
		// The same username from elsewhere is another key: its own block, its own report.
		await fail(throttle, 'anna', '10.0.0.2', 2);
		expect((await throttle.attempt('anna', '10.0.0.2'))?.report).toBe(true);
		// After the block (1 s) the budget is back; failing again is a new block, reported once more.
		await new Promise((r) => setTimeout(r, 1100));
		now += 1100;
		expect(await fail(throttle, 'anna', '10.0.0.1', 2)).toEqual([null, null]);
		expect((await throttle.attempt('anna', '10.0.0.1'))?.report).toBe(true);
		expect((await throttle.attempt('anna', '10.0.0.1'))?.report).toBe(false);
	});

	it('a successful login clears the username’s failures from that address and costs no try itself', async () => {
		const throttle = new LoginThrottle();
		await fail(throttle, 'anna', '10.0.0.1', 4);
		await throttle.attempt('anna', '10.0.0.1');
		await throttle.succeeded('anna', '10.0.0.1');
		expect(await fail(throttle, 'anna', '10.0.0.1', 5)).toEqual([null, null, null, null, null]);
		expect(await throttle.attempt('anna', '10.0.0.1')).toMatchObject({ scope: 'username-address' });
	});
});
