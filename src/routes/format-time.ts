/** A server timestamp (ISO 8601) as Swedes read it: "2026-11-25 14:05". */
export function formatTime(iso: string): string {
	const date = new Date(iso);
	if (Number.isNaN(date.getTime())) return iso;
	return date.toLocaleString('sv-SE', { dateStyle: 'short', timeStyle: 'short' });
}
