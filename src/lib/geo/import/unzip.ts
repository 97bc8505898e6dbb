/**
 * Reading a zip file without trusting it. The central directory is read first, so every entry's
 * declared sizes can be checked before anything is unpacked; then an entry is inflated in small
 * steps with fflate's streaming `Inflate`, counting what comes out and stopping as soon as it
 * passes what the entry declared.
 *
 * Why not fflate's `unzipSync` with a `filter`: it inflates into a buffer of the declared size
 * and keeps decoding past its end, so a 500 kB entry that declares 1 000 bytes but holds 500 MB of
 * zeros costs 1.6 s of CPU without any sign (measured here; 20 MB of such input, a minute).
 */
import { Inflate } from 'fflate';
import { formatBytes, formatCount, ImportError } from './errors';

export interface ZipEntry {
	name: string;
	/** Bytes in the archive. */
	compressedSize: number;
	/** Bytes once unpacked, as the archive declares it. */
	size: number;
	method: number;
	encrypted: boolean;
	localOffset: number;
}

const MAX_ENTRIES = 1000;
const STEP = 4096;

/** The entries of a zip archive, from its central directory. Throws `ImportError` 400 when broken. */
export function listZip(bytes: Uint8Array): ZipEntry[] {
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	const broken = (why: string): never => {
		throw new ImportError('unreadable', `Zip-filen är skadad eller ofullständig: ${why}.`);
	};
	let end = -1;
	for (let i = bytes.length - 22; i >= 0 && i >= bytes.length - 22 - 65535; i--) {
		if (view.getUint32(i, true) === 0x06054b50) {
			end = i;
			break;
		}
	}
	if (end < 0) broken('slutet av innehållsförteckningen saknas (filen är troligen avkortad)');
	const count = view.getUint16(end + 10, true);
	const directoryOffset = view.getUint32(end + 16, true);
	if (count === 0xffff || directoryOffset === 0xffffffff) {
		throw new ImportError('unsupported-format', 'Zip64-filer (över 4 GB eller 65 535 filer) stöds inte.');
	}
	if (count > MAX_ENTRIES) {
		throw new ImportError(
			'too-large',
			`Zip-filen innehåller ${formatCount(count)} filer; högst ${formatCount(MAX_ENTRIES)} tas emot.`
		);
	}
	const entries: ZipEntry[] = [];
	let offset = directoryOffset;
	for (let k = 0; k < count; k++) {
		if (offset + 46 > bytes.length || view.getUint32(offset, true) !== 0x02014b50)
			broken(`post ${k + 1} i innehållsförteckningen saknas`);
		const flags = view.getUint16(offset + 8, true);
		const nameLength = view.getUint16(offset + 28, true);
		const skip = nameLength + view.getUint16(offset + 30, true) + view.getUint16(offset + 32, true);
		if (offset + 46 + skip > bytes.length) broken(`post ${k + 1} i innehållsförteckningen är avkortad`);
		entries.push({
			name: new TextDecoder().decode(bytes.subarray(offset + 46, offset + 46 + nameLength)),
			compressedSize: view.getUint32(offset + 20, true),
			size: view.getUint32(offset + 24, true),
			method: view.getUint16(offset + 10, true),
			encrypted: (flags & 1) === 1,
			localOffset: view.getUint32(offset + 42, true)
		});
		offset += 46 + skip;
	}
	return entries;
}

/**
 * One entry's bytes, refusing to unpack more than it declared (`ImportError` 413): a zip bomb or a
 * damaged archive stops after at most a few MB of output, not after all of it.
 */
export function readZipEntry(bytes: Uint8Array, entry: ZipEntry): Uint8Array {
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	const broken = (why: string): never => {
		throw new ImportError('unreadable', `Zip-filen är skadad: ${entry.name} ${why}.`);
	};
	if (entry.encrypted)
		throw new ImportError('unsupported-format', `${entry.name} i zip-filen är krypterad; packa filerna utan lösenord.`);
	const at = entry.localOffset;
	if (at + 30 > bytes.length || view.getUint32(at, true) !== 0x04034b50) broken('saknar sitt filhuvud');
	const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
	if (start + entry.compressedSize > bytes.length) broken('är avkortad');
	const data = bytes.subarray(start, start + entry.compressedSize);

	if (entry.method === 0) {
		if (entry.compressedSize !== entry.size) broken('har olika storlek packad och opackad fast den inte är packad');
		return data.slice();
	}
	if (entry.method !== 8) {
		throw new ImportError(
			'unsupported-format',
			`${entry.name} i zip-filen är packad med metod ${entry.method}; bara vanlig zip (deflate) stöds.`
		);
	}

	const chunks: Uint8Array[] = [];
	let total = 0;
	const inflater = new Inflate((chunk) => {
		total += chunk.length;
		if (total > entry.size) {
			throw new ImportError(
				'too-large',
				`${entry.name} i zip-filen packas upp till mer än de ${formatBytes(entry.size)} den anger: filen är skadad eller en zip-bomb.`
			);
		}
		chunks.push(chunk);
	});
	try {
		if (data.length === 0) inflater.push(new Uint8Array(0), true);
		for (let i = 0; i < data.length; i += STEP) inflater.push(data.subarray(i, i + STEP), i + STEP >= data.length);
	} catch (e) {
		if (e instanceof ImportError) throw e;
		broken(`kan inte packas upp (${(e as Error).message})`);
	}
	if (total !== entry.size) broken(`blev ${formatBytes(total)} uppackad men anger ${formatBytes(entry.size)}`);
	const out = new Uint8Array(total);
	let offset = 0;
	for (const chunk of chunks) {
		out.set(chunk, offset);
		offset += chunk.length;
	}
	return out;
}
