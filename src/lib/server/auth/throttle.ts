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
 * A refused attempt is reported for the audit log once per block and key (`attempt().report`):
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

interface Block {
	wait: number;
	scope: ThrottleScope;
	key: string;
}

const seconds = (res: RateLimiterRes) => Math.max(1, Math.ceil(res.msBeforeNext / 1000));

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

	#budgets(username: string, address: string): [RateLimiterMemory, ThrottleScope, string][] {
		return [
			[this.#pair, 'username-address', LoginThrottle.#pairKey(username, address)],
			[this.#username, 'username', LoginThrottle.#name(username)],
			[this.#address, 'address', address]
		];
	}

	/**
	 * Takes one try from every budget before the password is checked, and answers null when all
	 * three had it to give; otherwise how long to wait, which budget is spent, and whether this is
	 * the first refusal of that block (the one to write to the audit log).
	 *
	 * Consume first, then check: `consume` counts and answers in one step, so concurrent logins
	 * cannot all read "4 of 5 used" before any of them counts (40 parallel wrong passwords got
	 * 40 × 401 when the check came first). The budgets are taken narrowest first, and a refused try
	 * gives back what it took, so a blocked pair does not go on using up the username's and the
	 * address's budgets. The try counts as a failure until `succeeded` gives it back.
	 */
	async attempt(username: string, address: string): Promise<Refusal | null> {
		const budgets = this.#budgets(username, address);
		for (const [i, [rl, scope, key]] of budgets.entries()) {
			try {
				await rl.consume(key);
			} catch (res) {
				if (!(res instanceof RateLimiterRes)) throw res;
				await Promise.all(budgets.slice(0, i).map(([taken, , takenKey]) => taken.reward(takenKey)));
				return this.#refusal(await this.#longestWait({ wait: seconds(res), scope, key }, budgets.slice(i + 1)));
			}
		}
		return null;
	}

	/** The refusing block, or a budget not yet tried that would refuse for longer (Retry-After must not be too short). */
	async #longestWait(block: Block, rest: [RateLimiterMemory, ThrottleScope, string][]): Promise<Block> {
		let worst = block;
		for (const [rl, scope, key] of rest) {
			const res = await rl.get(key);
			if (res && res.consumedPoints >= rl.points && seconds(res) > worst.wait) worst = { wait: seconds(res), scope, key };
		}
		return worst;
	}

	#refusal(block: Block): Refusal {
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

	/**
	 * A right password gives the try back: this address's failures for the username are cleared,
	 * and the username's and the address's budgets get their point back. The username's failures
	 * over all addresses stay: the person logging in now says nothing about who fails from
	 * elsewhere, and a reset would let guessing go on between their logins.
	 */
	async succeeded(username: string, address: string): Promise<void> {
		await Promise.all([
			this.#pair.delete(LoginThrottle.#pairKey(username, address)),
			this.#username.reward(LoginThrottle.#name(username)),
			this.#address.reward(address)
		]);
	}
}
