import { json } from '@sveltejs/kit';
import * as v from 'valibot';
import { answer } from '$lib/server/http';
import { audit, requireRole, write } from '$lib/server/guard';
import { readWrite } from '$lib/server/write-request';
import { services } from '$lib/server/services';
import type { RequestHandler } from './$types';

/** Retires a category or brings it back: `{ active }` (the system administrator). Old reports keep it. */
export const PATCH = ((event) =>
	answer(async () => {
		const viewer = requireRole(event, 'admin');
		const { reports, accounts } = services();
		reports.authoriseCategories(viewer, accounts.operator());
		const { active } = await readWrite(event.request, v.object({ active: v.boolean('active ska vara true eller false') }), 1_000);
		return write(event, async () => {
			const category = await reports.setCategoryActive(event.params.id, active, viewer, accounts.operator());
			await audit(event, { action: 'report-category-update', target: category.id, detail: { active } });
			return json({ category });
		});
	})) satisfies RequestHandler;
