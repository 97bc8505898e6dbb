/**
 * PostgreSQL's side of SQLite's migration 19: the accounts' change counter, one row bumped by
 * row triggers (the same names as SQLite's, which has one trigger per event) on accounts (not
 * their last login), organisations, ended sessions, layer visibility, layer editing grants and the
 * operating organisation. Every instance asks for it before it answers a request
 * (AccountStore.fresh) and reloads its caches when it moved: a logout, a disabled account, a role
 * or visibility change on one instance holds on the next request to any other. The UPDATE runs
 * under the write lock every write takes (app-database.ts), so it never waits on another row lock.
 */
const WATCHED: readonly (readonly [table: string, event: 'INSERT' | 'UPDATE' | 'DELETE', columns?: string])[] = [
	['accounts', 'INSERT'],
	['accounts', 'UPDATE', 'username, display_name, organisation_id, role, password_hash, disabled, demo'],
	['accounts', 'DELETE'],
	['organisations', 'INSERT'],
	['organisations', 'UPDATE'],
	['organisations', 'DELETE'],
	['sessions', 'DELETE'],
	['layer_visibility', 'INSERT'],
	['layer_visibility', 'UPDATE'],
	['layer_visibility', 'DELETE'],
	['layer_editors', 'INSERT'],
	['layer_editors', 'UPDATE'],
	['layer_editors', 'DELETE'],
	['settings', 'INSERT'],
	['settings', 'UPDATE'],
	['settings', 'DELETE']
];

const trigger = ([table, event, columns]: (typeof WATCHED)[number]) => {
	const row = event === 'DELETE' ? 'OLD' : 'NEW';
	const when = table === 'settings' ? ` WHEN (${row}.key = 'operator_organisation')` : '';
	return `CREATE TRIGGER account_changes_${table}_${event.toLowerCase()} AFTER ${event}${columns ? ` OF ${columns}` : ''} ON ${table} FOR EACH ROW${when} EXECUTE FUNCTION bump_account_changes();`;
};

export const ACCOUNT_CHANGES_MIGRATION = `
	CREATE TABLE account_changes (
		id bigint PRIMARY KEY CHECK (id = 1),
		counter bigint NOT NULL
	);
	INSERT INTO account_changes (id, counter) VALUES (1, 0);
	CREATE FUNCTION bump_account_changes() RETURNS trigger LANGUAGE plpgsql AS $$
	BEGIN
		UPDATE account_changes SET counter = counter + 1;
		RETURN NULL;
	END $$;
	${WATCHED.map(trigger).join('\n\t')}
`;
