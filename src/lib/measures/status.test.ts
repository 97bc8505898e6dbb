import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import {
	MEASURE_STATUSES,
	MEASURE_STATUS_LABELS,
	MeasureInput,
	checkTransition,
	isOpen,
	isOverdue,
	type MeasureStatus
} from './status';

function measure(overrides: Record<string, unknown> = {}): Record<string, unknown> {
	return {
		title: 'Byt armaturer i gångtunneln vid Husby centrum',
		description: 'Två av fyra lampor är trasiga.',
		ownerOrganisationId: 'stockholmshem',
		dueDate: '2025-09-30',
		status: 'beslutad',
		...overrides
	};
}

function message(input: unknown): string | null {
	const result = v.safeParse(MeasureInput, input);
	return result.success ? null : result.issues[0].message;
}

describe('statuses', () => {
	it('labels every status in Swedish and English', () => {
		expect(MEASURE_STATUSES.map((s) => MEASURE_STATUS_LABELS[s].en)).toEqual([
			'Proposed',
			'Decided',
			'In progress',
			'Done',
			'Rejected'
		]);
	});

	it('counts föreslagen, beslutad and pågår as open and klar, avslagen as closed', () => {
		expect(MEASURE_STATUSES.filter(isOpen)).toEqual(['föreslagen', 'beslutad', 'pågår']);
	});
});

describe('checkTransition', () => {
	const allowed: [MeasureStatus, MeasureStatus][] = [
		['föreslagen', 'beslutad'],
		['föreslagen', 'avslagen'],
		['beslutad', 'pågår'],
		['beslutad', 'avslagen'],
		['beslutad', 'föreslagen'],
		['pågår', 'klar'],
		['pågår', 'beslutad'],
		['klar', 'pågår'],
		['avslagen', 'föreslagen']
	];

	it('allows exactly the listed steps and refuses the other eleven', () => {
		const refused: string[] = [];
		for (const from of MEASURE_STATUSES) {
			for (const to of MEASURE_STATUSES) {
				if (from === to) continue;
				const isListed = allowed.some(([a, b]) => a === from && b === to);
				const result = checkTransition(from, to);
				expect(result === null, `${from} → ${to}`).toBe(isListed);
				if (result !== null) refused.push(`${from} → ${to}`);
			}
		}
		expect(refused).toHaveLength(20 - allowed.length);
	});

	it('lets a status stay as it is, so an edit of other fields passes', () => {
		expect(MEASURE_STATUSES.map((s) => checkTransition(s, s))).toEqual([null, null, null, null, null]);
	});

	it('names both statuses and the one allowed step', () => {
		expect(checkTransition('klar', 'beslutad')).toBe(
			'Statusen kan inte ändras från "klar" till "beslutad": från "klar" går det bara till "pågår".'
		);
	});

	it('lists several allowed steps as a sentence', () => {
		expect(checkTransition('beslutad', 'klar')).toBe(
			'Statusen kan inte ändras från "beslutad" till "klar": från "beslutad" går det bara till "pågår", "avslagen" eller "föreslagen".'
		);
	});

	it('names an unknown status, e.g. one read from an old database row', () => {
		expect(checkTransition('klar', 'stängd' as MeasureStatus)).toMatch(/^Okänd status "stängd": välj en av "föreslagen"/);
	});
});

describe('isOverdue', () => {
	it('is overdue the day after the due date while open', () => {
		expect(isOverdue({ status: 'pågår', dueDate: '2025-05-31' }, '2025-06-01')).toBe(true);
	});

	it('is not overdue on the due date itself', () => {
		expect(isOverdue({ status: 'pågår', dueDate: '2025-05-31' }, '2025-05-31')).toBe(false);
	});

	it('is never overdue once klar or avslagen', () => {
		expect(isOverdue({ status: 'klar', dueDate: '2020-01-01' }, '2025-06-01')).toBe(false);
		expect(isOverdue({ status: 'avslagen', dueDate: '2020-01-01' }, '2025-06-01')).toBe(false);
	});

	it('refuses a today that is not a date, rather than comparing strings that do not sort', () => {
		expect(() => isOverdue({ status: 'pågår', dueDate: '2025-05-31' }, '1/6/2025')).toThrow(
			'Ogiltigt dagens datum "1/6/2025"'
		);
	});
});

describe('MeasureInput', () => {
	it('accepts a complete measure with a place and a position', () => {
		const input = measure({ place: { layerId: 'otrygga-platser', featureId: 'p12' }, position: [17.93, 59.41] });
		expect(v.parse(MeasureInput, input)).toEqual(input);
	});

	it('defaults a missing description to empty', () => {
		expect(v.parse(MeasureInput, measure({ description: undefined })).description).toBe('');
	});

	it('refuses a title shorter than 3 characters after trimming', () => {
		expect(message(measure({ title: '  ab ' }))).toBe('Rubriken "ab" är för kort: skriv minst 3 tecken');
	});

	it('refuses a title over 200 characters', () => {
		expect(message(measure({ title: 'x'.repeat(201) }))).toBe('Rubriken har 201 tecken; högst 200 får plats');
	});

	it('refuses a description over 4000 characters', () => {
		expect(message(measure({ description: 'x'.repeat(4001) }))).toBe('Beskrivningen har 4001 tecken; högst 4000 får plats');
	});

	it('refuses a blank owner', () => {
		expect(message(measure({ ownerOrganisationId: '  ' }))).toBe('Ange vilken organisation som äger åtgärden');
	});

	it('refuses a due date that does not exist and names it', () => {
		expect(message(measure({ dueDate: '2025-02-29' }))).toBe('Slutdatumet "2025-02-29" är inget datum: ange ÅÅÅÅ-MM-DD');
	});

	it('accepts 29 February in a leap year', () => {
		expect(message(measure({ dueDate: '2028-02-29' }))).toBeNull();
	});

	it('refuses a due date in another format', () => {
		expect(message(measure({ dueDate: '30/9/2025' }))).toMatch(/^Slutdatumet "30\/9\/2025" är inget datum/);
	});

	it('refuses an unknown status and lists the known ones', () => {
		expect(message(measure({ status: 'klart' }))).toBe(
			'Okänd status "klart": välj en av "föreslagen", "beslutad", "pågår", "klar" eller "avslagen"'
		);
	});

	it('refuses a place reference with an empty feature id', () => {
		expect(message(measure({ place: { layerId: 'otrygga-platser', featureId: '' } }))).toBe('featureId är tomt');
	});

	it('refuses a position outside Stockholm and names it', () => {
		expect(message(measure({ position: [11.97, 57.7] }))).toMatch(/^Positionen \[11.97, 57.7\] ligger utanför Stockholm/);
	});
});
