/**
 * The map page's search: the search box and the map's flight to a result, in one module the page
 * imports the first time someone goes to the search field (MapPage.svelte): a läsare who only
 * looks does not download it (issue 14: the map route's JavaScript ≤ 1.15× MapLibre's own).
 */
export { default as SearchBox } from '$lib/search/SearchBox.svelte';
export { flyToResult } from '$lib/search/fly-to';
