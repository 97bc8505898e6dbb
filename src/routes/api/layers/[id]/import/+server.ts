import { json } from '@sveltejs/kit';
import * as v from 'valibot';
import { DEFAULT_LIMITS } from '$lib/geo/import';
import { answer } from '$lib/server/http';
import { importForm, importIntoLayer, readUpload } from '$lib/server/import-service';
import { audit, layersFor, requireRole, write } from '$lib/server/guard';
import type { RequestHandler } from './$types';
import { BadParamError } from '$lib/server/errors';

/** The importer's own limit on file size; the multipart reader refuses larger uploads first. */
const MAX_UPLOAD = DEFAULT_LIMITS.maxBytes;

/**
 * Imports a file (GeoJSON, zipped Shapefile, CSV) into a layer: multipart `file` plus form fields
 * (source, precision, precisionMeters, example, nameField, category, drawing, mode, crs).
 * `?dryRun=1` previews without writing; a real import writes every object or none.
 */
export const POST = ((event) =>
	answer(async () => {
		// Role first: a läsare hears 403 whatever the body holds.
		requireRole(event, 'redaktör');
		const { params, request, url } = event;
		const dryRun = ['1', 'true'].includes(url.searchParams.get('dryRun') ?? '');
		const view = layersFor(event);
		// An unknown or hidden layer is a 404, a läsare or an organisation without a right in it a 403, before the upload is read.
		view.writable(params.id);
		const { file, fields } = await readUpload(request, MAX_UPLOAD);
		const crs = url.searchParams.get('crs') ?? fields.crs;
		const parsed = v.safeParse(importForm, { ...fields, ...(crs ? { crs } : {}) });
		if (!parsed.success) {
			const issue = parsed.issues[0];
			const path = v.getDotPath(issue) ?? 'form';
			throw new BadParamError(path, `Fältet ${path}: ${issue.message}.`);
		}
		// Replacing deletes what the file lacks: that needs the right to edit the whole layer, preview or not.
		const service = view.importable(params.id, parsed.output.mode);
		const bytes = new Uint8Array(await file.arrayBuffer());
		// A preview writes nothing; a real import writes every object and its audit row, or nothing.
		const importing = () => importIntoLayer(
			service,
			params.id,
			{ name: file.name, type: file.type, bytes },
			parsed.output,
			dryRun,
			view.by,
			view.viewer.organisation.id
		);
		if (dryRun) return json(await importing());
		return write(event, async () => {
			const result = await importing();
			await audit(event, { action: 'layer-import', target: params.id, detail: { file: file.name, mode: parsed.output.mode, features: result.count } });
			return json(result, { status: 201 });
		});
	})) satisfies RequestHandler;
