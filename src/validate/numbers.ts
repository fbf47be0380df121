/** One run of digits and the text joining it to the previous run of its written number ('' for the first). */
export type Group = { start: number; end: number; digits: string; gap: string };

/** Digit runs written as one number, e.g. "(555) 123-4567" is three groups; `plus` when it starts with "+". */
export type NumberCluster = { groups: Group[]; plus: boolean; phone: boolean[] };

// What keeps digits in one written number: a single "-", "." or space, and the brackets of "(555) 123-4567" or "1 (800)".
const JOINER = /^(?:[-. ]|\)[-. ]?|[-. ]?\()$/;
const JOINER_MAX = 2;
const TRUNK_GAP = /^(?:[-. ]|[ ]?\()$/;
const AREA_GAP = /^(?:[-. ]|\)[ ]?)$/;
const LINE_GAP = /^[-. ]$/;
// E.164 caps a number at 15 digits; anything written after "+" up to that is a dial string.
const E164_MAX = 15;
const E164_MIN = 8;

/**
 * Hand-written rather than libphonenumber-js's findPhoneNumbersInText, measured (bench/validator-scaling.ts): on a
 * 140-character draft 0.01-0.02 ms against 0.5-0.9 ms, on 40 KB of "1 2 3 ..." 4-19 ms against 1.1-5.1 s (200 KB:
 * 0.1 s against 6-28 s); it also reports only phones, while the PII rules need every digit run and its joiners.
 *
 * The clusters of the text in order, each yielded once complete (with its phone mask), so a caller holds one cluster
 * at a time: a 200 KB body of 40k short numbers kept as one array spent most of its time in the garbage collector
 * (42x the time of 40 KB instead of 5x).
 */
export function* numberClusters(text: string): Generator<NumberCluster> {
  let current: NumberCluster | null = null;
  for (const m of text.matchAll(/\d+/g)) {
    const start = m.index ?? 0;
    const previous: Group | undefined = current?.groups[current.groups.length - 1];
    const gap = previous && start - previous.end <= JOINER_MAX ? text.slice(previous.end, start) : '';
    const group: Group = { start, end: start + m[0].length, digits: m[0], gap };
    if (current && JOINER.test(gap)) {
      current.groups.push(group);
    } else {
      if (current) yield withPhoneMask(current);
      group.gap = '';
      current = { groups: [group], plus: text[start - 1] === '+', phone: [] };
    }
  }
  if (current) yield withPhoneMask(current);
}

function withPhoneMask(cluster: NumberCluster): NumberCluster {
  cluster.phone = phoneMask(cluster);
  return cluster;
}

/** Which groups of the cluster belong to a phone number (any common US shape, or a "+" dial string). */
function phoneMask(cluster: NumberCluster): boolean[] {
  const groups = cluster.groups;
  const mask: boolean[] = new Array(groups.length).fill(false);
  let i = 0;
  if (cluster.plus) {
    const count = usPhoneLength(groups, 0) || dialStringLength(groups);
    mask.fill(true, 0, count);
    i = count;
  }
  while (i < groups.length) {
    const count = usPhoneLength(groups, i);
    mask.fill(true, i, i + count);
    i += count || 1;
  }
  return mask;
}

/** Groups taken by a US phone starting at group i: 5551234567, 15551234567, 555-123-4567, (555) 123-4567, 1-800-555-0199, 1 5551234567. */
function usPhoneLength(groups: Group[], i: number): number {
  const first = groups[i].digits;
  if (first.length === 10 || (first.length === 11 && first[0] === '1')) return 1;
  const trunk = first === '1' && i + 1 < groups.length && TRUNK_GAP.test(groups[i + 1].gap) ? 1 : 0;
  const area = i + trunk;
  if (trunk && sizeAt(groups, area) === 10) return 2;
  const threeThreeFour = sizeAt(groups, area) === 3 && sizeAt(groups, area + 1) === 3 && sizeAt(groups, area + 2) === 4;
  if (threeThreeFour && AREA_GAP.test(groups[area + 1].gap) && LINE_GAP.test(groups[area + 2].gap)) return trunk + 3;
  return 0;
}

function sizeAt(groups: Group[], k: number): number {
  return k < groups.length ? groups[k].digits.length : 0;
}

function dialStringLength(groups: Group[]): number {
  let digits = 0;
  let count = 0;
  while (count < groups.length && digits + groups[count].digits.length <= E164_MAX) {
    digits += groups[count].digits.length;
    count++;
  }
  return digits >= E164_MIN ? count : 0;
}

export function digitsOf(groups: Group[], from: number, to: number): string {
  let digits = '';
  for (let k = from; k <= to; k++) digits += groups[k].digits;
  return digits;
}
