import { readJson, staffSession } from '$lib/page-load';
import type { Organisation } from '$lib/session-client';
import type { LayoutLoad } from './$types';

/**
 * What a person asked to open, in the sentence "Logga in för att öppna …" when they are not
 * logged in. By route; a route not named here is "sidan".
 */
const WHAT: Record<string, string> = {
	'/(app)/admin': 'administrationen',
	'/(app)/atgarder': 'åtgärderna',
	'/(app)/atgarder/[id]': 'åtgärden',
	'/(app)/handlingsplan': 'handlingsplanen',
	'/(app)/indikatorer': 'indikatorerna',
	'/(app)/inventering': 'trygghetsinventeringarna',
	'/(app)/inventering/[id]': 'inventeringen',
	'/(app)/inventering/[id]/falt': 'fältläget',
	'/(app)/inventering/[id]/faltblad': 'inventeringen',
	'/(app)/inventering/[id]/rapport': 'rapporten',
	'/(app)/konto/token': 'dina åtkomsttoken',
	'/(app)/lagesbild': 'lägesbilden',
	'/(app)/mote': 'mötena',
	'/(app)/mote/[id]': 'mötet',
	'/(app)/mote/[id]/protokoll': 'protokollet',
	'/(app)/rapportera': 'rapportformuläret',
	'/(app)/rapportera/import': 'importen av rapporter',
	'/(app)/vecka': 'veckans lägesbild',
	'/(app)/vecka/utskrift': 'veckans lägesbild'
};

/**
 * Every page beside the map needs who is logged in and the organisations (owners of measures,
 * participants, filters). Loaded here, once per page opened (the route): pages do not each ask
 * again, and a page's own query (filters, the week) does not re-run it (the address is
 * `untrack`ed: it only words where the login leads back to). Re-read at every page change, so an
 * ended session or another account logged in meanwhile (another tab) is noticed before a page
 * shows or sends anything as the old one. Pages read them from `data`, or `await parent()`.
 */
export const load = (async ({ fetch, url, route, untrack }) => {
	const what = WHAT[route.id ?? ''] ?? 'sidan';
	const returnTo = untrack(() => new URL(url.href));
	const session = await staffSession(fetch, what, returnTo);
	const { organisations } = await readJson<{ organisations: Organisation[] }>(fetch, '/api/admin/organisations', 'Organisationerna');
	return { session, organisations };
}) satisfies LayoutLoad;
