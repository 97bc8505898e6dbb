/**
 * A warning in the server log, once, when requests arrive through a proxy but adapter-node was not
 * told so. Without ADDRESS_HEADER every request seems to come from the proxy's address: the login
 * throttle's per-address budget is then shared by every user (one person failing 30 times locks
 * everyone out for an hour), and the audit log names the proxy instead of the client.
 */

/** Headers proxies add to say whom they forward for. */
const PROXY_HEADERS = ['forwarded', 'x-forwarded-for', 'x-real-ip'] as const;

/**
 * A check to run on every request: the first one that carries a proxy header while ADDRESS_HEADER
 * is unset makes `warn` write one message; later ones cost a lookup and nothing more.
 *
 * @example
 * const checkProxy = proxyWarning(process.env, console.warn);
 * checkProxy(event.request.headers);
 */
export function proxyWarning(env: Record<string, string | undefined>, warn: (message: string) => void): (headers: Headers) => void {
	let done = Boolean(env.ADDRESS_HEADER);
	return (headers) => {
		if (done) return;
		const header = PROXY_HEADERS.find((name) => headers.has(name));
		if (!header) return;
		done = true;
		warn(
			[
				`Varning: förfrågningar kommer via en proxy (huvudet ${header}), men ADDRESS_HEADER är inte satt.`,
				'Alla användare ser då ut att komma från proxyns adress: spärren mot gissade lösenord per adress',
				'(30 misslyckade inloggningar i timmen) spärrar då alla, och granskningsloggen visar proxyns adress.',
				'Sätt ADDRESS_HEADER (t.ex. X-Forwarded-For) och XFF_DEPTH (antalet proxyer framför appen, oftast 1);',
				'se README, "Bakom en proxy". Sätt dem bara bakom en proxy som skriver huvudet själv: annars kan vem som helst välja sin adress.'
			].join('\n')
		);
	};
}
