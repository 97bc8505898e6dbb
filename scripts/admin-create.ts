/**
 * npm run admin:create -- --username NAMN [--name "Visningsnamn"] [--organisation sdf-jarva] [--system]
 * Creates an admin account in the store in LAGESKARTA_DATA_DIR (default ./data): the way to the
 * first admin outside demo mode, where there are no default accounts. The password is read from
 * LAGESKARTA_ADMIN_PASSWORD or, when that is unset, from standard input (one line).
 *
 * `--system` makes the account's organisation the one that operates the installation: its admins
 * are system administrators (every organisation's accounts, every layer's visibility); other
 * admins manage only their own organisation. The first admin made while no organisation operates
 * the installation makes its organisation the operator too. A change applies at once, also while the app runs.
 * Safe while the app runs (SQLite WAL); the new account can log in at once.
 */
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import * as v from 'valibot';
import { openDatabase } from '../src/lib/server/db/database';
import { sqliteDatabase } from '../src/lib/server/db/app-database';
import { AccountStore } from '../src/lib/server/auth/account-store';
import { username as usernameSchema } from '../src/lib/server/auth/account-input';
import { AuditLog } from '../src/lib/server/auth/audit-log';
import { hashPassword, MIN_PASSWORD_LENGTH, passwordProblem } from '../src/lib/server/auth/passwords';
import { ConflictError, NotFoundError } from '../src/lib/server/errors';

function fail(message: string): never {
	console.error(message);
	process.exit(1);
}

const { values } = parseArgs({
	options: {
		username: { type: 'string' },
		name: { type: 'string' },
		organisation: { type: 'string', default: 'sdf-jarva' },
		system: { type: 'boolean', default: false }
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
	const database = sqliteDatabase(db);
	const accounts = new AccountStore(database);
	await accounts.fresh();
	const organisation = accounts.organisation(values.organisation!);
	if (!organisation) {
		fail(`Organisationen "${values.organisation}" finns inte. Finns: ${accounts.organisations().map((o) => `${o.id} (${o.name})`).join(', ')}`);
	}
	const passwordHash = await hashPassword(password);
	const operator = accounts.operator();
	const makesOperator = values.system || !operator;
	// The account, the operator setting and the audit row: one transaction, all or nothing.
	const account = await database.write(async () => {
		const account = await accounts.createAccount({ username, displayName: values.name?.trim() || username, organisationId: organisation.id, role: 'admin', passwordHash });
		if (makesOperator) await accounts.setOperator(organisation.id);
		void new AuditLog(database).record({
			action: 'account-create',
			who: { username: 'kommandoraden' },
			target: account.username,
			detail: { role: 'admin', organisation: organisation.id, via: 'npm run admin:create', ...(makesOperator ? { operator: { before: operator?.id ?? null, after: organisation.id } } : {}) }
		});
		return account;
	});
	console.log(`Administratören ${account.username} (${organisation.name}) är skapad och kan logga in.`);
	if (makesOperator) {
		console.log(
			operator && operator.id !== organisation.id
				? `${organisation.name} driver nu installationen i stället för ${operator.name}: dess administratörer är systemadministratörer.`
				: `${organisation.name} driver installationen: ${account.username} är systemadministratör.`
		);
	} else {
		console.log(`${account.username} är administratör för ${organisation.name}; systemadministratörer finns i ${operator!.name} (lägg till --system för att ändra det).`);
	}
} catch (err) {
	if (err instanceof ConflictError || err instanceof NotFoundError) fail(err.message);
	throw err;
} finally {
	db.close();
}
