/**
 * Photos are made smaller on the phone before they are queued: a phone camera's 12 MP JPEG is
 * 3–6 MB, too much to sync on a weak signal and more than the server takes (5 MB). At most
 * `maxSide` pixels on the longer side, re-encoded as JPEG; the photo's orientation is applied
 * (createImageBitmap honours EXIF by default), so what was upright on the screen stays upright.
 */
export const MAX_PHOTO_SIDE = 1600;

export interface ResizedPhoto {
	blob: Blob;
	width: number;
	height: number;
}

/** The size that fits within `maxSide` on the longer side, never enlarged. */
export function fitWithin(width: number, height: number, maxSide = MAX_PHOTO_SIDE): { width: number; height: number } {
	const scale = Math.min(1, maxSide / Math.max(width, height));
	return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/** @throws when the file is not an image the browser can decode (the message says so in Swedish). */
export async function resizePhoto(file: Blob, maxSide = MAX_PHOTO_SIDE, quality = 0.85): Promise<ResizedPhoto> {
	let bitmap: ImageBitmap;
	try {
		bitmap = await createImageBitmap(file);
	} catch {
		throw new Error('Filen gick inte att läsa som en bild. Välj ett foto (JPEG, PNG eller WebP).');
	}
	const { width, height } = fitWithin(bitmap.width, bitmap.height, maxSide);
	const canvas = document.createElement('canvas');
	canvas.width = width;
	canvas.height = height;
	const context = canvas.getContext('2d');
	if (!context) throw new Error('Telefonen kunde inte förminska bilden (ingen canvas).');
	context.drawImage(bitmap, 0, 0, width, height);
	bitmap.close();
	const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', quality));
	if (!blob) throw new Error('Telefonen kunde inte spara den förminskade bilden.');
	return { blob, width, height };
}
