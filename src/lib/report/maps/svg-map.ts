/**
 * A vector map as an SVG string, for print: GeoJSON projected into the same local metric plane the
 * analysis measures in (local-metric.ts), north up, so the scale bar is exact to well under 0.1 %
 * and agrees with every distance the text states. Layers are drawn in the order they are added;
 * labels avoid each other (first come, first placed); a scale bar, a north arrow and the data's
 * licences are drawn on every map. Output is deterministic: coordinates are rounded to 0.1 unit.
 */
import type { Feature, FeatureCollection, Geometry, Position } from 'geojson';
import { localMetricFor, type LocalMetric } from '../../analysis/local-metric';
import { FIGURE_FONT } from '../charts/plot-svg';

export interface AreaStyle {
	fill?: string;
	fillOpacity?: number;
	stroke?: string;
	strokeWidth?: number;
	/** SVG dash array, e.g. "5 3". */
	dash?: string;
	/** Diagonal hatching in this colour (earlier years, as the app draws them). */
	hatch?: string;
}

export interface PointStyle {
	fill: string;
	stroke: string;
	radius: number;
}

export interface LegendEntry {
	label: string;
	area?: AreaStyle;
	point?: PointStyle;
}

type Box = [x0: number, y0: number, x1: number, y1: number];

const INK = '#1a1a1a';
const FONT_SIZE = 9;
/** Rough advance of Noto Sans per character, in ems: enough to keep labels apart. */
const EM_PER_CHAR = 0.56;
const PADDING = 14;

const r1 = (n: number) => Math.round(n * 10) / 10;

export function escapeXml(text: string): string {
	return text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);
}

function attributes(style: AreaStyle, hatchId: string | null): string {
	const fill = hatchId ? `url(#${hatchId})` : (style.fill ?? 'none');
	const parts = [`fill="${fill}"`];
	if (style.fillOpacity !== undefined && !hatchId) parts.push(`fill-opacity="${style.fillOpacity}"`);
	parts.push(`stroke="${style.stroke ?? 'none'}"`);
	if (style.strokeWidth !== undefined) parts.push(`stroke-width="${style.strokeWidth}"`);
	if (style.dash) parts.push(`stroke-dasharray="${style.dash}"`);
	parts.push('stroke-linejoin="round"');
	return parts.join(' ');
}

/**
 * A print map of a few layers around a common extent.
 *
 * @example
 * const map = new SvgMap([districts], 480);
 * map.areas(districts, { stroke: '#3d3a35', strokeWidth: 1 }).labelAreas(districts, (f) => f.properties?.name);
 * map.finish(['CC0 1.0 (Stockholms stad)']); // '<svg …>…</svg>'
 */
export class SvgMap {
	private readonly metric: LocalMetric;
	private readonly scale: number;
	private readonly x0: number;
	private readonly y1: number;
	readonly width: number;
	private readonly mapHeight: number;
	private readonly body: string[] = [];
	private readonly defs: string[] = [];
	private readonly labels: string[] = [];
	private readonly taken: Box[] = [];
	private readonly legendEntries: LegendEntry[] = [];
	private readonly notes: string[] = [];

	constructor(extent: FeatureCollection[], width: number) {
		this.metric = localMetricFor(...extent);
		let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
		for (const collection of extent) {
			eachPosition(collection, (p) => {
				const [x, y] = this.metric.project(p);
				x0 = Math.min(x0, x);
				y0 = Math.min(y0, y);
				x1 = Math.max(x1, x);
				y1 = Math.max(y1, y);
			});
		}
		this.width = width;
		this.scale = (width - 2 * PADDING) / Math.max(x1 - x0, 1);
		this.x0 = x0;
		this.y1 = y1;
		this.mapHeight = Math.ceil((y1 - y0) * this.scale + 2 * PADDING);
	}

	/** [lon, lat] → SVG units. */
	private xy(position: Position): [number, number] {
		const [x, y] = this.metric.project(position);
		return [r1(PADDING + (x - this.x0) * this.scale), r1(PADDING + (this.y1 - y) * this.scale)];
	}

	private path(geometry: Geometry | null, close: boolean): string {
		if (!geometry) return '';
		const line = (positions: Position[]) =>
			positions.map((p, i) => `${i === 0 ? 'M' : 'L'}${this.xy(p).join(',')}`).join('') + (close ? 'Z' : '');
		switch (geometry.type) {
			case 'Polygon':
				return geometry.coordinates.map(line).join('');
			case 'MultiPolygon':
				return geometry.coordinates.flat().map(line).join('');
			case 'LineString':
				return line(geometry.coordinates);
			case 'MultiLineString':
				return geometry.coordinates.map(line).join('');
			default:
				return '';
		}
	}

	/** Polygons in one style (or a style per feature). */
	areas(collection: FeatureCollection, style: AreaStyle | ((feature: Feature) => AreaStyle)): this {
		for (const feature of collection.features) {
			const s = typeof style === 'function' ? style(feature) : style;
			const d = this.path(feature.geometry, true);
			if (!d) continue;
			const hatchId = s.hatch ? this.hatch(s.hatch) : null;
			// a hatched area still gets its outline on top of the hatching
			this.body.push(`<path d="${d}" fill-rule="evenodd" ${attributes(s, hatchId)}/>`);
		}
		return this;
	}

	/** Lines (streets) in one style. */
	lines(collection: FeatureCollection, style: AreaStyle): this {
		const d = collection.features.map((f) => this.path(f.geometry, false)).join('');
		if (d) this.body.push(`<path d="${d}" ${attributes({ ...style, fill: 'none' }, null)} stroke-linecap="round"/>`);
		return this;
	}

	/** Points as circles, styled per feature. */
	points(collection: FeatureCollection, style: (feature: Feature) => PointStyle): this {
		for (const feature of collection.features) {
			if (feature.geometry?.type !== 'Point') continue;
			const [x, y] = this.xy(feature.geometry.coordinates);
			const s = style(feature);
			this.body.push(`<circle cx="${x}" cy="${y}" r="${s.radius}" fill="${s.fill}" stroke="${s.stroke}" stroke-width="0.8"/>`);
			this.taken.push([x - s.radius, y - s.radius, x + s.radius, y + s.radius]);
		}
		return this;
	}

	/**
	 * A label near a position: tried centred, then right, left, above and below; dropped (and
	 * counted) if every place is taken, rather than drawn over another label.
	 */
	label(position: Position, text: string, options: { bold?: boolean; colour?: string; size?: number; centred?: boolean } = {}): boolean {
		const size = options.size ?? FONT_SIZE;
		const [x, y] = this.xy(position);
		const w = text.length * size * EM_PER_CHAR;
		const h = size * 1.2;
		const candidates: [number, number][] = options.centred
			? [[x - w / 2, y - h / 2], [x - w / 2, y - h * 1.6], [x - w / 2, y + h * 0.6]]
			: [[x + 6, y - h / 2], [x - w - 6, y - h / 2], [x - w / 2, y - h - 6], [x - w / 2, y + 6]];
		for (const [lx, ly] of candidates) {
			const box: Box = [lx, ly, lx + w, ly + h];
			const inside = box[0] >= 2 && box[2] <= this.width - 2 && box[1] >= 2 && box[3] <= this.mapHeight - 2;
			if (!inside || this.taken.some((t) => overlaps(t, box))) continue;
			this.taken.push(box);
			const weight = options.bold ? ' font-weight="bold"' : '';
			this.labels.push(
				`<text x="${r1(lx)}" y="${r1(ly + size)}" font-size="${size}"${weight} fill="${options.colour ?? INK}" stroke="#ffffff" stroke-width="2.4" stroke-opacity="0.85" paint-order="stroke">${escapeXml(text)}</text>`
			);
			return true;
		}
		return false;
	}

	legend(entries: LegendEntry[]): this {
		this.legendEntries.push(...entries);
		return this;
	}

	/** A line of text in the map's top-left corner, e.g. that its places are invented examples. */
	note(text: string): this {
		this.notes.push(text);
		return this;
	}

	private hatch(colour: string): string {
		const id = `hatch-${colour.replace('#', '')}`;
		if (!this.defs.some((d) => d.includes(`id="${id}"`))) {
			this.defs.push(
				`<pattern id="${id}" patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(45)"><rect width="6" height="6" fill="${colour}" fill-opacity="0.12"/><line x1="0" y1="0" x2="0" y2="6" stroke="${colour}" stroke-width="1.6"/></pattern>`
			);
		}
		return id;
	}

	private scaleBar(): string {
		const target = (this.width * 0.22) / this.scale;
		const metres = [100, 200, 250, 500, 1000, 2000, 2500, 5000, 10000].filter((m) => m <= target).at(-1) ?? 100;
		const length = r1(metres * this.scale);
		const x = PADDING;
		const y = this.mapHeight - PADDING;
		const text = metres >= 1000 ? `${metres / 1000} km` : `${metres} m`;
		return (
			`<g stroke="${INK}" stroke-width="1" fill="none"><path d="M${x},${y - 4}L${x},${y}L${r1(x + length)},${y}L${r1(x + length)},${y - 4}"/></g>` +
			`<text x="${x}" y="${y - 6}" font-size="8" fill="${INK}">0</text>` +
			`<text x="${r1(x + length)}" y="${y - 6}" font-size="8" text-anchor="middle" fill="${INK}">${text}</text>`
		);
	}

	private north(): string {
		const x = this.width - PADDING - 8;
		const y = PADDING + 4;
		return (
			`<path d="M${x},${y}L${x + 6},${y + 16}L${x},${y + 12}L${x - 6},${y + 16}Z" fill="${INK}"/>` +
			`<text x="${x}" y="${y + 27}" font-size="9" font-weight="bold" text-anchor="middle" fill="${INK}">N</text>`
		);
	}

	/** The legend in rows under the map, entries side by side. Returns the SVG and the height it took. */
	private legendSvg(top: number): [string, number] {
		if (this.legendEntries.length === 0) return ['', 0];
		const rowHeight = 14;
		let x = 0;
		let y = top;
		const parts: string[] = [];
		for (const entry of this.legendEntries) {
			const width = entry.label.length * 8 * EM_PER_CHAR + 34;
			if (x > 0 && x + width > this.width) {
				x = 0;
				y += rowHeight;
			}
			const swatch = entry.point
				? `<circle cx="${r1(x + 7)}" cy="${r1(y + 5)}" r="${entry.point.radius}" fill="${entry.point.fill}" stroke="${entry.point.stroke}" stroke-width="0.8"/>`
				: `<rect x="${r1(x)}" y="${r1(y)}" width="14" height="10" ${attributes(entry.area ?? {}, entry.area?.hatch ? this.hatch(entry.area.hatch) : null)}/>`;
			parts.push(`${swatch}<text x="${r1(x + 19)}" y="${r1(y + 8.5)}" font-size="8" fill="${INK}">${escapeXml(entry.label)}</text>`);
			x += width;
		}
		return [parts.join(''), y + rowHeight - top];
	}

	/**
	 * The finished SVG: the map clipped to its frame, then under it the legend and the licences of
	 * what it draws ("Kartdata: …").
	 */
	finish(licences: readonly string[]): string {
		const notes = this.notes.map(
			(text, i) => `<text x="${PADDING}" y="${PADDING + 12 + i * 14}" font-size="11" font-weight="bold" fill="#b00020">${escapeXml(text)}</text>`
		);
		const [legend, legendHeight] = this.legendSvg(this.mapHeight + 6);
		const creditTop = this.mapHeight + 6 + legendHeight;
		const creditLines = licenceLines(licences, this.width);
		const credit = creditLines.map(
			(line, i) => `<text x="0" y="${creditTop + 8 + i * 10}" font-size="7.5" fill="#4a4740">${escapeXml(line)}</text>`
		);
		const height = creditTop + creditLines.length * 10 + 4;
		const frame = `x="0" y="0" width="${this.width}" height="${this.mapHeight}"`;
		return (
			`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${this.width} ${height}" width="${this.width}" height="${height}" font-family="${FIGURE_FONT}">` +
			`<defs><clipPath id="map-frame"><rect ${frame}/></clipPath>${this.defs.join('')}</defs>` +
			`<rect ${frame} fill="#fbfaf6"/>` +
			`<g clip-path="url(#map-frame)">${this.body.join('')}</g>` +
			this.labels.join('') +
			notes.join('') +
			this.scaleBar() +
			this.north() +
			`<rect ${frame} fill="none" stroke="#b8b2a7" stroke-width="0.6"/>` +
			legend +
			credit.join('') +
			'</svg>'
		);
	}
}

/** "Kartdata: a · b · c", wrapped to the map's width. */
function licenceLines(licences: readonly string[], width: number): string[] {
	const parts = [...new Set(licences)];
	if (parts.length === 0) return [];
	const perLine = Math.floor(width / (7.5 * EM_PER_CHAR));
	const lines: string[] = [];
	let current = 'Kartdata:';
	for (const part of parts) {
		const next = `${current}${current.endsWith(':') ? ' ' : ' · '}${part}`;
		if (next.length > perLine && !current.endsWith(':')) {
			lines.push(current);
			current = part;
		} else current = next;
	}
	lines.push(current);
	return lines;
}

function overlaps(a: Box, b: Box): boolean {
	return a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
}

function eachPosition(collection: FeatureCollection, visit: (p: Position) => void): void {
	const walk = (c: unknown): void => {
		if (Array.isArray(c) && typeof c[0] === 'number') visit(c as Position);
		else if (Array.isArray(c)) c.forEach(walk);
	};
	for (const feature of collection.features) {
		if (feature.geometry && 'coordinates' in feature.geometry) walk(feature.geometry.coordinates);
	}
}
