import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/lib/server/db/database';
import { sqliteDatabase } from '../../src/lib/server/db/app-database';
import { createServices } from '../../src/lib/server/services';

/**
 * A change and its audit row are one transaction (issue 14): a process killed with SIGKILL between
 * the change and its commit leaves both or neither, never a change nobody is recorded as making.
 * The writer is a child process driving the real endpoint handler (test/fixtures/audited-write.ts).
 */
const root = resolve(import.meta.dirname, '../..');
let dir: string;

beforeEach(async () => {
	dir = mkdtempSync(join(tmpdir(), 'lageskarta-audit-kill-'));
	// Seeded here (Vite bundles the seed layers); the child opens the store as the server does.
	(await createServices(sqliteDatabase(openDatabase(dir)))).db!.close();
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the writer until `until(line)` is true for a line it printed, then kills it; returns every line. */
function runThenKill(env: Record<string, string>, until: (line: string, lines: string[]) => boolean): Promise<string[]> {
	return new Promise((done, fail) => {
		const child = spawn(process.execPath, ['--import', 'tsx', 'test/fixtures/audited-write.ts'], { cwd: root, env: { ...process.env, LAGESKARTA_DATA_DIR: dir, ...env } });
		const lines: string[] = [];
		let buffer = '';
		let stderr = '';
		child.stderr.on('data', (chunk) => (stderr += chunk));
		child.stdout.on('data', (chunk: Buffer) => {
			buffer += chunk.toString();
			const complete = buffer.split('\n');
			buffer = complete.pop()!;
			for (const line of complete) {
				lines.push(line);
				if (!child.killed && until(line, lines)) child.kill('SIGKILL');
			}
		});
		child.on('exit', (code, signal) => (signal === 'SIGKILL' ? done(lines) : fail(new Error(`the writer stopped by itself (code ${code}): ${stderr}`))));
	});
}

function stored() {
	const db = openDatabase(dir);
	try {
		const features = (db.prepare("SELECT id FROM features WHERE layer_id = 'otrygga-platser' AND updated_by = 'Kill Test (kill-test)'").all() as { id: string }[]).map((r) => r.id);
		const audited = (db.prepare("SELECT target FROM audit_log WHERE username = 'kill-test' AND action = 'feature-create'").all() as { target: string }[]).map((r) =>
			r.target.replace('otrygga-platser/', '')
		);
		return { features: features.sort(), audited: audited.sort(), integrity: db.pragma('integrity_check', { simple: true }) };
	} finally {
		db.close();
	}
}

describe('audit in the same transaction as the change', () => {
	it('a writer killed inside the transaction, after the change and its audit row, leaves neither', { timeout: 60_000 }, async () => {
		const lines = await runThenKill({ PAUSE_BEFORE_COMMIT: '1' }, (line) => line.startsWith('paused'));
		// Inside the transaction both were written…
		expect(lines).toContain('paused features=1 audit=1');
		// …and without the commit neither is stored.
		expect(stored()).toEqual({ features: [], audited: [], integrity: 'ok' });
	});

	it('a writer killed at any moment in a stream of writes leaves every change with its audit row, and each one acknowledged', { timeout: 60_000 }, async () => {
		const lines = await runThenKill({}, (_line, all) => all.length >= 150);
		const acked = lines.filter((l) => l.startsWith('ack ')).map((l) => l.slice(4));
		const { features, audited, integrity } = stored();
		expect(integrity).toBe('ok');
		expect(features).toEqual(audited);
		expect(acked.filter((id) => !features.includes(id))).toEqual([]);
	});
});
