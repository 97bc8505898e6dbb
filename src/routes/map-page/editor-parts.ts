/**
 * Everything the map page needs for editing and importing, in one module the page imports when
 * someone starts editing: a läsare, and anyone who only looks, never downloads the drawing tool,
 * the import form or the edit session (issue 14: the map route's JavaScript close to MapLibre's own).
 */
export { default as EditPanel } from './EditPanel.svelte';
export { default as ImportPanel } from './ImportPanel.svelte';
export { default as DrawingTool } from '$lib/map/DrawingTool.svelte';
export { default as FeaturePicker } from '$lib/map/FeaturePicker.svelte';
export { default as PreviewLayer } from '$lib/map/PreviewLayer.svelte';
export { EditSession } from './edit-session.svelte';
