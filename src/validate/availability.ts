import { issue, type Issue } from './verdict.ts';
/** A shift as two instants, end after start. */
export type ShiftRange = { start: Date; end: Date };

/**
 * Hours of the day each shift tag covers, as the search lexicon reads them: days "7a-3p", "9 to 5", "7a-7p", "6a-6p";
 * swing "3p-11p", "2 10", evenings; nights "11p-7a", "7p-7a", "6p-6a". End past 24 runs into the next morning.
 */
const WINDOWS = { days: [6, 19], swing: [14, 24], nights: [18, 32] } as const;
type TimeTag = keyof typeof WINDOWS;
const TIME_TAGS = Object.keys(WINDOWS) as TimeTag[];
// A shift may start or end up to an hour outside a window (a 5:30 start for days, a 00:30 end for swing).
const SLACK_MINUTES = 60;
const STEP_MINUTES = 15;
const OFFSET = /(Z|[+-]\d{2}:?\d{2})$/i;

/** Quarter hours of the day (0-95) the tags cover. */
function coveredQuarters(tags: TimeTag[]): boolean[] {
  const covered = new Array<boolean>(96).fill(false);
  for (const tag of tags) {
    const [from, to] = WINDOWS[tag];
    for (let q = from * 4; q < to * 4; q++) covered[q % 96] = true;
  }
  return covered;
}

/** Minutes east of UTC written in the shift start ("-05:00" -> -300; "Z" -> 0). */
function offsetMinutes(text: string): number {
  const written = OFFSET.exec(text.trim())?.[1] ?? 'Z';
  if (written.toUpperCase() === 'Z') return 0;
  const digits = written.replace(':', '');
  const minutes = Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5));
  return digits[0] === '-' ? -minutes : minutes;
}

const clock = (minuteOfDay: number) =>
  `${String(Math.floor(minuteOfDay / 60) % 24).padStart(2, '0')}:${String(minuteOfDay % 60).padStart(2, '0')}`;
const describeTags = (tags: TimeTag[]) => tags.map((t) => `${t} ${clock(WINDOWS[t][0] * 60)}-${clock(WINDOWS[t][1] * 60)}`).join(', ');

/**
 * Warning when the shift falls outside the hours the worker says they work. The shift is read on the wall clock of
 * the offset it is written in. No availability on file, or on_call (covers call-outs at any hour), is never a
 * mismatch; weekends alone is one on a weekday; days/swing/nights are one when more than an hour of the shift lies
 * outside all of their windows.
 */
export function availabilityIssue(
  worker: { id: string; availability?: string[] },
  shift: ShiftRange,
  startText: string,
  field: string,
): Issue | null {
  const availability = worker.availability ?? [];
  if (availability.length === 0 || availability.includes('on_call')) return null;
  const offset = offsetMinutes(startText);
  const localStart = new Date(shift.start.getTime() + offset * 60_000);
  const startMinute = localStart.getUTCHours() * 60 + localStart.getUTCMinutes();
  const length = Math.round((shift.end.getTime() - shift.start.getTime()) / 60_000);
  const zone = offset === 0 ? 'UTC' : `UTC${offset < 0 ? '-' : '+'}${clock(Math.abs(offset))}`;
  const span = `${clock(startMinute)}-${clock((startMinute + length) % 1440)} (${zone})`;
  const tags = TIME_TAGS.filter((t) => availability.includes(t));
  if (tags.length === 0) {
    const day = localStart.getUTCDay();
    if (!availability.includes('weekends') || day === 0 || day === 6) return null;
    const weekday = localStart.toLocaleDateString('en-US', { weekday: 'long', timeZone: 'UTC' });
    return issue(
      'availability_mismatch',
      `Worker ${worker.id} is available weekends only; this shift starts on a ${weekday}, ${span}.`,
      field,
    );
  }
  const covered = coveredQuarters(tags);
  let outside = 0;
  for (let m = 0; m < length; m += STEP_MINUTES) {
    if (!covered[Math.floor(((startMinute + m) % 1440) / STEP_MINUTES)]) outside += Math.min(STEP_MINUTES, length - m);
  }
  if (outside <= SLACK_MINUTES) return null;
  const hours = Math.round((outside / 60) * 10) / 10;
  return issue(
    'availability_mismatch',
    `Worker ${worker.id} is available for ${describeTags(tags)}; this shift runs ${span}, ${hours} h of it outside those hours.`,
    field,
  );
}
