/**
 * npm run admin:create -- --username NAMN [--name "Visningsnamn"] [--organisation sdf-jarva]
 * Creates an admin account in the store in LAGESKARTA_DATA_DIR (default ./data): the way to the
 * first admin outside demo mode, where there are no default accounts. The password is read from
 * LAGESKARTA_ADMIN_PASSWORD or, when that is unset, from standard input (one line).
 * Safe while the app runs (SQLite WAL); the new account can log in at once.
 */
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import * as v from 'valibot';
import { openDatabase } from '../src/lib/server/db/database';
import { AccountStore, DuplicateError, UnknownError } from '../src/lib/server/auth/account-store';
import { username as usernameSchema } from '../src/lib/server/auth/account-input';
import { AuditLog } from '../src/lib/server/auth/audit-log';
import { hashPassword, MIN_PASSWORD_LENGTH, passwordProblem } from '../src/lib/server/auth/passwords';

function fail(message: string): never {
	console.error(message);
	process.exit(1);
}

const { values } = parseArgs({
	options: {
		username: { type: 'string' },
		name: { type: 'string' },
		organisation: { type: 'string', default: 'sdf-jarva' }
	}
});

const checked = v.safeParse(usernameSchema, values.username ?? '');
if (!checked.success) fail(`Ange --username: ${checked.issues[0].message}. Exempel: npm run admin:create -- --username anna.admin`);
const username = checked.output;

async function readPassword(): Promise<string> {
	if (process.env.LAGESKARTA_ADMIN_PASSWORD) return process.env.LAGESKARTA_ADMIN_PASSWORD;
	if (process.stdin.isTTY) console.log(`Lösenord för ${username} (minst ${MIN_PASSWORD_LENGTH} tecken; syns när du skriver – sätt hellre LAGESKARTA_ADMIN_PASSWORD):`);
	const lines = createInterface({ input: process.stdin });
	for await (const line of lines) {
		lines.close();
		return line;
	}
	return '';
}

const password = await readPassword();
const problem = passwordProblem(password, username);
if (problem) fail(problem);

const db = openDatabase();
try {
	const accounts = new AccountStore(db);
	const organisation = accounts.organisation(values.organisation!);
	if (!organisation) {
		fail(`Organisationen "${values.organisation}" finns inte. Finns: ${accounts.organisations().map((o) => `${o.id} (${o.name})`).join(', ')}`);
	}
	const account = accounts.createAccount({
		username,
		displayName: values.name?.trim() || username,
		organisationId: organisation.id,
		role: 'admin',
		passwordHash: await hashPassword(password)
	});
	new AuditLog(db).record({ action: 'account-create', who: { username: 'kommandoraden' }, target: account.username, detail: { role: 'admin', organisation: organisation.id, via: 'npm run admin:create' } });
	console.log(`Administratören ${account.username} (${organisation.name}) är skapad och kan logga in.`);
} catch (err) {
	if (err instanceof DuplicateError || err instanceof UnknownError) fail(err.message);
	throw err;
} finally {
	db.close();
}
