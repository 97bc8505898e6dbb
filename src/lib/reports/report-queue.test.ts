import { describe, expect, it } from 'vitest';
import { MemoryOutboxStore, syncOutbox, type OutboxEntry } from '$lib/inventory/outbox';
import { queueReport, queuedReports } from './report-queue';

const body = (clientId: string) => ({ clientId, category: 'klotter', date: '2026-11-30', time: '21:30', endDate: null, position: [17.93, 59.41] as [number, number], placeName: null, text: 'Klotter på gaveln' });

describe('reports in the outbox', () => {
	it('a queued report waits without network and is sent, once, when it is back; another account’s stays', async () => {
		const store = new MemoryOutboxStore();
		await queueReport(store, { account: 'anna', body: body('a1'), now: new Date('2026-11-30T20:00:00Z') });
		await queueReport(store, { account: 'bo', body: body('b1'), now: new Date('2026-11-30T20:01:00Z') });
		const offline = await syncOutbox(store, async () => { throw new Error('offline'); }, { account: 'anna', onConflict: () => undefined });
		expect(offline.stopped?.reason).toBe('offline');
		expect(queuedReports(await store.all(), 'anna')).toHaveLength(1);
		const sent: OutboxEntry[] = [];
		const online = await syncOutbox(store, async (entry) => { sent.push(entry); return { status: 201, body: {} }; }, { account: 'anna', onConflict: () => undefined });
		expect(online.sent).toEqual(['a1']);
		expect(sent.map((e) => [e.kind, e.url, e.method])).toEqual([['report-create', '/api/reports', 'POST']]);
		expect(queuedReports(await store.all(), 'anna')).toEqual([]);
		expect(queuedReports(await store.all(), 'bo')).toHaveLength(1);
	});

	it('a report the server refuses is held with its message, not sent again', async () => {
		const store = new MemoryOutboxStore();
		await queueReport(store, { account: 'anna', body: body('a1') });
		const refused = await syncOutbox(store, async () => ({ status: 400, body: { message: 'Okänd kategori' } }), { account: 'anna', onConflict: () => undefined });
		expect(refused.failed).toEqual(['a1']);
		const [held] = queuedReports(await store.all(), 'anna');
		expect(held?.lastError).toBe('HTTP 400: Okänd kategori');
		let calls = 0;
		await syncOutbox(store, async () => { calls++; return { status: 201, body: {} }; }, { account: 'anna', onConflict: () => undefined });
		expect(calls).toBe(0);
	});
});
