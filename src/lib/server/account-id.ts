import { UnknownError } from './auth/account-store';
import { BadParamError } from './params';
import { services } from './services';

/** The account id from the path; @throws BadParamError for anything but a positive integer. */
export function accountId(raw: string): number {
	const id = Number(raw);
	if (!/^\d{1,12}$/.test(raw) || !Number.isSafeInteger(id) || id < 1) {
		throw new BadParamError('id', `Kontots id ska vara ett positivt heltal, inte "${raw.slice(0, 40)}".`);
	}
	if (!services().accounts.account(id)) throw new UnknownError(`Kontot ${id} finns inte.`);
	return id;
}
