/**
 * LAGESKARTA_DATABASE_URL=postgres://user:password@host:5432/lageskarta npm run db:copy -- --from data/lageskartan.sqlite
 * (or --to postgres://user@host:5432/lageskarta with the password in PGPASSWORD: a password on the
 * command line would show in the process list and the shell's history, so it is refused)
 * Moves a whole deployment from its SQLite store to an empty PostgreSQL database, in one
 * transaction, and checks every table's rows on both sides before it commits
 * (src/lib/server/db/pg/copy.ts). Stop the app first, or expect the copy to be the moment it
 * started: later writes go to the SQLite file only.
 */
import { parseArgs } from 'node:util';
import { copyToPostgres, CopyError } from '../src/lib/server/db/pg/copy';
import { redact } from '../src/lib/server/db/pg/connection';

const usage =
	'Så här: LAGESKARTA_DATABASE_URL=postgres://användare:lösenord@värd:5432/databas npm run db:copy -- --from data/lageskartan.sqlite\n' +
	'eller:  PGPASSWORD=lösenord npm run db:copy -- --from data/lageskartan.sqlite --to postgres://användare@värd:5432/databas';
let from: string | undefined;
let to: string | undefined;
try {
	({ from, to } = parseArgs({ options: { from: { type: 'string' }, to: { type: 'string' } } }).values);
} catch (err) {
	console.error(`db:copy: ${(err as Error).message}\n${usage}`);
	process.exit(2);
}
if (to !== undefined && passwordIn(to)) {
	console.error(`db:copy: lösenordet i --to syns i processlistan och i skalets historik. Ange det i PGPASSWORD, eller hela adressen i LAGESKARTA_DATABASE_URL. Inget kopierades.\n${usage}`);
	process.exit(2);
}
to ??= process.env.LAGESKARTA_DATABASE_URL || undefined;
if (!from || !to) {
	console.error(`db:copy: ange --from och måldatabasen (LAGESKARTA_DATABASE_URL eller --to).\n${usage}`);
	process.exit(2);
}
if (!/^postgres(ql)?:\/\//.test(to)) {
	console.error(`db:copy: --to ska vara en PostgreSQL-adress (postgres://…), inte "${redact(to)}".\n${usage}`);
	process.exit(2);
}
/** Whether a postgres:// address carries a password (in its user part or as ?password=). */
function passwordIn(address: string): boolean {
	try {
		const url = new URL(address);
		return url.password !== '' || url.searchParams.has('password');
	} catch {
		return false;
	}
}

const started = Date.now();
try {
	const tables = await copyToPostgres(from, to, (line) => console.log(`  ${line}`));
	const rows = tables.reduce((sum, t) => sum + t.rows, 0);
	console.log(`Kopierat: ${tables.length} tabeller, ${rows} rader, från ${from} till ${redact(to)} på ${((Date.now() - started) / 1000).toFixed(1)} s. Varje tabells rader är kontrollerade (antal och kontrollsumma).`);
} catch (err) {
	console.error(`db:copy: ${(err as Error).message}`);
	if (!(err instanceof CopyError)) console.error('Inget kopierades (transaktionen rullades tillbaka).');
	process.exitCode = 1;
}
