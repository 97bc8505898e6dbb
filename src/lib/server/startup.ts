/**
 * What the server does once at start (hooks.server.ts `init`): open the store, then either set
 * up demo mode and print how to log in, or disable demo accounts and say how to make the first
 * admin (a system administrator) when there is none, or how to name the operating organisation
 * when it is not set.
 */
import { services, startServices } from './services';
import { DEMO_ACCOUNTS, DEMO_OPERATOR, demoPassword, disableDemoAccounts, ensureDemoAccounts } from './auth/demo';
import { ensureDemoMeeting } from './meetings/demo-meeting';
import { ensureDemoReports } from './reports/demo-reports';
import { currentWeek } from './reports/report-input';
import { BasemapSettingError, readBasemapSetting, useBasemapSetting } from './basemap-setting';
import { postgresUrl, redact } from './db/pg/url';
import { startLiveEvents } from './live';

let demo = false;

/** True when the server runs in demo mode (for the login page's banner). */
export const isDemo = () => demo;

export async function startup(env: Record<string, string | undefined> = process.env): Promise<void> {
	try {
		useBasemapSetting(await readBasemapSetting(env));
	} catch (err) {
		if (!(err instanceof BasemapSettingError)) throw err;
		// A wrong basemap setting is the operator's to fix: say which and stop, before anyone logs in.
		console.error(`Lägeskartan startar inte. ${err.message}`);
		process.exit(1);
	}
	const { accounts } = await startServices(env).catch((err: unknown) => {
		// A database that cannot be opened (PostgreSQL not answering, a wrong password, PostGIS
		// missing, a schema newer than this app): say which and why, and stop before anyone logs in.
		console.error(`Lägeskartan startar inte. ${databaseFailure(err, env)}`);
		process.exit(1);
	});
	await startLiveEvents(env);
	demo = env.LAGESKARTA_DEMO === '1' || env.LAGESKARTA_DEMO === 'true';
	if (demo) {
		// The district administration operates the demo: demo-admin is its system administrator.
		if (!accounts.operator()) await accounts.setOperator(DEMO_OPERATOR);
		const { password, generated } = demoPassword(env.LAGESKARTA_DEMO_PASSWORD);
		await ensureDemoAccounts(accounts, password);
		await ensureDemoMeeting(services(), services().meetings);
		// A year of invented reports up to this week, for the week page (issue 16).
		await ensureDemoReports(services(), currentWeek());
		console.log(
			[
				'',
				'Lägeskartan kör i DEMOLÄGE: påhittade konton, exempeldata blandat med lägesbilden 2023.',
				`Konton: ${DEMO_ACCOUNTS.map((a) => a.username).join(', ')}`,
				generated ? `Lösenord (nytt vid varje start): ${password}` : 'Lösenord: värdet i LAGESKARTA_DEMO_PASSWORD',
				''
			].join('\n')
		);
		return;
	}
	const disabled = await disableDemoAccounts(accounts);
	if (disabled > 0) console.log(`Inte demoläge: ${disabled} demokonton är avstängda.`);
	if (!(await accounts.accounts()).some((a) => a.role === 'admin' && !a.disabled)) {
		console.log('Det finns inget administratörskonto. Skapa det första (systemadministratören) med: npm run admin:create -- --username NAMN --organisation sdf-jarva --system');
	} else if (!accounts.operator()) {
		console.warn(
			'Ingen organisation driver installationen, så ingen är systemadministratör (organisationsadministratörer sköter bara sin egen organisation). Ange den med: npm run admin:create -- --username NAMN --organisation ID --system'
		);
	}
}

/** Why the deployment's database could not be opened, for the operator; never the password. */
export function databaseFailure(err: unknown, env: Record<string, string | undefined> = process.env): string {
	const message = err instanceof Error ? err.message : String(err);
	let url: string | null;
	try {
		url = postgresUrl(env);
	} catch {
		return message; // postgresUrl's own message: LAGESKARTA_DATABASE_URL is not a PostgreSQL address
	}
	if (!url) return `SQLite-databasen i LAGESKARTA_DATA_DIR gick inte att öppna: ${message}`;
	const code = (err as { code?: string }).code;
	const reason =
		code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'ETIMEDOUT' || code === 'EHOSTUNREACH'
			? 'PostgreSQL svarar inte där. Kontrollera värd och port, och att servern är igång.'
			: code === '28P01' || code === '28000'
				? 'PostgreSQL vägrade inloggningen: kontrollera användare och lösenord.'
				: code === '3D000'
					? 'Databasen finns inte: skapa den (createdb) eller rätta namnet.'
					: message;
	return `Databasen i LAGESKARTA_DATABASE_URL (${redact(url)}) gick inte att öppna: ${reason}${reason === message ? '' : ` (${message})`}`;
}
