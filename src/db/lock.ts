import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';

/** Who holds a lock, as its holder wrote it into the lock file. */
export interface LockHolder {
  host: string;
  pid: number;
  since: string;
}

/** Another live process holds the embedded database. */
export class DatabaseInUse extends Error {
  constructor(
    readonly dir: string,
    readonly holder: LockHolder | undefined,
    readonly lockFile: string,
  ) {
    const who = holder ? `process ${holder.pid} on host ${holder.host} (since ${holder.since})` : 'another process';
    super(
      `the embedded database in ${dir} is in use by ${who}: the service, npm run db:socket or another command. ` +
        'PGlite allows one process at a time: stop that process first, or set DATA_DIR to another directory. ' +
        `The lock (${lockFile}) is an OS file lock: it ends with its process, so there is nothing to delete.`,
    );
    this.name = 'DatabaseInUse';
  }
}

const CONFLICT_EXIT = 75;

function readHolder(lockFile: string): LockHolder | undefined {
  try {
    const holder = JSON.parse(readFileSync(lockFile, 'utf8')) as LockHolder;
    return typeof holder.host === 'string' && Number.isInteger(holder.pid) ? holder : undefined;
  } catch {
    return undefined;
  }
}

/**
 * PGlite has no lock of its own, and two processes writing one data directory
 * corrupt it. An exclusive flock(2) on `lockFile` guards it, taken and held by
 * util-linux's flock(1) in a child whose stdin is a pipe from this process: when
 * this process ends in any way (exit, crash, SIGKILL) the pipe closes, the child
 * exits and the kernel drops the lock. Nothing is ever judged stale or unlinked,
 * so two containers that are both pid 1 on one volume, or a crashed holder, need
 * no guessing. The holder writes its host, pid and start into the file so that a
 * refused process can say who holds it. Resolves with the release function.
 */
export async function lockDataDir(dir: string, lockFile: string): Promise<() => Promise<void>> {
  // `echo` says the lock is held; `cat` then waits for this process's end of the pipe to close.
  const child: ChildProcess = spawn(
    'flock',
    ['--exclusive', '--nonblock', '--conflict-exit-code', String(CONFLICT_EXIT), lockFile, 'sh', '-c', 'echo locked; exec cat >/dev/null'],
    {
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (c: string) => {
    stderr += c;
  });
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  const locked = await new Promise<boolean>((resolve, reject) => {
    child.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        err.code === 'ENOENT'
          ? new Error(
              'the embedded database needs the flock command (util-linux) to lock its data directory; install util-linux (macOS: brew install flock), or set DATABASE_URL',
            )
          : err,
      ),
    );
    child.stdout!.setEncoding('utf8').once('data', () => resolve(true));
    void exited.then((code) => {
      if (code === CONFLICT_EXIT) resolve(false);
      else reject(new Error(`could not lock ${lockFile}: flock exited ${code}: ${stderr.trim()}`));
    });
  });
  if (!locked) throw new DatabaseInUse(dir, readHolder(lockFile), lockFile);
  const holder: LockHolder = { host: hostname(), pid: process.pid, since: new Date().toISOString() };
  writeFileSync(lockFile, `${JSON.stringify(holder)}\n`);
  // Holding the lock must never keep this process alive on its own; releasing it waits for the child's exit.
  const handles = [child, child.stdin, child.stdout, child.stderr] as Array<{ ref?: () => void; unref?: () => void } | null>;
  for (const h of handles) h?.unref?.();
  let released: Promise<void> | undefined;
  return () => {
    released ??= (async () => {
      for (const h of handles) h?.ref?.();
      child.stdin!.end();
      await exited;
    })();
    return released;
  };
}
