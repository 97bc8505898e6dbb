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
import { databaseUrlRefusal } from './db/database';

let demo = false;

/** True when the server runs in demo mode (for the login page's banner). */
export const isDemo = () => demo;

export async function startup(env: Record<string, string | undefined> = process.env): Promise<void> {
	const refusal = databaseUrlRefusal(env);
	if (refusal) {
		console.error(`Lägeskartan startar inte. ${refusal}`);
		process.exit(1);
	}
	try {
		useBasemapSetting(await readBasemapSetting(env));
	} catch (err) {
		if (!(err instanceof BasemapSettingError)) throw err;
		// A wrong basemap setting is the operator's to fix: say which and stop, before anyone logs in.
		console.error(`Lägeskartan startar inte. ${err.message}`);
		process.exit(1);
	}
	const { accounts } = await startServices();
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
