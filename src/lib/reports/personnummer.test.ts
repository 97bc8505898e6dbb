import { describe, expect, it } from 'vitest';
import { findPersonnummer, personnummerMessage } from './personnummer';
import { reportProblem } from './model';

describe('findPersonnummer', () => {
	it.each([
		['850709-1234', '850709-1234'],
		['Pojke 850709+1234 klottrade', '850709+1234'],
		['8507091234', '8507091234'],
		['198507091234 sprang', '198507091234'],
		['19850709-1234', '19850709-1234'],
		['850709 1234', '850709 1234'],
		// a samordningsnummer: day + 60
		['850769-1234', '850769-1234'],
		// shaped like one, whatever its check digit
		['000101-0000', '000101-0000']
	])('finds %s', (text, found) => {
		expect(findPersonnummer(text)).toBe(found);
	});

	it.each(['Ring 112', 'Klotter på 3 väggar, 2024-05-01 kl 21', 'Lampa nr 12345 är trasig', '851309-1234 (månad 13)', '850700-1234 (dag 0)', '1234567890123', 'postnummer 164 40'])('lets %s through', (text) => {
		expect(findPersonnummer(text)).toBeNull();
	});

	it('the message says why and hides the last four digits', () => {
		const message = personnummerMessage('850709-1234');
		expect(message).toContain('personnummer');
		expect(message).toContain('850709-XXXX');
		expect(message).not.toContain('1234');
	});
});

describe('reportProblem', () => {
	const ok = { clientId: '6f1c1f0e-8a4b-4c1e-9a55-0d6f1f0e8a4b', category: 'klotter', date: '2026-11-30', time: '21:30', position: [17.93, 59.41], text: 'Nytt klotter på gavel' };
	it('a good report has none', () => {
		expect(reportProblem(ok)).toBeNull();
	});
	it('names the text when it holds a personnummer', () => {
		expect(reportProblem({ ...ok, text: 'Sågs: 19850709-1234' })).toMatchObject({ field: 'text', message: expect.stringContaining('personnummer') });
	});
	it('a period and a time together, or a period ending before it starts, are refused', () => {
		expect(reportProblem({ ...ok, endDate: '2026-12-02' })).toMatchObject({ field: 'time' });
		expect(reportProblem({ ...ok, time: null, endDate: '2026-11-01' })).toMatchObject({ field: 'endDate' });
		expect(reportProblem({ ...ok, time: null, endDate: '2026-12-02' })).toBeNull();
	});
	it('a position outside Stockholm and a bad time are named', () => {
		expect(reportProblem({ ...ok, position: [59.41, 17.93] })).toMatchObject({ field: 'position', message: expect.stringContaining('bytt plats') });
		expect(reportProblem({ ...ok, time: '25:00' })).toMatchObject({ field: 'time' });
	});
});
