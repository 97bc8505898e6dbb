/**
 * Access checks for the live updates (see access-checks.ts for the vocabulary). The stream itself
 * never ends, so the matrix asks with a Last-Event-ID the server refuses after the access check
 * (400 = let in); live.e2e.ts reads real streams, and checks that an access token gets 403.
 */
import type { Check } from './access-checks';

export const LIVE_CHECKS: Check[] = [{ route: '/api/events', method: 'GET', path: '/api/events?after=inte-ett-nummer', expect: () => 400 }];
