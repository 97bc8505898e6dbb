/**
 * The one popup every map opens on a clicked object (issue 13 item 4): its name, its layer and
 * where it came from (source, precision, approximate, example), and actions such as "Lägg till på
 * dagordningen". The DOM is built with textContent only: names and notes come from imported files
 * and must never be read as HTML. Buttons are ordinary <button>s (Tab reaches them); Escape closes.
 */
import { Popup, type LngLatLike, type Map as MapLibreMap } from 'maplibre-gl';

export type PopupInfo = {
	title: string;
	layerTitle: string;
	source: string;
	precision: string;
	approximate: boolean;
	example?: boolean;
	licence?: string;
	/** More attributes in Swedish (year, district, category …), shown above the provenance. */
	rows?: { label: string; value: string }[];
};

export type PopupAction = { label: string; run: () => void };

function element<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string) {
	const node = document.createElement(tag);
	if (className) node.className = className;
	if (text !== undefined) node.textContent = text;
	return node;
}

/** The popup's content as a DOM tree (exported for the tests and for pages that place it themselves). */
export function featurePopupContent(info: PopupInfo, actions: readonly PopupAction[] = [], close: () => void = () => {}): HTMLElement {
	const root = element('div', 'feature-popup');
	root.append(element('p', 'feature-popup__layer', info.layerTitle));
	root.append(element('h2', 'feature-popup__title', info.title));
	if (info.example) root.append(element('p', 'feature-popup__flag feature-popup__flag--example', 'Exempel – platsen finns inte i lägesbilden'));
	if (info.approximate) root.append(element('p', 'feature-popup__flag', 'Ungefärlig geometri'));
	const list = element('dl', 'feature-popup__rows');
	const rows = [...(info.rows ?? []), { label: 'Precision', value: info.precision }, { label: 'Källa', value: info.source }, { label: 'Licens', value: info.licence || 'ej angiven' }];
	for (const row of rows) if (row.value) list.append(element('dt', undefined, row.label), element('dd', undefined, row.value));
	root.append(list);
	if (actions.length) {
		const buttons = element('div', 'feature-popup__actions');
		for (const action of actions) {
			const button = element('button', 'feature-popup__action', action.label);
			button.type = 'button';
			button.addEventListener('click', () => {
				close();
				action.run();
			});
			buttons.append(button);
		}
		root.append(buttons);
	}
	return root;
}

/** Opens the popup at a point of the map; one open popup per map (the previous one closes). */
export function openFeaturePopup(map: MapLibreMap, lngLat: LngLatLike, info: PopupInfo, actions: PopupAction[] = []): Popup {
	const previous = open.get(map);
	previous?.remove();
	const popup = new Popup({ maxWidth: '480px', focusAfterOpen: false, className: 'feature-popup-shell' });
	const onkey = (event: KeyboardEvent) => {
		if (event.key !== 'Escape') return;
		event.preventDefault();
		event.stopPropagation();
		popup.remove();
		map.getCanvas().focus();
	};
	popup.setLngLat(lngLat).setDOMContent(featurePopupContent(info, actions, () => popup.remove()));
	popup.on('open', () => popup.getElement()?.addEventListener('keydown', onkey));
	popup.on('close', () => {
		if (open.get(map) === popup) open.delete(map);
	});
	open.set(map, popup);
	popup.addTo(map);
	// A popup taller than the room below or above its point would be cut by the map's edge: the
	// map moves so all of it shows.
	const element = popup.getElement();
	const box = element?.getBoundingClientRect();
	const frame = map.getContainer().getBoundingClientRect();
	if (box) {
		const down = box.bottom > frame.bottom - 8 ? box.bottom - frame.bottom + 16 : box.top < frame.top + 8 ? box.top - frame.top - 16 : 0;
		if (down !== 0) map.panBy([0, down], { duration: 0 });
	}
	// Focus lands on the first action (or the close button): Enter adds, Escape closes. Without
	// scrolling: the map's container would otherwise be scrolled under its own canvas.
	element?.querySelector<HTMLButtonElement>('.feature-popup__action, .maplibregl-popup-close-button')?.focus({ preventScroll: true });
	return popup;
}

const open = new WeakMap<MapLibreMap, Popup>();
