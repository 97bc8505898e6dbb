/**
 * A raster tile server on 127.0.0.1, standing in for a city's GIS (XYZ PNG tiles with CORS), and a
 * Protomaps-schema archive built in the test, standing in for a deployment's own extract.
 */
import { createServer, type Server } from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { buildBasemap } from '../../src/lib/geo/basemap-build';
import { protomapsLayers } from '../../src/lib/geo/protomaps-layers';

function crc32(bytes: Uint8Array): number {
	let crc = ~0;
	for (const byte of bytes) {
		crc ^= byte;
		for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
	}
	return ~crc >>> 0;
}

/** A 256×256 PNG of one colour (RGB). */
export function solidPng([r, g, b]: [number, number, number]): Buffer {
	const size = 256;
	const row = Buffer.alloc(1 + size * 3);
	for (let x = 0; x < size; x++) row.set([r, g, b], 1 + x * 3);
	const raw = Buffer.concat(Array.from({ length: size }, () => row));
	const chunk = (type: string, data: Buffer) => {
		const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
		const out = Buffer.alloc(12 + data.length);
		out.writeUInt32BE(data.length, 0);
		body.copy(out, 4);
		out.writeUInt32BE(crc32(body), 8 + data.length);
		return out;
	};
	const header = Buffer.alloc(13);
	header.writeUInt32BE(size, 0);
	header.writeUInt32BE(size, 4);
	header.set([8, 2, 0, 0, 0], 8);
	return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', header), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

export interface TileServer {
	origin: string;
	/** Paths asked for so far. */
	requests: string[];
	close(): Promise<void>;
}

/** Serves `/{z}/{x}/{y}.png` (a solid tile) on a free port of 127.0.0.1. */
export function startTileServer(colour: [number, number, number] = [200, 170, 120]): Promise<TileServer> {
	const png = solidPng(colour);
	const requests: string[] = [];
	const server: Server = createServer((request, response) => {
		requests.push(request.url ?? '');
		if (!/^\/\d+\/\d+\/\d+\.png$/.test(request.url ?? '')) {
			response.writeHead(404).end();
			return;
		}
		response.writeHead(200, { 'content-type': 'image/png', 'access-control-allow-origin': '*' }).end(png);
	});
	return new Promise((resolve) => {
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as { port: number };
			resolve({ origin: `http://127.0.0.1:${port}`, requests, close: () => new Promise((done) => server.close(() => done())) });
		});
	});
}

/**
 * A small Protomaps-schema archive (earth, water, roads) in a temporary folder: a street "Provgatan"
 * across Husby centrum and a lake, as a deployment's own extract would have them. Returns its path.
 */
export function deploymentArchive(): string {
	const line = (name: string, highway: string, coordinates: number[][]) => ({
		type: 'Feature' as const,
		properties: { osm_id: 1, highway, name },
		geometry: { type: 'LineString' as const, coordinates }
	});
	const layers = protomapsLayers({
		ways: { type: 'FeatureCollection', features: [line('Provgatan', 'residential', [[17.921, 59.4095], [17.931, 59.4095]]), line('Provstigen', 'footway', [[17.926, 59.407], [17.926, 59.412]])] },
		water: {
			type: 'FeatureCollection',
			features: [{ type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [[[17.93, 59.412], [17.935, 59.412], [17.935, 59.415], [17.93, 59.415], [17.93, 59.412]]] } }]
		},
		drawn: {},
		coverage: null,
		box: [17.9, 59.39, 17.95, 59.43]
	});
	const archive = buildBasemap(layers, { minZoom: 10, maxZoom: 15, attribution: 'Provkarta © OpenStreetMap-bidragsgivare' });
	const path = join(mkdtempSync(join(tmpdir(), 'lageskarta-basemap-')), 'omrade.pmtiles');
	writeFileSync(path, archive);
	return path;
}
