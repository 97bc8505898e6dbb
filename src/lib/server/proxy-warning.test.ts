import { describe, expect, it } from 'vitest';
import { proxyWarning } from './proxy-warning';

describe('the proxy warning', () => {
	it('warns once, naming ADDRESS_HEADER and XFF_DEPTH, when a request carries X-Forwarded-For and ADDRESS_HEADER is unset', () => {
		const messages: string[] = [];
		const check = proxyWarning({}, (m) => messages.push(m));
		check(new Headers());
		expect(messages).toEqual([]);
		check(new Headers({ 'x-forwarded-for': '10.1.2.3' }));
		check(new Headers({ 'x-forwarded-for': '10.1.2.4' }));
		check(new Headers({ forwarded: 'for=10.1.2.5' }));
		expect(messages).toHaveLength(1);
		expect(messages[0]).toMatch(/x-forwarded-for/);
		expect(messages[0]).toMatch(/ADDRESS_HEADER/);
		expect(messages[0]).toMatch(/XFF_DEPTH/);
	});

	it('also knows Forwarded and X-Real-IP', () => {
		for (const header of ['forwarded', 'x-real-ip']) {
			const messages: string[] = [];
			proxyWarning({}, (m) => messages.push(m))(new Headers({ [header]: 'for=10.0.0.1' }));
			expect(messages).toHaveLength(1);
		}
	});

	it('says nothing when ADDRESS_HEADER is set', () => {
		const messages: string[] = [];
		proxyWarning({ ADDRESS_HEADER: 'X-Forwarded-For', XFF_DEPTH: '1' }, (m) => messages.push(m))(new Headers({ 'x-forwarded-for': '10.1.2.3' }));
		expect(messages).toEqual([]);
	});
});
