import { json } from '@sveltejs/kit';
import * as v from 'valibot';
import { ReportChange } from '$lib/reports/model';
import { answer } from '$lib/server/http';
import { audit, requireRole, viewerOf, write } from '$lib/server/guard';
import { readWrite } from '$lib/server/write-request';
import { services } from '$lib/server/services';
import type { RequestHandler } from './$types';

const by = (viewer: { displayName: string; username: string }) => `${viewer.displayName} (${viewer.username})`;

/** One report with its history (every version: who, when, before, after); 404 when the viewer may not see it. */
export const GET = ((event) =>
	answer(async () => {
		const viewer = viewerOf(event);
		const store = services().reports;
		const report = await store.get(event.params.id, viewer);
		return json({ report, history: await store.history(report.id, viewer) });
	})) satisfies RequestHandler;

/** Changes a report (a redaktör of the reporting organisation): `{ baseVersion, category?, date?, time?, endDate?, position?, placeName?, text? }`; stale baseVersion 409. */
export const PATCH = ((event) =>
	answer(async () => {
		const viewer = requireRole(event, 'redaktör');
		const store = services().reports;
		await store.authorise(event.params.id, viewer);
		const change = await readWrite(event.request, ReportChange, 16_000);
		return write(event, async () => {
			const report = await store.update(event.params.id, change, viewer, by(viewer));
			await audit(event, { action: 'report-update', target: report.id, detail: { version: report.version } });
			return json({ report });
		});
	})) satisfies RequestHandler;

/** Deletes a report (kept in its history): `{ baseVersion }`. */
export const DELETE = ((event) =>
	answer(async () => {
		const viewer = requireRole(event, 'redaktör');
		const store = services().reports;
		await store.authorise(event.params.id, viewer);
		const { baseVersion } = await readWrite(event.request, v.object({ baseVersion: v.pipe(v.number('ange versionen som ett heltal'), v.integer(), v.minValue(1)) }), 4_000);
		return write(event, async () => {
			await store.remove(event.params.id, baseVersion, viewer, by(viewer));
			await audit(event, { action: 'report-delete', target: event.params.id, detail: { baseVersion } });
			return new Response(null, { status: 204 });
		});
	})) satisfies RequestHandler;
