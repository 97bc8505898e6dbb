/** Durations and sizes on the walk pages (dates and times: $lib/dates). */
/** "ca 16 min" */
export function formatMinutes(minutes: number): string {
	return minutes < 60 ? `ca ${Math.max(1, Math.round(minutes))} min` : `ca ${Math.floor(minutes / 60)} h ${Math.round(minutes % 60)} min`;
}

/** "57 kB", "1,2 MB" (the size of what a phone keeps). */
export function formatBytes(bytes: number): string {
	return bytes < 1_000_000 ? `${Math.max(1, Math.round(bytes / 1000))} kB` : `${(bytes / 1_000_000).toLocaleString('sv-SE', { maximumFractionDigits: 1 })} MB`;
}
