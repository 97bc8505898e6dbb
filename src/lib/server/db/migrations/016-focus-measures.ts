/**
 * Migration 16: which of a focus place's measures were made for it (`made_here`), as against an
 * existing measure linked to it. A measure made at a focus place is seen as the focus place is
 * (measure-store.ts): the weekly meeting's organisations, the focus place's owner, and the
 * measure's own owner and maker. Links made before this migration count as linked (0): none
 * shipped before it.
 */
export const FOCUS_MEASURES_MIGRATION = `
	ALTER TABLE focus_place_measures ADD COLUMN made_here INTEGER NOT NULL DEFAULT 0 CHECK (made_here IN (0, 1));
	CREATE INDEX focus_place_measures_by_measure ON focus_place_measures (measure_id);
`;
