/**
 * Prints one closing line for CI, `N passed, N failed`, from the JSON reports that `npm test`
 * leaves: Vitest's (test-results/vitest.json) and Playwright’s (test-results/e2e.json).
 */
import { existsSync, readFileSync } from 'node:fs';

let passed = 0;
let failed = 0;
let skipped = 0;

if (existsSync('test-results/vitest.json')) {
	const unit = JSON.parse(readFileSync('test-results/vitest.json', 'utf8'));
	passed += unit.numPassedTests;
	failed += unit.numFailedTests;
	skipped += unit.numPendingTests + unit.numTodoTests;
}
if (existsSync('test-results/e2e.json')) {
	const e2e = JSON.parse(readFileSync('test-results/e2e.json', 'utf8'));
	passed += e2e.stats.expected + e2e.stats.flaky;
	failed += e2e.stats.unexpected;
	skipped += e2e.stats.skipped;
}
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
