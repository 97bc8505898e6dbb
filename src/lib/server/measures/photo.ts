/**
 * Uploaded photos (measures' before/after pictures, findings on a walk): decoded whole and encoded
 * again on the server with sharp (libvips), so what is stored is an image we made, never the bytes
 * that were sent.
 * - Anything that is not a whole JPEG, PNG or WebP is refused: a JPEG header followed by HTML
 *   passed a check of the first bytes, but does not decode (`failOn: 'warning'` also refuses a
 *   truncated or corrupt image that a lenient decoder would fill with grey).
 * - Metadata is dropped: a phone's EXIF carries where the picture was taken (GPS) and the device
 *   and its owner. The orientation EXIF gave is applied to the pixels first, so nothing turns.
 * - The pixel count is bounded before decoding (a small file can declare a huge image).
 */
import sharp from 'sharp';

export const MAX_PHOTO_BYTES = 5 * 1024 * 1024;
/** 64 megapixels: more than a phone's 48 MP camera, far less than the 268 MP sharp allows by default. */
export const MAX_PHOTO_PIXELS = 64_000_000;

export class PhotoError extends Error {
	constructor(
		readonly status: 400 | 413 | 415,
		message: string
	) {
		super(message);
	}
}

export type PhotoMime = 'image/jpeg' | 'image/png' | 'image/webp';

export interface CheckedPhoto {
	mime: PhotoMime;
	width: number;
	height: number;
	/** The re-encoded image, without metadata. */
	bytes: Uint8Array;
}

const FORMATS = { jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp' } as const satisfies Record<string, PhotoMime>;
type Format = keyof typeof FORMATS;

const isFormat = (format: string | undefined): format is Format => format !== undefined && format in FORMATS;

/**
 * The photo decoded and encoded again in its own format (JPEG and WebP at quality 85), without
 * EXIF, XMP or ICC data. `name` is how messages refer to the file ("Bilden", "Filen \"x.jpg\"").
 *
 * @example
 * const photo = await reencodePhoto(new Uint8Array(await file.arrayBuffer()), 'Bilden');
 * store.addPhoto(id, { kind: 'before', ...photo }, by);
 */
export async function reencodePhoto(bytes: Uint8Array, name = 'Filen'): Promise<CheckedPhoto> {
	if (bytes.length === 0) throw new PhotoError(400, `${name} är tom.`);
	if (bytes.length > MAX_PHOTO_BYTES) {
		throw new PhotoError(413, `${name} är ${(bytes.length / 1048576).toFixed(1)} MB; högst ${MAX_PHOTO_BYTES / 1048576} MB tas emot. Ta bilden i lägre upplösning.`);
	}
	let format: string | undefined;
	try {
		// The header only, leniently: a broken body is the strict decode's to find (and name).
		format = (await sharp(bytes, { failOn: 'none', limitInputPixels: false }).metadata()).format;
	} catch {
		format = undefined;
	}
	if (!isFormat(format)) {
		if (signature(bytes)) throw broken(name, signature(bytes)!);
		throw new PhotoError(415, `${name} är inte en JPEG-, PNG- eller WebP-bild.`);
	}
	try {
		const encoder = sharp(bytes, { failOn: 'warning', limitInputPixels: MAX_PHOTO_PIXELS, autoOrient: true });
		if (format === 'jpeg') encoder.jpeg({ quality: 85 });
		else if (format === 'webp') encoder.webp({ quality: 85 });
		else encoder.png();
		const { data, info } = await encoder.toBuffer({ resolveWithObject: true });
		return { mime: FORMATS[format], width: info.width, height: info.height, bytes: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
	} catch (err) {
		const message = (err as Error).message ?? '';
		if (/pixel limit/i.test(message)) {
			throw new PhotoError(413, `${name} är större än ${MAX_PHOTO_PIXELS / 1_000_000} megapixel. Ta bilden i lägre upplösning.`);
		}
		throw broken(name, format);
	}
}

const broken = (name: string, format: Format) =>
	new PhotoError(400, `${name} är inte en hel bild: den börjar som en ${format === 'jpeg' ? 'JPEG' : format.toUpperCase()}-bild men går inte att läsa till slut (trasig, avkortad eller något annat efter början).`);

/** The format the first bytes announce, for a file too broken for the decoder to say. */
function signature(bytes: Uint8Array): Format | null {
	const starts = (...values: number[]) => values.every((value, i) => bytes[i] === value);
	if (starts(0xff, 0xd8, 0xff)) return 'jpeg';
	if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'png';
	if (starts(0x52, 0x49, 0x46, 0x46) && String.fromCharCode(...bytes.subarray(8, 12)) === 'WEBP') return 'webp';
	return null;
}
