/**
 * A PMTiles `Source` over bytes already in memory: lets the `pmtiles` reader open an archive that
 * was just built or read from disk, without HTTP range requests.
 */
import type { RangeResponse, Source } from 'pmtiles';

export class BufferSource implements Source {
	/** @param key names the archive in the reader's cache; give distinct archives distinct keys. */
	constructor(
		private readonly bytes: Uint8Array,
		private readonly key = 'buffer'
	) {}

	getKey(): string {
		return this.key;
	}

	async getBytes(offset: number, length: number): Promise<RangeResponse> {
		// slice copies, so the reader gets an ArrayBuffer of exactly the range (it reads `.data` whole).
		return { data: this.bytes.slice(offset, offset + length).buffer };
	}
}
