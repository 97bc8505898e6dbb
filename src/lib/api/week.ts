/** The weekly meeting's requests (`/api/reports/week/focus/...`): focus places, their measures, the follow-up. */
import type { FocusPlace, FocusPlaceInput, FollowUp } from '$lib/weekly/focus';
import { json, request } from './request';

const focusUrl = (id: string) => `/api/reports/week/focus/${encodeURIComponent(id)}`;

/** What POST /api/reports/week/focus takes (the schema in $lib/weekly/focus.ts). */
export type NewFocusPlace = FocusPlaceInput;

export const weekMeetingApi = {
	addFocus: (body: NewFocusPlace) => request('/api/reports/week/focus', json('POST', body), (b) => b.focusPlace as FocusPlace),
	updateFocus: (id: string, change: { baseVersion: number; text?: string; ownerOrganisationId?: string; name?: string }) =>
		request(focusUrl(id), json('PATCH', change), (b) => b.focusPlace as FocusPlace),
	removeFocus: (id: string, baseVersion: number) => request(focusUrl(id), json('DELETE', { baseVersion }), () => null),
	/** A new measure of the app, placed at the focus place. */
	addMeasure: (id: string, measure: { title: string; description: string; ownerOrganisationId: string; dueDate: string; status: string }) =>
		request(`${focusUrl(id)}/measures`, json('POST', { measure }), (b) => b.measureId as string),
	followUp: (id: string, baseVersion: number, outcome: FollowUp, note?: string) =>
		request(`${focusUrl(id)}/follow-up`, json('POST', { baseVersion, outcome, note }), (b) => b as { focusPlace: FocusPlace; carried: FocusPlace | null })
};
