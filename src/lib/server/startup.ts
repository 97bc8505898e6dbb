/**
 * What the server does once at start (hooks.server.ts `init`): open the store, then either set
 * up demo mode and print how to log in, or disable demo accounts and say how to make the first
 * admin when there is none.
 */
import { services } from './services';
import { DEMO_ACCOUNTS, demoPassword, disableDemoAccounts, ensureDemoAccounts } from './auth/demo';
import { ensureDemoMeeting } from './meetings/demo-meeting';
import { meetingStore } from './meetings/meeting-store';
import { BasemapSettingError, readBasemapSetting, useBasemapSetting } from './basemap-setting';

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
	const { accounts } = services();
	demo = env.LAGESKARTA_DEMO === '1' || env.LAGESKARTA_DEMO === 'true';
	if (demo) {
		const { password, generated } = demoPassword(env.LAGESKARTA_DEMO_PASSWORD);
		await ensureDemoAccounts(accounts, password);
		ensureDemoMeeting(services(), meetingStore());
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
	const disabled = disableDemoAccounts(accounts);
	if (disabled > 0) console.log(`Inte demoläge: ${disabled} demokonton är avstängda.`);
	if (!accounts.accounts().some((a) => a.role === 'admin' && !a.disabled)) {
		console.log('Det finns inget administratörskonto. Skapa det första med: npm run admin:create -- --username NAMN --organisation sdf-jarva');
	}
}
