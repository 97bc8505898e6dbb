import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/lib/server/db/database';
import { sqliteDatabase } from '../../src/lib/server/db/app-database';
import { FeatureStore } from '../../src/lib/server/db/feature-store';

const root = resolve(import.meta.dirname, '../..');

/** Runs the write loop until it has acknowledged `count` writes, then kills it with SIGKILL. */
function writeThenKill(dir: string, count: number): Promise<string[]> {
	return new Promise((done, fail) => {
		const child = spawn(process.execPath, ['--import', 'tsx', 'test/fixtures/write-loop.ts', dir], { cwd: root });
		const acked: string[] = [];
		let buffer = '';
		let stderr = '';
		child.stderr.on('data', (chunk) => (stderr += chunk));
		child.stdout.on('data', (chunk: Buffer) => {
			buffer += chunk.toString();
			const lines = buffer.split('\n');
			buffer = lines.pop()!;
			for (const line of lines) if (line.startsWith('ack ')) acked.push(line.slice(4));
			if (acked.length >= count && !child.killed) child.kill('SIGKILL');
		});
		child.on('exit', (code, signal) => {
			if (signal === 'SIGKILL') done(acked);
			else fail(new Error(`the writer stopped by itself (code ${code}): ${stderr}`));
		});
	});
}

describe('durability', () => {
	it('keeps every acknowledged write after the writer is killed with SIGKILL', { timeout: 60_000 }, async () => {
		const dir = mkdtempSync(join(tmpdir(), 'lageskarta-kill-'));
		try {
			const first = await writeThenKill(dir, 300);
			const second = await writeThenKill(dir, 300);
			const db = openDatabase(dir);
			const store = new FeatureStore(sqliteDatabase(db));
			await store.fresh();
			const stored = new Set(store.features('durability').map((f) => f.properties.id as string));
			const missing = [...first, ...second].filter((id) => !stored.has(id));
			expect(missing).toEqual([]);
			expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
			// History and features agree: nothing half-written.
			expect((await store.history('durability')).filter((h) => h.action === 'create')).toHaveLength(stored.size);
			db.close();
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});
});
