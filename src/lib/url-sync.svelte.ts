import { afterNavigate, replaceState } from '$app/navigation';
import { page } from '$app/state';

/**
 * Keeps the address bar in step with a page's state, so a link or a reload opens the same view.
 * The page reads its URL once when it loads; from then on this writes it with `replaceState` (no
 * history entry per pan or click). Call it while the component is created. Commas and slashes
 * are left readable (`?lager=a,b&plats=x/y`).
 */
export function syncUrl(write: (params: URLSearchParams) => URLSearchParams): void {
	// SvelteKit's router is ready only after the first navigation; replaceState before it throws.
	let routerReady = $state(false);
	afterNavigate(() => (routerReady = true));
	$effect(() => {
		if (!routerReady) return;
		const params = write(new URLSearchParams(page.url.searchParams));
		const search = `?${params.toString().replaceAll('%2C', ',').replaceAll('%2F', '/')}`;
		if (search !== page.url.search) replaceState(search, page.state);
	});
}
