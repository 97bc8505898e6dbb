/**
 * Which database a deployment names (LAGESKARTA_DATABASE_URL), and URLs without their password.
 * No imports: the db:* scripts read it before they decide whether to load PostgreSQL's client.
 */
/** LAGESKARTA_DATABASE_URL when it names a PostgreSQL database; null: the SQLite store. Throws on any other URL. */
export function postgresUrl(env: Record<string, string | undefined> = process.env): string | null {
	const url = env.LAGESKARTA_DATABASE_URL?.trim();
	if (!url) return null;
	if (!/^postgres(ql)?:\/\//.test(url)) {
		throw new Error(`LAGESKARTA_DATABASE_URL ska vara en PostgreSQL-adress (postgres://användare:lösenord@värd:5432/databas), inte "${redact(url)}".`);
	}
	return url;
}

/** The URL without its password, for messages and logs. */
export function redact(url: string): string {
	// The last @ before the path ends the user part: a password may hold an unencoded @.
	return url.replace(/^([a-z]+:\/\/[^:/@]+):[^/]*@/i, '$1:***@').replace(/([?&]password=)[^&#]*/gi, '$1***');
}
