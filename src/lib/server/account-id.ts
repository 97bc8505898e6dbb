import { administers, type Viewer } from './auth/access';
import type { Account, AccountStore } from './auth/account-store';
import { BadParamError, ForbiddenError, NotFoundError } from './errors';

/** The account id from the path; @throws BadParamError for anything but a positive integer. */
export async function accountId(accounts: AccountStore, raw: string): Promise<number> {
	const id = Number(raw);
	if (!/^\d{1,12}$/.test(raw) || !Number.isSafeInteger(id) || id < 1) {
		throw new BadParamError('id', `Kontots id ska vara ett positivt heltal, inte "${raw.slice(0, 40)}".`);
	}
	if (!(await accounts.account(id))) throw new NotFoundError(`Kontot ${id} finns inte.`);
	return id;
}

/**
 * The account from the path, if the viewer administers its organisation: an organisation admin
 * sees only its own organisation's accounts, so another's is a 404 as an unknown one (with who
 * manages such accounts); the system administrator manages them all.
 */
export async function managedAccount(accounts: AccountStore, raw: string, viewer: Viewer): Promise<Account> {
	const account = (await accounts.account(await accountId(accounts, raw)))!;
	if (!administers(viewer, account.organisation.id)) {
		throw new NotFoundError(
			`Kontot ${account.id} finns inte bland ${viewer.organisation.name}s konton. Konton i andra organisationer sköts av deras administratörer och av systemadministratören.`
		);
	}
	return account;
}

/** @throws ForbiddenError unless the viewer administers the organisation an account is put in. */
export function requireManagedOrganisation(accounts: AccountStore, viewer: Viewer, organisationId: string): void {
	if (administers(viewer, organisationId)) return;
	const operator = accounts.operator();
	throw new ForbiddenError(
		`Du kan bara skapa och flytta konton i din egen organisation (${viewer.organisation.name}). Konton i ${accounts.organisation(organisationId)?.name ?? organisationId} sköts av den organisationens administratörer${operator ? ` och av systemadministratören (${operator.name})` : ''}.`
	);
}
