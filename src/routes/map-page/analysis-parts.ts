/**
 * The analysis tab and its overlay, loaded when an analysis is opened (the tab, the A key or a link
 * with one): a map that is only looked at does not download them (issue 14, the map route's size).
 */
export { default as AnalysisPanel } from './AnalysisPanel.svelte';
export { default as AnalysisOverlay } from '$lib/map/AnalysisOverlay.svelte';
export { STATUS_LABELS } from '$lib/analysis';
