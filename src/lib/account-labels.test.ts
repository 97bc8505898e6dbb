import { describe, expect, it } from 'vitest';
import { formatWait, labelOf, layerOwnership, layerRightText, ORGANISATION_KIND_LABELS, ROLE_LABELS } from './account-labels';

describe('formatWait', () => {
	it('says seconds under a minute, singular for one', () => {
		expect(formatWait(45)).toBe('45 sekunder');
		expect(formatWait(1)).toBe('1 sekund');
	});
	it('says whole minutes without seconds', () => {
		expect(formatWait(60)).toBe('1 minut');
		expect(formatWait(900)).toBe('15 minuter');
	});
	it('joins minutes and seconds with "och"', () => {
		expect(formatWait(245)).toBe('4 minuter och 5 sekunder');
		expect(formatWait(61)).toBe('1 minut och 1 sekund');
	});
	it('rounds up, so the user never tries too early', () => {
		expect(formatWait(59.2)).toBe('1 minut');
		expect(formatWait(0)).toBe('1 sekund');
	});
	it('falls back to a minute when the server gave no number', () => {
		expect(formatWait(Number.NaN)).toBe('1 minut');
	});
});

describe('labels', () => {
	it('names every role in Swedish', () => {
		expect(ROLE_LABELS).toEqual({ läsare: 'Läsare', redaktör: 'Redaktör', admin: 'Administratör' });
	});
	it('shows a kind the page does not know as the server wrote it', () => {
		expect(labelOf(ORGANISATION_KIND_LABELS, 'polis')).toBe('Polis');
		expect(labelOf(ORGANISATION_KIND_LABELS, 'region')).toBe('region');
	});
});

describe('who writes in a layer, in words', () => {
	const polis = { id: 'polis-jarva', name: 'Lokalpolisområde Järva' };
	const sdf = { id: 'sdf-jarva', name: 'Järva stadsdelsförvaltning' };
	const fastighet = { id: 'fastighetsagare', name: 'Fastighetsägare i Järva' };

	it('names the owner, then who edits and who contributes', () => {
		expect(layerOwnership({ owner: polis, editors: [] })).toBe('Ägare: Lokalpolisområde Järva.');
		expect(layerOwnership({ owner: sdf, editors: [{ organisation: polis, level: 'contribute' }, { organisation: fastighet, level: 'contribute' }] })).toBe(
			'Ägare: Järva stadsdelsförvaltning. Bidrar: Lokalpolisområde Järva, Fastighetsägare i Järva.'
		);
		expect(layerOwnership({ owner: polis, editors: [{ organisation: sdf, level: 'edit' }] })).toBe('Ägare: Lokalpolisområde Järva. Redigerar också: Järva stadsdelsförvaltning.');
	});

	it('tells an account what its organisation may do, and a läsare that the role decides', () => {
		expect(layerRightText({ right: 'contribute' }, 'redaktör')).toMatch(/bidra: lägga till objekt/);
		expect(layerRightText({ right: null }, 'admin')).toBe('Din organisation får bara se lagret.');
		expect(layerRightText({ right: 'owner' }, 'läsare')).toMatch(/rollen läsare/);
	});
});
