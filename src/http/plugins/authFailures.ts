/**
 * Failed authentications per client address in fixed one-minute windows. An
 * address that reaches the limit is blocked until its window ends: every keyed
 * request from it answers 429, a valid key included, so a blocked guesser
 * learns nothing about the keys it tries. Successful requests never count.
 */
export class AuthFailureLimiter {
  private readonly windows = new Map<string, { failures: number; resetAt: number }>();
  private sweptAt = 0;

  constructor(
    private readonly perWindow: number,
    private readonly windowMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Seconds until `address` may try again, or 0 when it is not blocked. */
  blockedFor(address: string): number {
    const w = this.windows.get(address);
    const now = this.now();
    if (!w || w.resetAt <= now || w.failures < this.perWindow) return 0;
    return Math.max(1, Math.ceil((w.resetAt - now) / 1000));
  }

  fail(address: string): void {
    const now = this.now();
    this.sweep(now);
    const w = this.windows.get(address);
    if (!w || w.resetAt <= now) this.windows.set(address, { failures: 1, resetAt: now + this.windowMs });
    else w.failures++;
  }

  get size(): number {
    return this.windows.size;
  }

  /** Drops ended windows at most once a window, so addresses that stopped failing do not pile up. */
  private sweep(now: number): void {
    if (now - this.sweptAt < this.windowMs) return;
    this.sweptAt = now;
    for (const [address, w] of this.windows) if (w.resetAt <= now) this.windows.delete(address);
  }
}
