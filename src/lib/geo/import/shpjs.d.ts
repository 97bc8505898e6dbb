// shpjs ships no types; these are the two synchronous readers it exports from lib/index.js.
declare module 'shpjs' {
	import type { Geometry } from 'geojson';

	/** Shapes of a .shp file in its own coordinates (no `prj` given), null for null shapes. */
	export function parseShp(shp: ArrayBuffer | ArrayBufferView, prj?: string): (Geometry | null)[];
	/** Rows of a .dbf file; `cpg` is the code page (.cpg contents), UTF-8 when left out. */
	export function parseDbf(dbf: ArrayBuffer | ArrayBufferView, cpg?: string): Record<string, unknown>[];
}
