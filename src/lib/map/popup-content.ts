/**
 * Builds a popup's DOM from a FeatureInfo with textContent only: feature properties come from
 * imported files and must never be interpreted as HTML.
 */
import type { FeatureInfo } from './feature-info';

function element<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string) {
	const node = document.createElement(tag);
	if (className) node.className = className;
	if (text !== undefined) node.textContent = text;
	return node;
}

export function popupContent(info: FeatureInfo): HTMLElement {
	const root = element('div', 'feature-popup');
	root.append(element('p', 'feature-popup__layer', info.layerTitle));
	root.append(element('h2', 'feature-popup__title', info.title));
	if (info.example) {
		root.append(element('p', 'feature-popup__flag feature-popup__flag--example', 'Exempel – platsen finns inte i lägesbilden'));
	}
	if (info.approximate) {
		root.append(element('p', 'feature-popup__flag', 'Ungefärlig geometri'));
	}
	const list = element('dl', 'feature-popup__rows');
	for (const row of info.rows) {
		list.append(element('dt', undefined, row.label), element('dd', undefined, row.value));
	}
	root.append(list);
	return root;
}
