/**
 * An indicator as a deterministic SVG for the document: the chart of indicator-options.ts drawn
 * with Plot on the server (plot-svg.ts).
 */
import * as Plot from '@observablehq/plot';
import type { IndicatorSeries } from '../model';
import { CHART_WIDTH, indicatorChartOptions } from './indicator-options';
import { plotSvg } from './plot-svg';

export { CHART_WIDTH };

/**
 * The indicator as an SVG chart, deterministic (see plot-svg.ts).
 *
 * @example
 * indicatorChartSvg({ title: 'Anmälda livskvalitetsbrott', unit: 'antal', scale: null, values: […], … });
 */
export function indicatorChartSvg(series: IndicatorSeries): string {
	return plotSvg(indicatorChartOptions(series, Plot));
}
