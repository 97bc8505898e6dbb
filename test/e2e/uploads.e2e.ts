/**
 * Uploads through the real server: photos are stored as images the server made (no EXIF, nothing
 * but a whole image), and a body over an endpoint's limit is refused while it streams in.
 */
import { request as httpRequest } from 'node:http';
import sharp from 'sharp';
import type { APIRequestContext } from '@playwright/test';
import { expect } from './fixtures';
import { createWalk, finding } from './inventory-helpers';
import { testWithOwnServer as test } from './own-server';

test.use({ account: 'demo-sdf-redaktor' });

/** A phone's photo: JPEG with EXIF naming the device, its owner and where it was taken. */
async function phoneJpeg(): Promise<Buffer> {
	return sharp({ create: { width: 320, height: 240, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 40 } } })
		.jpeg()
		.withExif({
			IFD0: { Make: 'Telefonmärke', Model: 'Kamera X', Artist: 'Anna Andersson' },
			IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '59/1 24/1 3618/100', GPSLongitudeRef: 'E', GPSLongitude: '17/1 55/1 3900/100' }
		})
		.toBuffer();
}

/** The whole header of a JPEG and then HTML where the picture should be. */
function forgedJpeg(real: Buffer): Buffer {
	let scan = 0;
	for (let i = 2; i < real.length - 4 && !scan; i++) if (real[i] === 0xff && real[i + 1] === 0xda) scan = i + 2 + real.readUInt16BE(i + 2);
	return Buffer.concat([real.subarray(0, scan), Buffer.from('<html><body><script>alert(document.cookie)</script></body></html>\n'.repeat(40))]);
}

async function expectNoExif(bytes: Buffer) {
	const meta = await sharp(bytes).metadata();
	expect(meta.exif).toBeUndefined();
	for (const trace of ['Exif', 'Kamera X', 'Anna Andersson']) expect(bytes.includes(Buffer.from(trace))).toBe(false);
}

async function newMeasure(request: APIRequestContext): Promise<string> {
	const created = await request.post('/api/measures', { data: { title: 'Ny belysning', ownerOrganisationId: 'sdf-jarva', dueDate: '2025-06-30', status: 'föreslagen' } });
	expect(created.status(), await created.text()).toBe(201);
	return (await created.json()).measure.id;
}

test.describe('photos', () => {
	test('a measure photo with EXIF GPS and device is stored without any of it', async ({ request }) => {
		const sent = await phoneJpeg();
		expect((await sharp(sent).metadata()).exif).toBeDefined();
		const id = await newMeasure(request);
		const uploaded = await request.post(`/api/measures/${id}/photos`, { multipart: { kind: 'before', file: { name: 'IMG_0001.jpg', mimeType: 'image/jpeg', buffer: sent } } });
		expect(uploaded.status(), await uploaded.text()).toBe(201);
		const { photo } = await uploaded.json();
		const stored = await request.get(`/api/photos/${photo.id}`);
		expect(stored.headers()['content-type']).toBe('image/jpeg');
		const bytes = await stored.body();
		await expectNoExif(bytes);
		expect(await sharp(bytes).metadata()).toMatchObject({ format: 'jpeg', width: 320, height: 240 });
	});

	test('a finding photo with EXIF GPS is stored without it', async ({ request }) => {
		const walk = await createWalk(request);
		const body = finding();
		await request.post(`/api/inventories/${walk.id}/findings`, { data: body });
		const photoId = crypto.randomUUID();
		const uploaded = await request.post(`/api/findings/${body.clientId}/photos`, { multipart: { clientId: photoId, file: { name: 'IMG_0002.jpg', mimeType: 'image/jpeg', buffer: await phoneJpeg() } } });
		expect(uploaded.status(), await uploaded.text()).toBe(201);
		await expectNoExif(await (await request.get(`/api/photos/${photoId}`)).body());
	});

	test('a JPEG header followed by HTML is refused with 400 and nothing is stored', async ({ request }) => {
		const id = await newMeasure(request);
		const refused = await request.post(`/api/measures/${id}/photos`, { multipart: { kind: 'after', file: { name: 'efter.jpg', mimeType: 'image/jpeg', buffer: forgedJpeg(await phoneJpeg()) } } });
		expect(refused.status()).toBe(400);
		expect((await refused.json()).message).toMatch(/"efter.jpg" är inte en hel bild/);
		expect((await (await request.get(`/api/measures/${id}`)).json()).measure.photos).toEqual([]);
	});
});

/**
 * Sends `total` bytes as a chunked body (no Content-Length) and tells how many had been written
 * when the answer came: a server that enforces its limit while reading answers long before the end.
 */
function chunkedUpload(origin: string, path: string, headers: Record<string, string>, total: number): Promise<{ status: number; body: string; writtenAtAnswer: number }> {
	return new Promise((resolve, reject) => {
		let written = 0;
		let answered = false;
		const req = httpRequest(`${origin}${path}`, { method: 'POST', headers: { ...headers, 'transfer-encoding': 'chunked' } }, (res) => {
			answered = true;
			const writtenAtAnswer = written;
			let body = '';
			res.setEncoding('utf8');
			res.on('data', (piece) => (body += piece));
			res.on('end', () => resolve({ status: res.statusCode ?? 0, body, writtenAtAnswer }));
		});
		req.on('error', reject);
		const piece = Buffer.alloc(64 * 1024, 0x61);
		const write = () => {
			while (written < total && !answered) {
				written += piece.length;
				if (!req.write(piece)) return req.once('drain', write);
			}
			req.end();
		};
		write();
	});
}

test.describe('request size', () => {
	test('a chunked 24 MB photo upload is refused with 413 once past the limit, not after it was read whole', async ({ request, baseURL }) => {
		const id = await newMeasure(request);
		const { cookies } = await request.storageState();
		const cookie = cookies.map((c) => `${c.name}=${c.value}`).join('; ');
		const origin = new URL(baseURL!).origin;
		const answer = await chunkedUpload(origin, `/api/measures/${id}/photos`, { cookie, origin, 'content-type': 'multipart/form-data; boundary=gräns' }, 24 * 1024 * 1024);
		expect(answer.status).toBe(413);
		expect(JSON.parse(answer.body).message).toMatch(/större än 5,3 MB/);
		// The limit is 5 MB and a little; socket buffers hold a few more. The whole 24 MB is never waited for.
		expect(answer.writtenAtAnswer).toBeLessThan(16 * 1024 * 1024);
		// The server goes on answering (the rest was drained, not left to block the connection).
		expect((await request.get(`/api/measures/${id}`)).status()).toBe(200);
	});

	test('a chunked JSON body over its endpoint’s limit is refused the same way', async ({ request, baseURL }) => {
		const { cookies } = await request.storageState();
		const cookie = cookies.map((c) => `${c.name}=${c.value}`).join('; ');
		const origin = new URL(baseURL!).origin;
		// 32 MB, of which the sockets' buffers on one machine hold several (a run once wrote 8 MB of
		// them before the answer came): what counts is that the whole body is never waited for.
		const answer = await chunkedUpload(origin, '/api/measures', { cookie, origin, 'content-type': 'application/json' }, 32 * 1024 * 1024);
		expect(answer.status).toBe(413);
		expect(JSON.parse(answer.body).message).toMatch(/större än 64 kB/);
		expect(answer.writtenAtAnswer).toBeLessThan(24 * 1024 * 1024);
	});
});
