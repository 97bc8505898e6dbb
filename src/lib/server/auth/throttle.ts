/**
 * Login throttling against guessing, three budgets of failures (any one spent blocks):
 * - per username and address: 5 in 15 minutes block that pair for 15 minutes;
 * - per username from any address: 20 in an hour block that username for an hour (guessing one
 *   account's password from many machines). The price is that someone can keep an account from
 *   logging in for an hour by failing on purpose; an admin sees it in the log, and the account's
 *   own sessions are not touched;
 * - per address: 30 in an hour block the address for an hour (one machine trying many usernames).
 * Counters are in memory (rate-limiter-flexible): the app is one process, and a restart forgetting
 * them costs an attacker a restart they cannot cause.
 *
 * A refused attempt is reported for the audit log once per block and key (`refusal().report`):
 * the refusals themselves cost nothing, so logging each one would let anyone fill the log.
 */
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

interface Budget {
	points: number;
	seconds: number;
}

export interface ThrottleOptions {
	/** Per username and address. */
	perUser: Budget;
	/** Per username, whatever the address (default 20 an hour). */
	perUsername?: Budget;
	perAddress: Budget;
}

export const DEFAULT_THROTTLE: Required<ThrottleOptions> = {
	perUser: { points: 5, seconds: 15 * 60 },
	perUsername: { points: 20, seconds: 60 * 60 },
	perAddress: { points: 30, seconds: 60 * 60 }
};

/** Which budget refused a login, for the audit log. */
export type ThrottleScope = 'username-address' | 'username' | 'address';

export interface Refusal {
	/** Seconds until a try is allowed again. */
	wait: number;
	scope: ThrottleScope;
	/** True for the first refusal of this block (write it to the audit log), false for the rest. */
	report: boolean;
}

const limiter = (budget: Budget) => new RateLimiterMemory({ points: budget.points, duration: budget.seconds, blockDuration: budget.seconds });

export class LoginThrottle {
	readonly #pair: RateLimiterMemory;
	readonly #username: RateLimiterMemory;
	readonly #address: RateLimiterMemory;
	/** `scope|key` → when its current block ends (ms): a refusal before then is not reported again. */
	readonly #reported = new Map<string, number>();
	readonly #now: () => number;

	constructor(options: ThrottleOptions = DEFAULT_THROTTLE, now: () => number = Date.now) {
		this.#pair = limiter(options.perUser);
		this.#username = limiter(options.perUsername ?? DEFAULT_THROTTLE.perUsername);
		this.#address = limiter(options.perAddress);
		this.#now = now;
	}

	static #name = (username: string) => username.toLowerCase();
	static #pairKey = (username: string, address: string) => `${LoginThrottle.#name(username)}|${address}`;

	/** The block with the longest wait, if any budget is spent. */
	async #block(username: string, address: string): Promise<{ wait: number; scope: ThrottleScope; key: string } | null> {
		const checks: [RateLimiterMemory, ThrottleScope, string][] = [
			[this.#pair, 'username-address', LoginThrottle.#pairKey(username, address)],
			[this.#username, 'username', LoginThrottle.#name(username)],
			[this.#address, 'address', address]
		];
		let worst: { wait: number; scope: ThrottleScope; key: string } | null = null;
		for (const [rl, scope, key] of checks) {
			const res: RateLimiterRes | null = await rl.get(key);
			const wait = res && res.consumedPoints >= rl.points ? Math.ceil(res.msBeforeNext / 1000) : 0;
			if (wait > 0 && (!worst || wait > worst.wait)) worst = { wait, scope, key };
		}
		return worst;
	}

	/** Seconds to wait before trying again, or 0 when a try is allowed. */
	async waitSeconds(username: string, address: string): Promise<number> {
		return (await this.#block(username, address))?.wait ?? 0;
	}

	/**
	 * Null when a try is allowed; otherwise how long to wait, which budget is spent, and whether
	 * this is the first refusal of that block (the one to write to the audit log).
	 */
	async refusal(username: string, address: string): Promise<Refusal | null> {
		const block = await this.#block(username, address);
		if (!block) return null;
		const now = this.#now();
		const id = `${block.scope}|${block.key}`;
		const until = this.#reported.get(id);
		const report = until === undefined || until <= now;
		if (report) {
			this.#prune(now);
			this.#reported.set(id, now + block.wait * 1000);
		}
		return { wait: block.wait, scope: block.scope, report };
	}

	#prune(now: number): void {
		if (this.#reported.size < 1000) return;
		for (const [id, until] of this.#reported) if (until <= now) this.#reported.delete(id);
	}

	async failed(username: string, address: string): Promise<void> {
		// consume() rejects once the budget is spent; the block is what we want, not the rejection.
		await Promise.allSettled([
			this.#pair.consume(LoginThrottle.#pairKey(username, address)),
			this.#username.consume(LoginThrottle.#name(username)),
			this.#address.consume(address)
		]);
	}

	/**
	 * A right password clears this address's failures for the username. The username's count over
	 * all addresses stays: the person logging in now says nothing about who fails from elsewhere,
	 * and a reset would let guessing go on between their logins.
	 */
	async succeeded(username: string, address: string): Promise<void> {
		await this.#pair.delete(LoginThrottle.#pairKey(username, address));
	}
}
