import { json } from '@sveltejs/kit';
import * as v from 'valibot';
import { requireLagesbildEdit } from '$lib/server/auth/access';
import { audit, layersFor, requireRole, viewerOf, write } from '$lib/server/guard';
import { answer } from '$lib/server/http';
import { RefusedInputError } from '$lib/server/errors';
import { parseIndicatorTable } from '$lib/report/indicator-csv';
import { indicatorAreas } from '$lib/server/report/lagesbild';
import { readWrite } from '$lib/server/write-request';
import { services } from '$lib/server/services';
import type { RequestHandler } from './$types';

const ImportBody = v.object({
	csv: v.pipe(v.string('tabellen ska skickas som text'), v.maxLength(1_000_000, 'tabellen får vara högst 1 MB')),
	file: v.optional(v.nullable(v.pipe(v.string(), v.maxLength(200)))),
	dryRun: v.optional(v.boolean('dryRun är sant eller falskt'))
});

/**
 * Imports indicators from a table: `{ csv, file?, dryRun? }`. With `dryRun` → `{ preview, rows }`
 * (what would change, nothing written); else `{ imported, indicators }`. A table with any bad row
 * is a 422 with every row's problem in `problems` and nothing is written.
 */
export const POST = ((event) =>
	answer(async () => {
		requireRole(event, 'redaktör');
		requireLagesbildEdit(viewerOf(event));
		const body = await readWrite(event.request, ImportBody, 1_100_000);
		const layers = layersFor(event);
		const table = parseIndicatorTable(body.csv, indicatorAreas(layers));
		if (!table.ok) {
			const count = table.problems.length;
			throw new RefusedInputError(`Tabellen har ${count === 1 ? 'ett problem' : `${count} problem`}; inget är importerat. Rätta raderna och försök igen.`, { problems: table.problems });
		}
		const { indicators } = services();
		if (body.dryRun) return json({ preview: await indicators.preview(table.indicators), rows: table.rows });
		return write(event, async () => {
			const result = await indicators.import(table.indicators, body.file ?? null, layers.viewer, layers.by);
			await audit(event, { action: 'indicator-import', target: result.indicators.map((i) => i.id).join(' '), detail: { file: body.file ?? null, rows: table.rows, effects: result.effects } });
			return json({ imported: result.effects, indicators: result.indicators });
		});
	})) satisfies RequestHandler;
