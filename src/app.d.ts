// See https://svelte.dev/docs/kit/types#app.d.ts
import type { Viewer } from '$lib/server/auth/access';

declare global {
	/** The basemap's Protomaps layers, made when the app is built (vite.config.ts, src/lib/map/basemap-layers.ts). */
	const __PROTOMAPS_LAYERS__: import('maplibre-gl').LayerSpecification[];
	namespace App {
		interface Error {
			message: string;
		}
		interface PageData {
			/** The (app) layout's page header: its title and extra links; absent, no header (src/lib/components/page-heading.svelte.ts). */
			header?: import('$lib/components/page-heading.svelte').HeaderData;
			/** The page fills the screen below the banner and header: its root takes the rest of the layout's column. */
			fill?: boolean;
		}
		interface Locals {
			/** The logged-in account, or null (set by hooks.server.ts). */
			viewer: Viewer | null;
			/** The personal access token the request came with (read-only, /ogc), if any. */
			token?: { id: number; name: string } | null;
		}
	}
}

export {};
