/** Dates and times as Swedish readers write them, in Stockholm time whatever the device says. */
const dateTime = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', dateStyle: 'long', timeStyle: 'short' });
const date = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', dateStyle: 'long' });

/** "14 maj 2025 18:30" */
export function formatDateTime(iso: string): string {
	const when = new Date(iso);
	return Number.isNaN(when.getTime()) ? iso : dateTime.format(when);
}

/** "14 maj 2025" */
export function formatDate(iso: string): string {
	const when = new Date(iso.length === 10 ? `${iso}T12:00:00Z` : iso);
	return Number.isNaN(when.getTime()) ? iso : date.format(when);
}

/** "ca 16 min" */
export function formatMinutes(minutes: number): string {
	return minutes < 60 ? `ca ${Math.max(1, Math.round(minutes))} min` : `ca ${Math.floor(minutes / 60)} h ${Math.round(minutes % 60)} min`;
}

/** "57 kB", "1,2 MB" (the size of what a phone keeps). */
export function formatBytes(bytes: number): string {
	return bytes < 1_000_000 ? `${Math.max(1, Math.round(bytes / 1000))} kB` : `${(bytes / 1_000_000).toLocaleString('sv-SE', { maximumFractionDigits: 1 })} MB`;
}
