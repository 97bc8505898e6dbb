/**
 * Login throttling against guessing: per username and address, 5 failures in 15 minutes block
 * that pair for 15 minutes; per address, 30 failures in an hour block the address for an hour
 * (one machine trying many usernames). Counters are in memory (rate-limiter-flexible): the app
 * is one process, and a restart forgetting them costs an attacker a restart they cannot cause.
 */
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

export interface ThrottleOptions {
	perUser: { points: number; seconds: number };
	perAddress: { points: number; seconds: number };
}

export const DEFAULT_THROTTLE: ThrottleOptions = {
	perUser: { points: 5, seconds: 15 * 60 },
	perAddress: { points: 30, seconds: 60 * 60 }
};

export class LoginThrottle {
	readonly #user: RateLimiterMemory;
	readonly #address: RateLimiterMemory;

	constructor(options: ThrottleOptions = DEFAULT_THROTTLE) {
		this.#user = new RateLimiterMemory({ points: options.perUser.points, duration: options.perUser.seconds, blockDuration: options.perUser.seconds });
		this.#address = new RateLimiterMemory({ points: options.perAddress.points, duration: options.perAddress.seconds, blockDuration: options.perAddress.seconds });
	}

	static #userKey = (username: string, address: string) => `${username.toLowerCase()}|${address}`;

	/** Seconds to wait before trying again, or 0 when a try is allowed. */
	async waitSeconds(username: string, address: string): Promise<number> {
		const [user, addr] = await Promise.all([this.#user.get(LoginThrottle.#userKey(username, address)), this.#address.get(address)]);
		const blocked = (res: RateLimiterRes | null, points: number) => (res && res.consumedPoints >= points ? Math.ceil(res.msBeforeNext / 1000) : 0);
		return Math.max(blocked(user, this.#user.points), blocked(addr, this.#address.points));
	}

	async failed(username: string, address: string): Promise<void> {
		// consume() rejects once the budget is spent; the block is what we want, not the rejection.
		await Promise.allSettled([this.#user.consume(LoginThrottle.#userKey(username, address)), this.#address.consume(address)]);
	}

	async succeeded(username: string, address: string): Promise<void> {
		await this.#user.delete(LoginThrottle.#userKey(username, address));
	}
}
