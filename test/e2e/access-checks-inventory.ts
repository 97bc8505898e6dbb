/** Access checks for the inventory routes (see access-checks.ts for the vocabulary). */
import type { Check } from './access-checks';

export const INVENTORY_CHECKS: Check[] = [];
