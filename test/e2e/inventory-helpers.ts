/**
 * What the safety-walk tests share: a phone, images made in memory, and a walk created through the API.
 */
import { deflateSync } from 'node:zlib';
import type { APIRequestContext, Page } from '@playwright/test';
import { expect } from './fixtures';

/** A point inside the seeded Husby district (and its walk's area). */
export const HUSBY = { latitude: 59.4105, longitude: 17.9275 };

/**
 * A phone: small screen, touch, and a GPS fix in Husby. One device pixel per CSS pixel: the app's
 * layout is in CSS pixels and nothing in it reads devicePixelRatio, but MapLibre draws its canvas at
 * it, and at 2 every map frame had four times the pixels (780×1688, more than 1280×720) in software
 * WebGL: the inventory files took 17–22 % more CPU for the same assertions (docs/testing.md).
 */
export const PHONE = {
	viewport: { width: 390, height: 844 },
	isMobile: true,
	hasTouch: true,
	deviceScaleFactor: 1,
	geolocation: HUSBY,
	permissions: ['geolocation']
};

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
	let c = n;
	for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
	return c >>> 0;
});
function crc32(bytes: Buffer): number {
	let c = 0xffffffff;
	for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
	return (c ^ 0xffffffff) >>> 0;
}
function chunk(type: string, data: Buffer): Buffer {
	const length = Buffer.alloc(4);
	length.writeUInt32BE(data.length);
	const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(crc32(body));
	return Buffer.concat([length, body, crc]);
}

/** A real PNG (RGB, a diagonal gradient) of the given size, as a phone camera would hand over a file. */
export function pngImage(width: number, height: number): Buffer {
	const header = Buffer.alloc(13);
	header.writeUInt32BE(width, 0);
	header.writeUInt32BE(height, 4);
	header.set([8, 2, 0, 0, 0], 8);
	const rows = Buffer.alloc((width * 3 + 1) * height);
	for (let y = 0; y < height; y++) {
		const row = y * (width * 3 + 1);
		for (let x = 0; x < width; x++) {
			rows[row + 1 + x * 3] = (x * 255) / width;
			rows[row + 2 + x * 3] = (y * 255) / height;
			rows[row + 3 + x * 3] = 120;
		}
	}
	return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
}

export interface CreatedInventory {
	id: string;
	version: number;
	title: string;
}

/** A walk in Husby with three stops, made through the API. */
export async function createWalk(request: APIRequestContext, title = `Vandring ${Date.now()}`): Promise<CreatedInventory> {
	const created = await request.post('/api/inventories', {
		data: { title, area: { kind: 'district', name: 'Husby' }, startsAt: '2025-05-14T16:30:00.000Z', organisationIds: ['sdf-jarva', 'polis-jarva'], purpose: 'Belysning och gångvägar' }
	});
	expect(created.status(), await created.text()).toBe(201);
	const { inventory } = await created.json();
	const stops = [
		{ id: 's1', name: 'Husby centrum', position: [17.9255, 59.4098] },
		{ id: 's2', name: 'Gångtunneln', position: [17.9302, 59.4118] },
		{ id: 's3', name: 'Parkeringen', position: [17.9221, 59.4081] }
	];
	const patched = await request.patch(`/api/inventories/${inventory.id}`, { data: { baseVersion: 1, stops } });
	expect(patched.status(), await patched.text()).toBe(200);
	return { id: inventory.id, version: 2, title };
}

export function finding(overrides: Record<string, unknown> = {}) {
	return {
		category: 'belysning',
		severity: 2,
		note: 'Släckt lampa vid entrén',
		position: [HUSBY.longitude, HUSBY.latitude],
		clientId: crypto.randomUUID(),
		createdAt: new Date().toISOString(),
		...overrides
	};
}

/** Fills in and saves the "Nytt fynd" form of the field page (already open). */
export async function record(page: Page, { category, severity, note, photo }: { category: string; severity: string; note: string; photo?: Buffer }) {
	const dialog = page.getByRole('dialog', { name: 'Nytt fynd' });
	await expect(dialog).toBeVisible();
	await dialog.getByText(category, { exact: true }).click();
	await dialog.getByText(severity, { exact: true }).click();
	await dialog.getByLabel('Anteckning').fill(note);
	if (photo) {
		await dialog.locator('input[name=photos]').setInputFiles({ name: 'IMG_0001.png', mimeType: 'image/png', buffer: photo });
		await expect(dialog.getByRole('img', { name: 'Foto 1' })).toBeVisible();
	}
	await dialog.getByRole('button', { name: 'Spara fynd' }).click();
	await expect(dialog).toBeHidden();
}

/** What the phone's outbox holds (IndexedDB 'lageskartan-falt', read as the page sees it). */
export function queuedEntries(page: Page): Promise<{ id: string; kind: string; account: string; url: string; lastError?: string }[]> {
	return page.evaluate(
		() =>
			new Promise((resolve, reject) => {
				const open = indexedDB.open('lageskartan-falt');
				open.onerror = () => reject(open.error);
				open.onsuccess = () => {
					const db = open.result;
					// in the order the app sends them (its 'order' index), as the app lists them
					const request = db.transaction('outbox').objectStore('outbox').index('order').getAll();
					request.onsuccess = () => {
						resolve(request.result.map(({ id, kind, account, url, lastError }) => ({ id, kind, account, url, lastError })));
						db.close();
					};
					request.onerror = () => reject(request.error);
				};
			})
	);
}
