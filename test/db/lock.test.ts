import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { DatabaseInUse, lockDataDir } from '../../src/db/lock.ts';

const dir = mkdtempSync(join(tmpdir(), 'sm-lock-'));
const lockFile = join(dir, 'pglite.lock');
after(() => rmSync(dir, { recursive: true, force: true }));

test('the lock holds this pid and release removes it', () => {
  const release = lockDataDir(dir, lockFile);
  assert.equal(readFileSync(lockFile, 'utf8'), String(process.pid));
  release();
  assert.equal(existsSync(lockFile), false);
});

test('a live other process holding the lock is refused by name', () => {
  writeFileSync(lockFile, String(process.ppid));
  assert.throws(() => lockDataDir(dir, lockFile), (err) => err instanceof DatabaseInUse && err.pid === process.ppid && err.message.includes(lockFile));
  assert.equal(readFileSync(lockFile, 'utf8'), String(process.ppid), 'the holder keeps its lock');
  rmSync(lockFile);
});

test('a lock left by a dead process, or by an earlier life of this pid, is taken over', () => {
  for (const stale of ['2147483646', String(process.pid), 'garbage']) {
    writeFileSync(lockFile, stale);
    const release = lockDataDir(dir, lockFile);
    assert.equal(readFileSync(lockFile, 'utf8'), String(process.pid));
    release();
  }
});
