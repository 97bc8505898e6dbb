import { json } from '@sveltejs/kit';
import * as v from 'valibot';
import { answer } from '$lib/server/http';
import { audit, requireRole, viewerOf, write } from '$lib/server/guard';
import { readWrite } from '$lib/server/write-request';
import { services } from '$lib/server/services';
import type { RequestHandler } from './$types';

/** The report categories, retired ones included (`active: false`: not offered for new reports). */
export const GET = ((event) =>
	answer(async () => {
		viewerOf(event);
		return json({ categories: await services().reports.categories() });
	})) satisfies RequestHandler;

/** A new category `{ label }` (the system administrator). */
export const POST = ((event) =>
	answer(async () => {
		const viewer = requireRole(event, 'admin');
		const { reports, accounts } = services();
		reports.authoriseCategories(viewer, accounts.operator());
		const { label } = await readWrite(event.request, v.object({ label: v.pipe(v.string('label ska vara en text'), v.trim(), v.minLength(2, 'ange ett namn på minst 2 tecken'), v.maxLength(60, 'högst 60 tecken')) }), 4_000);
		return write(event, async () => {
			const category = await reports.addCategory(label, viewer, accounts.operator());
			await audit(event, { action: 'report-category-create', target: category.id, detail: { label } });
			return json({ category }, { status: 201 });
		});
	})) satisfies RequestHandler;
