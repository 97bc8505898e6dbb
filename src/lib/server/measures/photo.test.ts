import { crc32 } from 'node:zlib';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { MAX_PHOTO_BYTES, PhotoError, reencodePhoto } from './photo';

/** A real photo as a phone hands it over: JPEG with EXIF naming the device and where it was taken. */
async function phoneJpeg(orientation = 1): Promise<Uint8Array> {
	// Noise, so the picture has a body of some kilobytes after its header, as a real photo does.
	const pixels = await sharp({ create: { width: 320, height: 240, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 40 } } })
		.jpeg()
		.withMetadata({ orientation })
		.withExif({
			IFD0: { Make: 'Telefonmärke', Model: 'Kamera X', Artist: 'Anna Andersson' },
			IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '59/1 24/1 3618/100', GPSLongitudeRef: 'E', GPSLongitude: '17/1 55/1 3900/100' }
		})
		.toBuffer();
	return new Uint8Array(pixels);
}

const has = (bytes: Uint8Array, text: string) => Buffer.from(bytes).includes(Buffer.from(text));

/** A real PNG whose header is changed to claim `width` × `height`: a decompression bomb's shape. */
async function claimedPng(width: number, height: number): Promise<Uint8Array> {
	const png = await sharp({ create: { width: 10, height: 10, channels: 3, background: '#808080' } }).png().toBuffer();
	// IHDR is the first chunk: its data (width, height, …) at 16–28, its CRC over type and data at 29.
	png.writeUInt32BE(width, 16);
	png.writeUInt32BE(height, 20);
	png.writeUInt32BE(crc32(png.subarray(12, 29)), 29);
	return new Uint8Array(png);
}

/** Where a JPEG's image data starts (after the start-of-scan marker FF DA and its header). */
function scanStart(jpeg: Uint8Array): number {
	for (let i = 2; i < jpeg.length - 4; i++) if (jpeg[i] === 0xff && jpeg[i + 1] === 0xda) return i + 2 + ((jpeg[i + 2]! << 8) | jpeg[i + 3]!);
	throw new Error('no start of scan');
}

describe('photos', () => {
	it('a phone photo is stored without its EXIF: no position, no device, no owner', async () => {
		const sent = await phoneJpeg();
		expect((await sharp(sent).metadata()).exif).toBeDefined();
		expect(has(sent, 'Kamera X')).toBe(true);

		const stored = await reencodePhoto(sent, 'Bilden');
		expect(stored).toMatchObject({ mime: 'image/jpeg', width: 320, height: 240 });
		const meta = await sharp(stored.bytes).metadata();
		expect(meta.format).toBe('jpeg');
		expect(meta.exif).toBeUndefined();
		expect(meta.xmp).toBeUndefined();
		for (const trace of ['Exif', 'Kamera X', 'Telefonmärke', 'Anna Andersson']) expect(has(stored.bytes, trace)).toBe(false);
	});

	it('the orientation EXIF gave is turned into the pixels before the EXIF is dropped', async () => {
		// Orientation 6: the camera was turned a quarter; the 320 × 240 picture is shown 240 × 320.
		const stored = await reencodePhoto(await phoneJpeg(6));
		expect(stored).toMatchObject({ width: 240, height: 320 });
		expect((await sharp(stored.bytes).metadata()).orientation).toBeUndefined();
	});

	it('PNG and WebP stay PNG and WebP, made again', async () => {
		const png = await sharp({ create: { width: 10, height: 8, channels: 3, background: '#336699' } }).png().withExif({ IFD0: { Model: 'Kamera X' } }).toBuffer();
		const webp = await sharp({ create: { width: 12, height: 6, channels: 3, background: '#336699' } }).webp().toBuffer();
		const storedPng = await reencodePhoto(new Uint8Array(png));
		expect(storedPng).toMatchObject({ mime: 'image/png', width: 10, height: 8 });
		expect(has(storedPng.bytes, 'Kamera X')).toBe(false);
		expect(await reencodePhoto(new Uint8Array(webp))).toMatchObject({ mime: 'image/webp', width: 12, height: 6 });
	});

	it('a JPEG header followed by HTML is refused: only whole images are stored', async () => {
		const real = await phoneJpeg();
		// The whole header (markers, tables, the frame's size), then HTML where the picture should be.
		const forged = Buffer.concat([Buffer.from(real.subarray(0, scanStart(real))), Buffer.from('<html><script>alert(1)</script></html>'.repeat(20))]);
		expect((await sharp(forged, { failOn: 'none' }).metadata()).format).toBe('jpeg');
		await expect(reencodePhoto(new Uint8Array(forged), 'Bilden')).rejects.toMatchObject({ status: 400, message: expect.stringMatching(/^Bilden är inte en hel bild/) });
	});

	it('a truncated photo is refused', async () => {
		const real = await phoneJpeg();
		await expect(reencodePhoto(real.subarray(0, Math.round(real.length * 0.7)))).rejects.toMatchObject({ status: 400 });
		// Even a cut in the header is a broken image, not an unknown kind of file.
		await expect(reencodePhoto(real.subarray(0, 40))).rejects.toMatchObject({ status: 400 });
	});

	it('text dressed as an image, an empty file and a file over 5 MB are refused with 415, 400 and 413', async () => {
		await expect(reencodePhoto(new TextEncoder().encode('<svg onload=alert(1)>'), 'Filen "bild.jpg"')).rejects.toMatchObject({ status: 415, message: 'Filen "bild.jpg" är inte en JPEG-, PNG- eller WebP-bild.' });
		await expect(reencodePhoto(new Uint8Array())).rejects.toBeInstanceOf(PhotoError);
		const big = new Uint8Array(MAX_PHOTO_BYTES + 1);
		big.set([0xff, 0xd8, 0xff]);
		await expect(reencodePhoto(big)).rejects.toMatchObject({ status: 413, message: expect.stringMatching(/högst 5 MB/) });
	});

	it('a small file that claims 100 megapixels is refused before it is decoded', async () => {
		await expect(reencodePhoto(await claimedPng(10_000, 10_000))).rejects.toMatchObject({ status: 413, message: expect.stringMatching(/64 megapixel/) });
	});
});
