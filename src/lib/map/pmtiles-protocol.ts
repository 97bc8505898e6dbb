/** Registers the pmtiles:// protocol with MapLibre once per page, however many maps are made. */
import { addProtocol } from 'maplibre-gl';
import { Protocol } from 'pmtiles';

let registered = false;

export function registerPmtilesProtocol(): void {
	if (registered) return;
	const protocol = new Protocol();
	addProtocol('pmtiles', protocol.tile);
	registered = true;
}
