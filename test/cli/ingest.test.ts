import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type Change, openChangeFeed } from '../../src/db/notify.ts';
import { backendNames, openTestDatabase, workerFixture } from '../support/backends.ts';

/** Runs `npm run ingest`'s script against DATABASE_URL; resolves with its exit code and output. */
function ingestCommand(databaseUrl: string, file: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/ingest.ts', '--file', file], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => {
      output += d;
    });
    child.stderr.on('data', (d) => {
      output += d;
    });
    child.on('exit', (code) => resolve({ code, output }));
    setTimeout(() => child.kill('SIGKILL'), 120_000).unref();
  });
}

describe('npm run ingest [postgres]', { skip: !backendNames().includes('postgres') && 'needs TEST_DATABASE_URL' }, () => {
  let opened: Awaited<ReturnType<typeof openTestDatabase>>;
  const dir = mkdtempSync(join(tmpdir(), 'sm-ingest-cli-'));
  before(async () => {
    opened = await openTestDatabase('postgres');
  });
  after(async () => {
    await opened?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('a bulk load announces its commit, so running services drop their cached search answers', async () => {
    // A running service: it listens on the change channel (src/http/context.ts does the same).
    const feed = await openChangeFeed(opened.database);
    const heard: Change[] = [];
    feed.subscribe((change) => heard.push(change));
    const file = join(dir, 'workers.jsonl');
    writeFileSync(
      file,
      `${[workerFixture('cli-1'), workerFixture('cli-2', { city: 'Austin' })].map((w) => JSON.stringify(w)).join('\n')}\n`,
    );
    try {
      const { code, output } = await ingestCommand(opened.url!, file);
      assert.equal(code, 0, output);
      assert.match(output, /ingested 2 rows/);
      for (let i = 0; i < 50 && heard.length === 0; i++) await new Promise((r) => setTimeout(r, 100));
      assert.deepEqual(heard, [{ kind: 'workers', places: 'all' }]);
    } finally {
      await feed.close();
    }
  });
});
