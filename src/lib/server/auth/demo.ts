/**
 * Demo mode (LAGESKARTA_DEMO=1, what the README's start command runs): one account per
 * organisation and role, all with one password – LAGESKARTA_DEMO_PASSWORD, or one generated and
 * printed at start. Outside demo mode these accounts are disabled at start: there are no default
 * accounts in a real installation.
 * Relative imports only.
 */
import type { OrganisationKind, Role } from './access';
import type { AccountStore } from './account-store';
import { generatePassword, hashPassword, passwordProblem, verifyPassword } from './passwords';

export interface DemoAccount {
	username: string;
	displayName: string;
	organisationId: string;
	role: Role;
}

/** The organisation that operates a demo installation (its admin, demo-admin, is the system administrator). */
export const DEMO_OPERATOR = 'sdf-jarva';

const ORGS = [
	{ id: 'sdf-jarva', slug: 'sdf', name: 'stadsdelsförvaltningen' },
	{ id: 'polis-jarva', slug: 'polis', name: 'polisen' },
	{ id: 'fastighetsagare', slug: 'fastighet', name: 'fastighetsägare' }
] as const;
const ROLE_WORD: Record<Role, string> = { läsare: 'lasare', redaktör: 'redaktor', admin: 'admin' };
const ROLE_TITLE: Record<Role, string> = { läsare: 'läsare', redaktör: 'redaktör', admin: 'administratör' };

/**
 * The weekly lägesbild's other partners (issue 16): a security company and a transport company,
 * invented for the demo (named as examples: no real company), each with one redaktör who reports.
 */
export const DEMO_EXAMPLE_ORGANISATIONS: readonly { id: string; slug: string; name: string; kind: OrganisationKind; word: string }[] = [
	{ id: 'exempel-sakerhetsforetag', slug: 'sakerhet', name: 'Säkerhetsföretaget (exempel, påhittat)', kind: 'säkerhetsföretag', word: 'säkerhetsföretaget (exempel)' },
	{ id: 'exempel-transportforetag', slug: 'transport', name: 'Transportföretaget (exempel, påhittat)', kind: 'transportföretag', word: 'transportföretaget (exempel)' }
];

/**
 * demo-admin (the district's admin, the system administrator) and demo-<org>-<role> for the eight
 * others (demo-polis-admin and demo-fastighet-admin are organisation admins); then
 * demo-sakerhet-redaktor and demo-transport-redaktor of the example partners.
 */
export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
	...ORGS.flatMap((org) =>
		(['admin', 'redaktör', 'läsare'] as const).map((role) => ({
			username: org.slug === 'sdf' && role === 'admin' ? 'demo-admin' : `demo-${org.slug}-${ROLE_WORD[role]}`,
			displayName: `Demo ${ROLE_TITLE[role]}, ${org.name}`,
			organisationId: org.id,
			role
		}))
	),
	...DEMO_EXAMPLE_ORGANISATIONS.map((org) => ({ username: `demo-${org.slug}-redaktor`, displayName: `Demo redaktör, ${org.word}`, organisationId: org.id, role: 'redaktör' as const }))
];

export class DemoPasswordError extends Error {}

/** The demo password: the given one if it passes the policy, else a generated one. */
export function demoPassword(given: string | undefined): { password: string; generated: boolean } {
	if (!given) return { password: generatePassword(), generated: true };
	const problem = passwordProblem(given);
	if (problem) throw new DemoPasswordError(`LAGESKARTA_DEMO_PASSWORD duger inte: ${problem}`);
	return { password: given, generated: false };
}

/**
 * Creates the demo accounts, or brings them back to their demo state with the current password.
 * When their password already is `password` (another instance started with the same
 * LAGESKARTA_DEMO_PASSWORD, or a restart), it is kept as it is: a new hash would end every demo
 * session, also those of the other instances.
 */
export async function ensureDemoAccounts(accounts: AccountStore, password: string): Promise<void> {
	// One hash for all: they share the password anyway, and nine scrypt runs would slow the start.
	const first = await accounts.accountByUsername(DEMO_ACCOUNTS[0]!.username);
	const unchanged = first?.demo === true && (await verifyPassword(password, first.passwordHash));
	const passwordHash = unchanged ? first.passwordHash : await hashPassword(password);
	await accounts.transaction(async () => {
		for (const org of DEMO_EXAMPLE_ORGANISATIONS) await accounts.ensureOrganisation(org.id, org.name, org.kind);
		for (const demo of DEMO_ACCOUNTS) {
			const existing = await accounts.accountByUsername(demo.username);
			if (!existing) await accounts.createAccount({ ...demo, passwordHash, demo: true });
			else if (existing.demo) {
				const same = existing.passwordHash === passwordHash;
				if (same && existing.role === demo.role && existing.organisation.id === demo.organisationId && existing.displayName === demo.displayName && !existing.disabled) continue;
				await accounts.updateAccount(existing.id, { role: demo.role, organisationId: demo.organisationId, displayName: demo.displayName, disabled: false, ...(same ? {} : { passwordHash }) });
			}
			// A real account that happens to have a demo name is left alone.
		}
	});
}

/** Disables every demo account (and ends their sessions); returns how many were enabled. */
export async function disableDemoAccounts(accounts: AccountStore): Promise<number> {
	let disabled = 0;
	await accounts.transaction(async () => {
		for (const account of await accounts.accounts()) {
			if (account.demo && !account.disabled) {
				await accounts.updateAccount(account.id, { disabled: true });
				disabled++;
			}
		}
	});
	return disabled;
}
