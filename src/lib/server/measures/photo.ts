/**
 * Uploaded photos: only JPEG, PNG and WebP, recognised by their first bytes (the declared type
 * and the file name can lie), at most MAX_PHOTO_BYTES, with their pixel size read from the header.
 */
export const MAX_PHOTO_BYTES = 5 * 1024 * 1024;

export class PhotoError extends Error {
	constructor(
		readonly status: 400 | 413 | 415,
		message: string
	) {
		super(message);
	}
}

export interface CheckedPhoto {
	mime: 'image/jpeg' | 'image/png' | 'image/webp';
	width: number | null;
	height: number | null;
}

export function checkPhoto(bytes: Uint8Array, name = 'filen'): CheckedPhoto {
	if (bytes.length === 0) throw new PhotoError(400, `${name} är tom.`);
	if (bytes.length > MAX_PHOTO_BYTES) {
		throw new PhotoError(413, `${name} är ${(bytes.length / 1048576).toFixed(1)} MB; högst ${MAX_PHOTO_BYTES / 1048576} MB tas emot. Ta bilden i lägre upplösning.`);
	}
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return { mime: 'image/jpeg', ...jpegSize(bytes, view) };
	if (bytes.length > 24 && view.getUint32(0) === 0x89504e47 && view.getUint32(4) === 0x0d0a1a0a) {
		return { mime: 'image/png', width: view.getUint32(16), height: view.getUint32(20) };
	}
	if (bytes.length > 30 && ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WEBP') return { mime: 'image/webp', width: null, height: null };
	throw new PhotoError(415, `${name} är inte en JPEG-, PNG- eller WebP-bild.`);
}

const ascii = (bytes: Uint8Array, start: number, length: number) => String.fromCharCode(...bytes.subarray(start, start + length));

/** Walks the JPEG segments to the first start-of-frame marker. */
function jpegSize(bytes: Uint8Array, view: DataView): { width: number | null; height: number | null } {
	let offset = 2;
	while (offset + 9 < bytes.length) {
		if (bytes[offset] !== 0xff) break;
		const marker = bytes[offset + 1]!;
		const length = view.getUint16(offset + 2);
		if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
			return { height: view.getUint16(offset + 5), width: view.getUint16(offset + 7) };
		}
		offset += 2 + length;
	}
	return { width: null, height: null };
}
