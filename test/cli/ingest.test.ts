import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type Change, openChangeFeed } from '../../src/db/notify.ts';
import { backendNames, openTestDatabase, workerFixture } from '../support/backends.ts';
import { runCli } from '../support/cli.ts';

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
      const { code, output } = await runCli('ingest', ['--file', file], { DATABASE_URL: opened.url!, LOG_LEVEL: 'silent' });
      assert.equal(code, 0, output);
      assert.match(output, /ingested 2 rows/);
      for (let i = 0; i < 50 && heard.length === 0; i++) await new Promise((r) => setTimeout(r, 100));
      assert.deepEqual(heard, [{ kind: 'workers', places: 'all' }]);
    } finally {
      await feed.close();
    }
  });
});
