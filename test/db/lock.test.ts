import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, test } from 'node:test';
import { DatabaseInUse, lockDataDir } from '../../src/db/lock.ts';

const dir = mkdtempSync(join(tmpdir(), 'sm-lock-'));
const lockFile = join(dir, 'pglite.lock');
const children: ChildProcess[] = [];
after(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

/** Another process that tries to take the lock; its first line says `locked` or `refused: <message>`, then it holds until killed. */
function contender() {
  const script = `import('./src/db/lock.ts').then(async ({ lockDataDir }) => {
    try { await lockDataDir(${JSON.stringify(dir)}, ${JSON.stringify(lockFile)}); console.log('locked'); setInterval(() => {}, 1000); }
    catch (err) { console.log('refused: ' + err.message); process.exit(0); }
  });`;
  const child = spawn(process.execPath, ['--import', 'tsx', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  const firstLine = new Promise<string>((resolve) => {
    let out = '';
    child.stdout!.setEncoding('utf8').on('data', (c: string) => {
      out += c;
      if (out.includes('\n')) resolve(out.split('\n')[0]);
    });
    child.once('exit', () => resolve(out.split('\n')[0]));
  });
  return { child, firstLine };
}

test('the lock names this host and pid; a second holder, even in this process, is refused; release frees it', async () => {
  const release = await lockDataDir(dir, lockFile);
  const holder = JSON.parse(readFileSync(lockFile, 'utf8'));
  assert.equal(holder.host, hostname());
  assert.equal(holder.pid, process.pid);
  await assert.rejects(
    lockDataDir(dir, lockFile),
    (err) =>
      err instanceof DatabaseInUse &&
      err.holder?.pid === process.pid &&
      err.message.includes(`process ${process.pid} on host ${hostname()}`),
  );
  await release();
  const again = await lockDataDir(dir, lockFile);
  await again();
});

test('a file left by a dead holder (or a pid 1 from another container) is no lock: only a live flock counts', async () => {
  writeFileSync(lockFile, JSON.stringify({ host: 'other-container', pid: 1, since: '2026-01-01T00:00:00Z' }));
  const release = await lockDataDir(dir, lockFile);
  assert.equal(JSON.parse(readFileSync(lockFile, 'utf8')).pid, process.pid);
  await release();
});

test('another process holding it: refused by host and pid; once that process is killed (SIGKILL) the lock is free', async () => {
  const holder = contender();
  assert.equal(await holder.firstLine, 'locked');
  await assert.rejects(
    lockDataDir(dir, lockFile),
    (err) =>
      err instanceof DatabaseInUse &&
      err.holder?.pid === holder.child.pid &&
      err.holder?.host === hostname() &&
      /PGlite allows one process at a time/.test(err.message),
  );
  holder.child.kill('SIGKILL');
  await new Promise((r) => holder.child.once('exit', r));
  // The kernel drops the lock once the holder's flock child has seen its pipe close.
  let release: (() => Promise<void>) | undefined;
  for (let i = 0; i < 100 && !release; i++) {
    release = await lockDataDir(dir, lockFile).catch((err) => {
      if (err instanceof DatabaseInUse) return undefined;
      throw err;
    });
    if (!release) await sleep(50);
  }
  assert.ok(release, "the crashed holder's lock was released");
  await release();
});

test('eight processes racing for a free lock: exactly one gets it', async () => {
  const racers = Array.from({ length: 8 }, () => contender());
  const lines = await Promise.all(racers.map((r) => r.firstLine));
  assert.equal(lines.filter((l) => l === 'locked').length, 1, lines.join('\n'));
  assert.equal(lines.filter((l) => l.startsWith('refused: the embedded database')).length, 7, lines.join('\n'));
  for (const r of racers) r.child.kill('SIGKILL');
});
