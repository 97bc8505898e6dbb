/**
 * The current view as a PNG: the map (one, or two side by side, or a swipe) drawn onto a 2D
 * canvas with a title, the date, the legend and the sources, then downloaded through a blob URL.
 *
 * MapLibre's WebGL canvas is cleared after each frame unless `preserveDrawingBuffer` is set (which
 * costs every frame); instead each map is copied inside its own `render` event, while the frame
 * is still there.
 */
import type { Map as MapLibreMap } from 'maplibre-gl';
import type { LegendEntry } from '$lib/map/looks';
import type { CompareMode } from '$lib/map/view-state';
import type { LegendGroup } from './legend-rows';

/** Copies a map's current frame (after a repaint) into a canvas of its own. */
export function captureMap(map: MapLibreMap): Promise<HTMLCanvasElement> {
	return new Promise((resolve) => {
		map.once('render', () => {
			const source = map.getCanvas();
			const copy = document.createElement('canvas');
			copy.width = source.width;
			copy.height = source.height;
			copy.getContext('2d')!.drawImage(source, 0, 0);
			resolve(copy);
		});
		map.triggerRepaint();
	});
}

/** Splits text into lines no wider than `width` by the given measure (words are not broken). */
export function wrapText(measure: (text: string) => number, text: string, width: number): string[] {
	const lines: string[] = [];
	let line = '';
	for (const word of text.split(/\s+/).filter(Boolean)) {
		const candidate = line ? `${line} ${word}` : word;
		if (line && measure(candidate) > width) {
			lines.push(line);
			line = word;
		} else {
			line = candidate;
		}
	}
	if (line) lines.push(line);
	return lines;
}

export interface PictureInput {
	title: string;
	subtitle: string;
	mode: CompareMode | null;
	/** Per cent from the left where the swipe shows the second map. */
	split: number;
	/** Frames of the primary map and, when two are compared, the second. */
	frames: [HTMLCanvasElement] | [HTMLCanvasElement, HTMLCanvasElement];
	yearLabels: [string, string] | null;
	legend: LegendGroup[];
	notes: string[];
	sources: string[];
}

const FONT = "'Noto Sans', system-ui, sans-serif";
const INK = '#1d1b18';
const MUTED = '#57534c';

function drawSwatch(ctx: CanvasRenderingContext2D, swatch: LegendEntry['swatch'], x: number, y: number, w: number, h: number) {
	ctx.save();
	if (swatch.shape === 'area') {
		ctx.globalAlpha = swatch.fillOpacity;
		ctx.fillStyle = swatch.fill;
		ctx.fillRect(x, y, w, h);
		ctx.globalAlpha = 1;
		if (swatch.hatched) {
			ctx.beginPath();
			ctx.rect(x, y, w, h);
			ctx.clip();
			ctx.strokeStyle = swatch.stroke;
			ctx.lineWidth = h / 10;
			for (let i = -h; i < w + h; i += h / 3) {
				ctx.beginPath();
				ctx.moveTo(x + i, y + h);
				ctx.lineTo(x + i + h, y);
				ctx.stroke();
			}
			ctx.restore();
			ctx.save();
		}
		ctx.strokeStyle = swatch.stroke;
		ctx.lineWidth = h / 7;
		ctx.setLineDash(swatch.dashed ? [h / 3, h / 5] : []);
		ctx.strokeRect(x, y, w, h);
	} else if (swatch.shape === 'outline') {
		ctx.strokeStyle = swatch.stroke;
		ctx.lineWidth = Math.max(2, swatch.width * (h / 20));
		ctx.strokeRect(x, y, w, h);
	} else {
		ctx.fillStyle = swatch.fill;
		ctx.strokeStyle = swatch.stroke;
		ctx.lineWidth = h / 12;
		ctx.beginPath();
		ctx.arc(x + w / 2, y + h / 2, h / 2.4, 0, Math.PI * 2);
		ctx.fill();
		ctx.stroke();
	}
	ctx.restore();
}

/** Composes the picture: header, map(s), legend, notes and sources. */
export function composePicture(input: PictureInput): HTMLCanvasElement {
	const [first, second] = input.frames;
	const gap = input.mode === 'sida' && second ? Math.round(first.width * 0.01) : 0;
	const mapWidth = input.mode === 'sida' && second ? first.width + gap + second.width : first.width;
	const mapHeight = first.height;
	const k = Math.max(1, mapWidth / 1600);
	const margin = 28 * k;
	const header = 120 * k;

	const canvas = document.createElement('canvas');
	const ctx = canvas.getContext('2d')!;
	const font = (size: number, bold = false) => `${bold ? '700 ' : ''}${Math.round(size * k)}px ${FONT}`;

	// Lay out the footer first, to know the picture's height.
	ctx.font = font(20);
	const rowHeight = 34 * k;
	const columnWidth = 470 * k;
	const columns = Math.max(1, Math.floor((mapWidth - 2 * margin) / columnWidth));
	const entries = input.legend.flatMap((g) => g.entries);
	const legendRows = Math.ceil(entries.length / columns);
	ctx.font = font(18);
	const textLines = [...input.notes, ...input.sources.map((s, i) => (i === 0 ? `Källor: ${s}` : s))].flatMap((line) => wrapText((t) => ctx.measureText(t).width, line, mapWidth - 2 * margin));
	const footer = margin + 34 * k + legendRows * rowHeight + 12 * k + textLines.length * 26 * k + margin;

	canvas.width = Math.round(mapWidth);
	canvas.height = Math.round(header + mapHeight + footer);
	ctx.fillStyle = '#fbfaf7';
	ctx.fillRect(0, 0, canvas.width, canvas.height);

	ctx.fillStyle = INK;
	ctx.textBaseline = 'top';
	ctx.font = font(40, true);
	ctx.fillText(input.title, margin, 22 * k, mapWidth - 2 * margin);
	ctx.font = font(24);
	ctx.fillStyle = MUTED;
	ctx.fillText(input.subtitle, margin, 76 * k, mapWidth - 2 * margin);

	// The map(s).
	if (input.mode === 'sida' && second) {
		ctx.fillStyle = '#1d2b44';
		ctx.fillRect(0, header, mapWidth, mapHeight);
		ctx.drawImage(first, 0, header);
		ctx.drawImage(second, first.width + gap, header);
	} else {
		ctx.drawImage(first, 0, header);
		if (input.mode === 'svep' && second) {
			const x = Math.round((input.split / 100) * first.width);
			ctx.drawImage(second, x, 0, second.width - x, second.height, x, header, second.width - x, second.height);
			ctx.fillStyle = '#ffffff';
			ctx.fillRect(x - 3 * k, header, 6 * k, mapHeight);
		}
	}
	if (input.yearLabels && second) {
		const label = (text: string, x: number) => {
			ctx.font = font(30, true);
			const w = ctx.measureText(text).width + 24 * k;
			ctx.fillStyle = '#1d2b44';
			ctx.fillRect(x, header + 14 * k, w, 48 * k);
			ctx.fillStyle = '#ffffff';
			ctx.fillText(text, x + 12 * k, header + 22 * k);
			return w;
		};
		label(input.yearLabels[0], 14 * k);
		ctx.font = font(30, true);
		const rightWidth = ctx.measureText(input.yearLabels[1]).width + 24 * k;
		label(input.yearLabels[1], input.mode === 'sida' ? first.width + gap + 14 * k : mapWidth - rightWidth - 60 * k);
	}

	// Legend, notes and sources.
	let y = header + mapHeight + margin;
	ctx.fillStyle = INK;
	ctx.font = font(24, true);
	ctx.fillText('Teckenförklaring', margin, y);
	y += 34 * k;
	ctx.font = font(20);
	entries.forEach((entry, i) => {
		const column = i % columns;
		const row = Math.floor(i / columns);
		const x = margin + column * columnWidth;
		const top = y + row * rowHeight;
		drawSwatch(ctx, entry.swatch, x, top + 2 * k, 36 * k, 24 * k);
		ctx.fillStyle = INK;
		ctx.fillText(entry.label, x + 48 * k, top + 2 * k, columnWidth - 56 * k);
	});
	y += legendRows * rowHeight + 12 * k;
	ctx.font = font(18);
	ctx.fillStyle = MUTED;
	for (const line of textLines) {
		ctx.fillText(line, margin, y);
		y += 26 * k;
	}
	return canvas;
}

/** Offers a canvas as a PNG download. */
export async function downloadCanvas(canvas: HTMLCanvasElement, filename: string): Promise<Blob> {
	const blob = await new Promise<Blob>((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('Bilden kunde inte skapas.'))), 'image/png'));
	const url = URL.createObjectURL(blob);
	const link = document.createElement('a');
	link.href = url;
	link.download = filename;
	document.body.append(link);
	link.click();
	link.remove();
	setTimeout(() => URL.revokeObjectURL(url), 10_000);
	return blob;
}
