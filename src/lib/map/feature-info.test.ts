import { describe, expect, it } from 'vitest';
import { LAYERS } from '$lib/layers/catalog';
import { featureInfo, popupInfo } from './feature-info';

const layer = (id: string) => LAYERS.find((l) => l.id === id)!;

describe('what a popup says', () => {
	it('a 2021 scene tells its year, district, drawing method, precision and source', () => {
		const info = featureInfo(
			{
				id: 'ds2021-husby-c',
				name: 'Husby C',
				year: 2021,
				district: 'Husby',
				drawing: 'oval',
				precision: 'approximate',
				precisionMeters: 150,
				source: 'Lägesbild Järva 2023, figur 2',
				example: false
			},
			layer('drogscener-2021')
		);
		expect(info.title).toBe('Husby C');
		expect(info.approximate).toBe(true);
		expect(info.example).toBe(false);
		expect(Object.fromEntries(info.rows.map((r) => [r.label, r.value]))).toEqual({
			År: '2021',
			Stadsdel: 'Husby',
			Kartläggning: 'ritad som cirkel/oval (2021 års metod)',
			Precision: 'ungefärlig, ±150 m',
			Källa: 'Lägesbild Järva 2023, figur 2',
			Licens: 'ej angiven'
		});
	});

	it('an official district says its licence and is not flagged as approximate', () => {
		const info = featureInfo(
			{ name: 'Husby', precision: 'official', precisionMeters: 20, source: 'Stockholms stad', licence: 'CC0 1.0 (Stockholms stad)', example: false },
			layer('stadsdelar')
		);
		expect(info.approximate).toBe(false);
		expect(info.rows).toContainEqual({ label: 'Licens', value: 'CC0 1.0 (Stockholms stad)' });
		expect(info.rows).toContainEqual({ label: 'Precision', value: 'officiell gräns, ±20 m' });
	});

	it('an example place is flagged as an example with its category in Swedish', () => {
		const info = featureInfo(
			{ name: 'Garage (exempel)', category: 'garage', example: true, precision: 'approximate', source: 'x' },
			layer('otrygga-platser')
		);
		expect(info.example).toBe(true);
		expect(info.rows).toContainEqual({ label: 'Kategori', value: 'Garage' });
	});

	it('reads the district list MapLibre hands over as a JSON string', () => {
		const info = featureInfo(
			{ name: 'Rinkeby/Tensta', areaClass: 'especially-vulnerable', districts: '["Rinkeby","Tensta"]' },
			layer('omradesklassning')
		);
		expect(info.rows).toContainEqual({ label: 'Stadsdelar', value: 'Rinkeby, Tensta' });
		expect(info.rows).toContainEqual({ label: 'Klassning', value: 'Särskilt utsatt område' });
	});

	it('an exact feature is not called approximate', () => {
		expect(featureInfo({ name: 'A', precision: 'exact' }, layer('stadsdelar')).approximate).toBe(false);
	});
});

describe('the shared popup’s info', () => {
	it('puts where the object came from beside its attributes, for every layer', () => {
		const info = popupInfo({ name: 'Garage (exempel)', category: 'garage', example: true, precision: 'approximate', precisionMeters: 100, source: 'Lägesbild Järva 2023, figur 8' }, layer('otrygga-platser'));
		expect(info).toMatchObject({ title: 'Garage (exempel)', layerTitle: layer('otrygga-platser').title, source: 'Lägesbild Järva 2023, figur 8', precision: 'ungefärlig, ±100 m', approximate: true, example: true, licence: 'ej angiven' });
		expect(info.rows).toContainEqual({ label: 'Kategori', value: 'Garage' });
		expect(info.rows?.map((r) => r.label)).not.toContain('Källa');
	});

	it('an object without its own source or precision tells the layer’s', () => {
		const info = popupInfo({ name: 'Husby' }, layer('stadsdelar'));
		expect(info.source).toBe(layer('stadsdelar').source);
		expect(info.precision).toBe(layer('stadsdelar').precision);
	});
});
