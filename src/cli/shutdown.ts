import type { FastifyInstance } from 'fastify';

// After the deadline has cut the remaining connections, closing the database gets this long before the process exits anyway.
const AFTER_DEADLINE_GRACE_MS = 2_000;

/**
 * Graceful stop on SIGTERM/SIGINT with a deadline: the server stops accepting,
 * in-flight requests finish and the database closes, then exit 0. A request
 * still open after `deadlineMs` (a client dribbling its body, a stuck handler)
 * does not hold the process: its connection is cut and the process exits 1,
 * before an orchestrator's kill (docker compose waits 30 s).
 */
export function drainOnSignals(app: FastifyInstance, closeDatabase: () => Promise<void>, deadlineMs: number): void {
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal, deadline_ms: deadlineMs }, 'shutting down: finishing in-flight requests');
    let cut = false;
    const deadline = setTimeout(() => {
      cut = true;
      app.log.error({ deadline_ms: deadlineMs }, 'shutdown deadline passed: closing the connections still open');
      app.server.closeAllConnections();
      setTimeout(() => process.exit(1), AFTER_DEADLINE_GRACE_MS);
    }, deadlineMs);
    try {
      await app.close();
      clearTimeout(deadline);
      await closeDatabase();
    } catch (err) {
      app.log.error({ err }, 'shutdown failed');
      process.exit(1);
    }
    process.exit(cut ? 1 : 0);
  };
  // `on`, not `once`: Ctrl-C arrives twice (terminal and npm/tsx relay); a second signal with no
  // listener would kill the process mid-drain, before the embedded database has closed.
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}
