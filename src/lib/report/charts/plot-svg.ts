/**
 * Observable Plot on the server: a chart as an SVG string that is the same bytes for the same
 * data. Plot draws into linkedom's DOM (no browser); what Plot leaves to chance is fixed here:
 *
 * - clip, pattern and marker ids come from module-wide counters (`plot-clip-17`), so the same chart
 *   drawn later in the process gets other ids: they are renumbered per chart in order of appearance;
 * - the root names `system-ui, sans-serif`, which a renderer resolves to whatever the machine has:
 *   every chart is set in the shipped Noto Sans instead, and Plot's stylesheet (for browsers) is dropped;
 * - coordinates are rounded to 0.01 px, so a last-digit difference in floating point cannot change a byte.
 */
import * as Plot from '@observablehq/plot';
import { parseHTML } from 'linkedom';

/** The family every figure is set in; the PDF compiler gets exactly this font and no fallback. */
export const FIGURE_FONT = 'Noto Sans';

const SVG_NS = 'http://www.w3.org/2000/svg';

/** Numbers with three or more decimals inside attribute values. */
const LONG_DECIMAL = /-?\d+\.\d{3,}/g;

function roundAttributes(svg: string): string {
	return svg.replace(/="([^"]*)"/g, (_, value: string) => `="${value.replace(LONG_DECIMAL, (n) => String(Math.round(Number(n) * 100) / 100))}"`);
}

function renumberIds(svg: string): string {
	const ids = new Map<string, string>();
	return svg.replace(/plot-(clip|pattern|marker)-\d+/g, (id, kind: string) => {
		let fixed = ids.get(id);
		if (!fixed) {
			fixed = `${kind}-${ids.size + 1}`;
			ids.set(id, fixed);
		}
		return fixed;
	});
}

/**
 * Draw a Plot chart as a deterministic SVG string.
 *
 * @example
 * plotSvg({ width: 480, height: 200, marks: [Plot.lineY(rows, { x: 'year', y: 'value' })] });
 * // '<svg xmlns="http://www.w3.org/2000/svg" font-family="Noto Sans" … </svg>'
 */
export function plotSvg(options: Plot.PlotOptions): string {
	const { document } = parseHTML('<!doctype html><html><body></body></html>');
	const chart = Plot.plot({ ...options, document: document as unknown as Document });
	if (chart.tagName.toLowerCase() !== 'svg') {
		throw new Error('plotSvg draws bare charts: give the title, caption and legend to the document, not to Plot');
	}
	for (const style of [...chart.querySelectorAll('style')]) style.remove();
	chart.removeAttribute('class');
	chart.removeAttribute('style');
	chart.setAttribute('xmlns', SVG_NS);
	chart.setAttribute('font-family', FIGURE_FONT);
	chart.setAttribute('fill', '#1a1a1a');
	return roundAttributes(renumberIds(chart.outerHTML.replaceAll('currentColor', '#1a1a1a')));
}
