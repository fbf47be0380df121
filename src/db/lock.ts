import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';

/** Another live process holds the embedded database. */
export class DatabaseInUse extends Error {
  constructor(readonly dir: string, readonly pid: number, readonly lockFile: string) {
    super(`the embedded database in ${dir} is in use by process ${pid} (the service, npm run db:socket or another command). `
      + `PGlite allows one process at a time: stop that process first, or set DATA_DIR to another directory. `
      + `If process ${pid} is not ours any more, delete ${lockFile}.`);
    this.name = 'DatabaseInUse';
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * PGlite has no lock of its own, and two processes writing one data directory
 * corrupt it. A pid file guards it: a lock whose process is gone (a crash) or is
 * this very process (a restarted container reusing the pid) is stale and taken over.
 * Returns the release function.
 */
export function lockDataDir(dir: string, lockFile: string): () => void {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
      return () => {
        try {
          if (readFileSync(lockFile, 'utf8') === String(process.pid)) unlinkSync(lockFile);
        } catch { /* already gone */ }
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    let holder = 0;
    try { holder = Number(readFileSync(lockFile, 'utf8')); } catch { continue; }
    if (holder > 0 && holder !== process.pid && alive(holder)) throw new DatabaseInUse(dir, holder, lockFile);
    try { unlinkSync(lockFile); } catch { /* another process took it over first */ }
  }
  throw new Error(`could not take the lock ${lockFile}`);
}
