import { getContext, setContext } from 'svelte';

/** A link the header shows after the nav's own (e.g. the report's way back to the walk's planning). */
export interface HeaderLink {
	href: string;
	text: string;
}

/**
 * What a page beside the map gives the (app) layout's header, as `header` in its load's data. A
 * page without it shows no header (meeting mode, field mode, the print page, admin with a header of
 * its own); the demo banner shows on every page in demo mode either way.
 */
export interface HeaderData {
	title: string;
	links?: HeaderLink[];
}

const KEY = Symbol('page-heading');

/** The header's title while a page is open, when it changes after the load (a walk restored or renamed). */
class PageHeading {
	title = $state<string | null>(null);
}

/** The (app) layout: the heading its pages may keep in step. */
export function provideHeading(): PageHeading {
	return setContext(KEY, new PageHeading());
}

/**
 * A page whose title changes while it is open (a walk restored, or renamed by someone else) keeps
 * the header's in step with it; the load's `header.title` stands until then and again after.
 */
export function followTitle(title: () => string): void {
	const heading = getContext<PageHeading | undefined>(KEY);
	if (!heading) return;
	$effect.pre(() => {
		heading.title = title();
		return () => {
			heading.title = null;
		};
	});
}
