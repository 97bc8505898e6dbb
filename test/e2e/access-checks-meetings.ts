/** Access checks for the meetings routes (see access-checks.ts for the vocabulary). */
import type { Check } from './access-checks';

export const MEETING_CHECKS: Check[] = [];
