import { json } from '@sveltejs/kit';
import * as v from 'valibot';
import { audit, requireRole, write } from '$lib/server/guard';
import { answer, BadBodyError } from '$lib/server/http';
import { BadParamError } from '$lib/server/errors';
import { readWrite } from '$lib/server/write-request';
import { MappingSchema } from '$lib/server/reports/report-import';
import { services } from '$lib/server/services';
import { MAX_IMPORT_BYTES } from '$lib/reports/import-csv';
import type { RequestHandler } from './$types';

const megabytes = (bytes: number) => `${(bytes / 1_000_000).toLocaleString('sv-SE', { maximumFractionDigits: 1 })} MB`;
const TOO_LARGE = `Filen är för stor: högst ${megabytes(MAX_IMPORT_BYTES)} går att importera på en gång. Dela upp den i flera filer (till exempel en per månad) och importera dem var för sig.`;
/** The file travels base64-encoded in JSON: 4 characters for 3 bytes, and room for the mapping. */
const MAX_BODY = Math.ceil((MAX_IMPORT_BYTES * 4) / 3) + 100_000;

const ImportBody = v.object({
	file: v.pipe(v.string('filen ska skickas som base64-text'), v.regex(/^[A-Za-z0-9+/]*={0,2}$/, 'filen ska skickas som base64-text')),
	fileName: v.nullish(v.pipe(v.string(), v.maxLength(200)), null),
	source: v.pipe(v.string('ange källan'), v.maxLength(80, 'källans namn får vara högst 80 tecken')),
	mapping: v.nullish(MappingSchema, null),
	dryRun: v.optional(v.boolean('dryRun är sant eller falskt'), false)
});

/** The viewer's organisation's saved mappings (presets) and the import's limits. */
export const GET = ((event) =>
	answer(async () => {
		const viewer = requireRole(event, 'redaktör');
		return json({ presets: await services().reportImports.presets(viewer), maxBytes: MAX_IMPORT_BYTES });
	})) satisfies RequestHandler;

/**
 * Reports from a CSV file, as the viewer's organisation's: `{ file (base64), fileName?, source,
 * mapping?, dryRun? }`. Without a mapping the source's saved preset is used, else one guessed from
 * the column names. `dryRun` → the preview (nothing written). Otherwise all or nothing: a file
 * with any bad row is a 422 with every row's problem and nothing is stored; else the new rows are
 * stored (ids already imported from the source are counted, not stored again) and the mapping is
 * saved as the source's preset. Over 2 MB: 413.
 */
export const POST = ((event) =>
	answer(async () => {
		const viewer = requireRole(event, 'redaktör');
		await services().reportImports.presets(viewer); // the import right, before the body is read
		let body: v.InferOutput<typeof ImportBody>;
		try {
			body = await readWrite(event.request, ImportBody, MAX_BODY);
		} catch (err) {
			if (err instanceof BadBodyError && err.status === 413) throw new BadBodyError(413, TOO_LARGE);
			throw err;
		}
		const bytes = new Uint8Array(Buffer.from(body.file, 'base64'));
		if (bytes.byteLength > MAX_IMPORT_BYTES) throw new BadBodyError(413, TOO_LARGE);
		if (bytes.byteLength === 0) throw new BadParamError('file', 'Filen är tom. Välj en CSV-fil med en rubrikrad och minst en rapport.');
		const by = `${viewer.displayName} (${viewer.username})`;
		const input = { bytes, fileName: body.fileName, source: body.source, mapping: body.mapping, dryRun: body.dryRun };
		if (body.dryRun) return json(await services().reportImports.run(input, viewer, by));
		return write(event, async () => {
			const outcome = await services().reportImports.run(input, viewer, by);
			await audit(event, {
				action: 'report-import',
				target: outcome.source,
				detail: { file: body.fileName, rows: outcome.file.rows, imported: outcome.newCount, alreadyImported: outcome.alreadyImported, encoding: outcome.file.encoding }
			});
			return json(outcome, { status: outcome.newCount > 0 ? 201 : 200 });
		});
	})) satisfies RequestHandler;
