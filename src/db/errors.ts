/** Reading database errors, whichever driver raised them. */

type ErrorLike = { code?: unknown; message?: unknown; cause?: unknown };

/**
 * An error and its causes, outermost first: drizzle wraps the driver's error (pg or PGlite) in
 * `cause`. The one walk of that chain; bounded, so a cause that points back cannot loop it.
 */
export function* errorChain(err: unknown): Generator<ErrorLike> {
  let e = err;
  for (let depth = 0; e && typeof e === 'object' && depth < 8; depth++) {
    yield e as ErrorLike;
    const cause = (e as ErrorLike).cause;
    if (cause === e) return;
    e = cause;
  }
}

/** SQLSTATE of a database error: the first code in its chain. */
export function sqlStateOf(err: unknown): string | undefined {
  for (const e of errorChain(err)) if (typeof e.code === 'string') return e.code;
  return undefined;
}

// The server or the link is gone, not the statement: class 08 (connection exception), 57P01-03
// (shut down, crashed, cannot connect now), socket errors, and what the drivers say in words.
const LOST_NET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EHOSTUNREACH']);
const LOST_MESSAGE =
  /Connection terminated|timeout exceeded when trying to connect|Query read timeout|Client has encountered a connection error|connection is closed|PGlite is closed|the database system is (starting up|shutting down)/i;

/** The database connection is lost (the server, the link or the pool's wait for one), whichever backend. */
export function isConnectionLost(err: unknown): boolean {
  for (const e of errorChain(err)) {
    const code = typeof e.code === 'string' ? e.code : '';
    if (/^(08|57P0[1-3])/.test(code) || LOST_NET_CODES.has(code)) return true;
    if (typeof e.message === 'string' && LOST_MESSAGE.test(e.message)) return true;
  }
  return false;
}
