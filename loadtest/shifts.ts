import { randomInt } from 'node:crypto';

export interface Shift {
  start: string;
  end: string;
}

export interface ShiftClock {
  /** A shift no earlier call of this clock overlaps. */
  next(): Shift;
}

const HOUR_MS = 3_600_000;
export const SHIFT_HOURS = 8;
// A gap between shifts, so even a service that books closed ranges sees no touching ends.
const SLOT_HOURS = 12;
const FIRST_BASE = Date.UTC(2100, 0, 1, 6);
const LAST_BASE = Date.UTC(7000, 0, 1, 6);

/** Consecutive 8-hour shifts from `baseMs`, one 12-hour slot each. */
export function shiftClock(baseMs: number): ShiftClock {
  let slot = 0;
  return {
    next() {
      const start = baseMs + slot++ * SLOT_HOURS * HOUR_MS;
      return { start: new Date(start).toISOString(), end: new Date(start + SHIFT_HOURS * HOUR_MS).toISOString() };
    },
  };
}

/**
 * Where this invocation's shifts begin: a random slot between the years 2100 and
 * 7000, not derived from --seed, so two runs against one database do not book
 * the same workers into the same windows (a seeded base would make every
 * repeat run a wall of 409s). Thousands of years remain above it for the
 * 4-digit years the validators accept.
 */
export function randomShiftBase(): number {
  const slots = Math.floor((LAST_BASE - FIRST_BASE) / (SLOT_HOURS * HOUR_MS));
  return FIRST_BASE + randomInt(0, slots) * SLOT_HOURS * HOUR_MS;
}
