import { describe, expect, it } from 'vitest';
import { LAYER_KINDS, LAYERS, type LayerDefinition } from '$lib/layers/catalog';
import { fieldsFor, newProperties, propertyProblems } from './feature-fields';

const layer = (id: string) => LAYERS.find((l) => l.id === id)!;
const scenes2023 = layer('drogscener-2023');

describe('the attribute form', () => {
	it('every kind asks for name (or district), precision, uncertainty, source and example', () => {
		for (const kind of LAYER_KINDS) {
			const keys = fieldsFor(kind).map((f) => f.key);
			expect(keys, kind).toEqual(expect.arrayContaining(['name', 'precision', 'precisionMeters', 'source', 'example', 'note']));
		}
	});

	it('enumerations are selects with the Swedish labels', () => {
		const drawing = fieldsFor('drug-scene').find((f) => f.key === 'drawing')!;
		expect(drawing.type).toBe('select');
		expect(drawing.type === 'select' && drawing.choices.map((c) => c.label)).toEqual([
			'ritad som cirkel/oval (2021 års metod)',
			'ritad som yta längs gator och platser (2023 års metod)'
		]);
	});

	it('a new 2023 scene starts as an outline ±75 m in its layer year, with the layer source', () => {
		expect(newProperties(scenes2023, 'Husby')).toMatchObject({
			year: 2023,
			district: 'Husby',
			drawing: 'outline',
			precisionMeters: 75,
			source: scenes2023.source,
			example: false
		});
		expect(newProperties(layer('drogscener-2021'), null)).toMatchObject({ drawing: 'oval', precisionMeters: 150, district: '' });
	});

	it('a filled-in new scene is valid, though it has no id yet', () => {
		expect(propertyProblems(scenes2023, { ...newProperties(scenes2023, 'Kista'), name: 'Kista torg' })).toEqual({});
	});

	it('says in Swedish which fields to fix, one message per field', () => {
		const problems = propertyProblems(scenes2023, { ...newProperties(scenes2023, null), precisionMeters: -5, source: 'x' });
		expect(problems).toEqual({
			name: 'Ange ett namn.',
			district: 'Välj en stadsdel.',
			precisionMeters: 'Ange osäkerheten i meter, 0 eller mer.',
			source: 'Skriv varifrån uppgiften kommer (minst 3 tecken).'
		});
	});

	it('a scene must have its layer year', () => {
		const scene = { ...newProperties(scenes2023, 'Kista'), name: 'Kista torg', year: 2021 };
		expect(propertyProblems(scenes2023, scene)).toEqual({ year: 'Året ska vara lagrets år, 2023.' });
	});

	it('a blank note is left out rather than refused', () => {
		const scene = { ...newProperties(scenes2023, 'Kista'), name: 'Kista torg', note: '  ' };
		expect(propertyProblems(scenes2023, scene)).toEqual({});
	});

	it('a new layer of any kind gets attributes the form can show', () => {
		for (const kind of LAYER_KINDS) {
			const definition: LayerDefinition = { ...scenes2023, id: `ny-${kind}`, kind, year: 2024 };
			const keys = new Set(fieldsFor(kind).map((f) => f.key));
			for (const key of Object.keys(newProperties(definition, 'Rinkeby'))) expect(keys.has(key), `${kind}.${key}`).toBe(true);
		}
	});
});
