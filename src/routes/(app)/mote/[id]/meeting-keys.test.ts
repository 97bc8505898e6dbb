import { describe, expect, it } from 'vitest';
import { meetingKeyAction } from './meeting-keys';

const press = (key: string, target: 'text' | 'map' | 'slider' | 'other' = 'other', mods = {}) => meetingKeyAction({ key, target, ...mods });

describe('the meeting view’s keys', () => {
	it('PageDown, N and the right arrow go to the next place; PageUp, P and the left arrow back', () => {
		for (const key of ['PageDown', 'n', 'N', 'ArrowRight', 'ArrowDown']) expect(press(key), key).toEqual({ type: 'next' });
		for (const key of ['PageUp', 'p', 'ArrowLeft', 'ArrowUp']) expect(press(key), key).toEqual({ type: 'previous' });
		expect(press('Home')).toEqual({ type: 'overview' });
		expect(press('End')).toEqual({ type: 'last' });
	});

	it('arrows belong to the map and the swipe divider when they have focus; paging keys never do', () => {
		expect(press('ArrowRight', 'map')).toBeNull();
		expect(press('ArrowLeft', 'slider')).toBeNull();
		expect(press('PageDown', 'map')).toEqual({ type: 'next' });
	});

	it('typing a note is never a shortcut, nor is a key with Ctrl, Alt or Cmd', () => {
		expect(press('s', 'text')).toBeNull();
		expect(press('PageDown', 'text')).toBeNull();
		expect(press('s', 'other', { ctrlKey: true })).toBeNull();
		expect(press('n', 'other', { metaKey: true })).toBeNull();
	});

	it('compare modes have a key each: O overlay, S swipe, B side by side', () => {
		expect(press('o')).toEqual({ type: 'compare', mode: 'overlagg' });
		expect(press('S')).toEqual({ type: 'compare', mode: 'svep' });
		expect(press('b')).toEqual({ type: 'compare', mode: 'sida' });
		expect(press(',')).toEqual({ type: 'split', delta: -5 });
		expect(press('.')).toEqual({ type: 'split', delta: 5 });
	});

	it('Å and its twin Y change years; digits toggle layers; 0 shows all of Järva', () => {
		expect(press('å')).toEqual({ type: 'years' });
		expect(press('Y')).toEqual({ type: 'years' });
		expect(press('3')).toEqual({ type: 'toggle-layer', index: 2 });
		expect(press('0')).toEqual({ type: 'home' });
	});

	it('F full screen, ? help, E picture, R protocol; an unknown key is nothing', () => {
		expect(press('f')).toEqual({ type: 'fullscreen' });
		expect(press('?')).toEqual({ type: 'help' });
		expect(press('e')).toEqual({ type: 'export' });
		expect(press('r')).toEqual({ type: 'protocol' });
		expect(press('q')).toBeNull();
		expect(press('F5')).toBeNull();
	});
});
