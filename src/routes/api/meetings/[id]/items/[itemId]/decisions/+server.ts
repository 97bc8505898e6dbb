import { json } from '@sveltejs/kit';
import { audit, layersFor, requireRole, write } from '$lib/server/guard';
import { NewDecision } from '$lib/server/meetings/meeting-input';
import { answer } from '$lib/server/http';
import { auditMeeting } from '$lib/server/meetings/respond';
import { readWrite } from '$lib/server/write-request';
import { services } from '$lib/server/services';
import type { RequestHandler } from './$types';

/**
 * Records a decision on an agenda item: `{ text, measure?: { title, ownerOrganisationId, dueDate,
 * status? (default beslutad), description? } }`. With a measure, both are written in one
 * transaction: 201 `{ decision, measure }`, or nothing at all.
 */
export const POST = ((event) =>
	answer(async () => {
		requireRole(event, 'redaktör');
		const { id, itemId } = event.params;
		const layers = layersFor(event);
		await services().meetings.authorise(id, 'decide', layers, itemId);
		const body = await readWrite(event.request, NewDecision, 64_000);
		return write(event, async () => {
			const { decision, measure } = await services().meetings.decide(id, itemId, body, layers);
			await auditMeeting(event, 'decision-create', `${id}/${itemId}/${decision.id}`, { measureId: decision.measureId });
			if (measure) {
				// The same action as POST /api/measures, so the measure's audit trail starts here.
				await audit(event, { action: 'measure-create', target: measure.id, detail: { origin: { kind: 'meeting', id }, decision: decision.id } });
			}
			return json({ decision, measure }, { status: 201 });
		});
	})) satisfies RequestHandler;
