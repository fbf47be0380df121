import fc from 'fast-check';
import { workerFixture } from '../support/backends.ts';

/** The worker every valid sample refers to; the battery seeds it first. */
export const KNOWN_ID = 'h-1';
const UUID = '00000000-0000-4000-8000-000000000000';
const SHIFT = { shift_start: '2031-03-01T08:00:00Z', shift_end: '2031-03-01T16:00:00Z' };
const ORDER = { city: 'Dallas', state: 'TX', role: 'Forklift Operator', headcount: 1, ...SHIFT, certifications: ['OSHA 10'] };

export interface Sample {
  id?: string;
  query?: Record<string, string>;
  body?: unknown;
}

/**
 * A valid request per route (SPEC shapes), the base the mutations start from.
 * A route missing here is still attacked, from an empty base.
 */
export const SAMPLES: Record<string, Sample> = {
  'POST /v1/workers/batch': { body: { workers: [workerFixture(KNOWN_ID)] } },
  'PUT /v1/workers/{id}': { id: 'h-2', body: (({ id: _id, ...rest }) => rest)(workerFixture('h-2')) },
  'GET /v1/workers/{id}': { id: KNOWN_ID },
  'DELETE /v1/workers/{id}': { id: 'h-never-existed' },
  'GET /v1/workers': { query: { state: 'TX', city: 'Dallas', role: 'Forklift Operator', limit: '5' } },
  'POST /v1/matrix/search': {
    body: {
      query: 'forklift operator dallas',
      k: 5,
      filters: { state: 'TX', skills: ['forklift'], min_rating: 1, status: 'any' },
      exclude_ids: ['h-9'],
      use_playbook: true,
    },
  },
  'POST /v1/matrix/playbooks/record': {
    body: { query: 'forklift operator dallas', filters: { state: 'TX' }, worker_ids: [KNOWN_ID], outcome: 'filled' },
  },
  'GET /v1/matrix/playbooks': { query: { limit: '5' } },
  'DELETE /v1/matrix/playbooks/{id}': { id: UUID },
  'POST /v1/validate/email': {
    body: {
      worker_id: KNOWN_ID,
      to: `${KNOWN_ID}@example.com`,
      subject: 'Shift tomorrow',
      body: 'Hi Maria, can you take the night shift?',
    },
  },
  'POST /v1/validate/sms': {
    body: { worker_id: KNOWN_ID, to: '+12145550100', body: 'Shift tomorrow 8am. Call 555-123-4567. Reply STOP to opt out' },
  },
  'POST /v1/validate/fill': { body: { order: ORDER, worker_ids: [KNOWN_ID] } },
  'POST /v1/fills': { body: { order: { ...ORDER, ref: 'PO-1' }, worker_ids: [KNOWN_ID], playbook: { query: 'forklift dallas' } } },
  'GET /v1/fills/{id}': { id: UUID },
  'DELETE /v1/fills/{id}': { id: UUID },
};

/** `{"a":{"a":...}}` n levels deep. */
export const nested = (n: number, leaf: unknown = 1): unknown => (n === 0 ? leaf : { a: nested(n - 1, leaf) });
const nestedArray = (n: number): unknown => (n === 0 ? [] : [nestedArray(n - 1)]);

export const MEGABYTE = 'x'.repeat(1024 * 1024);

export const NASTY_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\u0007\u001b[31mred',
  '\r\n\r\n',
  '\t\v\f',
  '\u202eevil',
  '\ufeffbom',
  '\u2028\u2029',
  '\ud800',
  '\udfff',
  'a\ud83db',
  '😀'.repeat(40),
  '𝕏𝔂𝔃',
  'ﷺ'.repeat(100),
  'Z\u0351\u0360\u035c'.repeat(50),
  "'; DROP TABLE workers;--",
  '1 OR 1=1',
  "' OR '1'='1' --",
  '"; SELECT pg_sleep(30);--',
  "1'); DELETE FROM playbooks;--",
  '$1',
  '$$ $$',
  '\\x00',
  '%s%s%n',
  '{{constructor.constructor("return process")()}}',
  '${process.exit(1)}',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  '../../etc/passwd',
  '..%2f..%2fetc%2fpasswd',
  '%00',
  '%2e%2e%2f',
  'C:\\Windows\\win.ini',
  '<script>alert(1)</script>',
  'NaN',
  'Infinity',
  '-0',
  '1e309',
  '0x10',
  'null',
  'true',
  '[]',
  '{}',
  MEGABYTE,
];

export const NASTY_VALUES: unknown[] = [
  null,
  true,
  false,
  0,
  -0,
  -1,
  0.5,
  1e308,
  -1e308,
  Number.MAX_SAFE_INTEGER + 2,
  2 ** 31,
  -(2 ** 63),
  [],
  {},
  [null],
  [{}],
  [[[[]]]],
  nested(50),
  nestedArray(50),
  Array(2000).fill('h-1'),
  { length: 1 },
  ...NASTY_STRINGS,
];

/** The values every field of every sample is set to in turn: one of each kind. */
export const FIELD_VALUES: unknown[] = [
  null,
  true,
  0,
  -0,
  -1,
  0.5,
  1e308,
  2 ** 31,
  [],
  {},
  [null],
  nested(50),
  nestedArray(50),
  Array(2000).fill('h-1'),
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\u0007\u001b[31mred',
  '\ud800',
  '😀'.repeat(40),
  "'; DROP TABLE workers;--",
  '1 OR 1=1',
  '__proto__',
  '../../etc/passwd',
  'NaN',
  '1e309',
  MEGABYTE,
];

/** Ids with path tricks, sent raw in the URL (what a proxy might pass through). */
export const RAW_PATH_IDS = [
  '../../etc/passwd',
  '..%2f..%2fetc%2fpasswd',
  '%2e%2e%2f%2e%2e%2f',
  '%2e%2e',
  '%00',
  'h-1%00',
  'h-1%00.json',
  '%ff%fe',
  '%E0%A4%A',
  '%',
  '%%',
  'h-1%2F..',
  '.',
  '..',
  '..;',
  'h-1;drop',
  "h-1'--",
  '1%20OR%201=1',
  '%27%3B%20DROP%20TABLE%20workers%3B--',
  'a'.repeat(64),
  'a'.repeat(65),
  'a'.repeat(101),
  'a'.repeat(10_000),
  '%F0%9F%98%80',
  '%ED%A0%80',
  'h-1?x=1',
  'h-1#frag',
  '\\..\\..\\',
];

/** Bodies as raw text: what JSON.stringify cannot produce. */
export const RAW_BODIES = [
  '',
  ' ',
  'null',
  'true',
  '0',
  '"string"',
  '[]',
  '[{}]',
  '{',
  '{"a":',
  '}{',
  '{"a":1}{"b":2}',
  '\u0000',
  '\ufeff{}',
  '{"__proto__": {"polluted": 1}}',
  '{"constructor": {"prototype": {"polluted": 1}}}',
  '{"a": {"__proto__": {"polluted": 1}}}',
  '{"query": "x", "query": "y"}',
  '{"k": 1e309}',
  '{"k": -1e309}',
  '{"k": -0}',
  '{"k": NaN}',
  '{"k": "NaN"}',
  '{"k": 1e-400}',
  '{"k": 123456789012345678901234567890}',
  '{"query": "\\ud800"}',
  '{"query": "\\u0000"}',
  '{"query": "a\\u0000b", "worker_ids": ["h-1"]}',
  `{"query": "x", "k": ${'['.repeat(100_000)}${']'.repeat(100_000)}}`,
  '['.repeat(100_000),
  `{"query": "${MEGABYTE}"}`,
  `{"__proto__": ${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}}`,
];

/** Keys that reach prototypes or privileges if someone merges input carelessly. */
export const KEY_TRICKS = [
  '__proto__',
  'constructor',
  'prototype',
  'hasOwnProperty',
  'toString',
  'valueOf',
  'admin',
  'role',
  'is_admin',
  '',
];

export const CONTENT_TYPES = [
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=xyz',
  'application/xml',
  'application/octet-stream',
  'application/json; charset=utf-16',
  'application/json; charset=latin1',
  'APPLICATION/JSON',
  'application/json;;;',
  'application/jsonx',
  'application/vnd.api+json',
  'application/*',
  '*/*',
  'json',
  ';',
  '',
];

const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));
const control = fc.integer({ min: 0, max: 0x1f }).map((c) => String.fromCharCode(c));
/** Strings heavy in control characters, lone surrogates and astral code points. */
export const hostileString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.string({ unit: fc.oneof(loneSurrogate, control, fc.string({ unit: 'binary', minLength: 1, maxLength: 1 })), maxLength: 30 }),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.constantFrom(...NASTY_STRINGS),
);

export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.anything({ maxDepth: 4, withNullPrototype: true, withBoxedValues: true, withSparseArray: true }),
  hostileString,
  fc.double(),
  fc.integer({ min: -(2 ** 40), max: 2 ** 40 }),
  fc.constantFrom(...NASTY_VALUES),
  fc.integer({ min: 1, max: 60 }).map((n) => nested(n)),
  fc.object({ maxDepth: 10, key: hostileString, values: [hostileString, fc.integer(), fc.constant(null)] }),
);

/** Whole bodies with no relation to the route's schema. */
export const hostileBody: fc.Arbitrary<string> = fc.oneof(
  fc.anything({ maxDepth: 6 }).map((v) => JSON.stringify(v) ?? ''),
  fc.json({ maxDepth: 8, stringUnit: 'binary' }),
  fc.object({ maxDepth: 12 }).map((v) => JSON.stringify(v)),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.constantFrom(...RAW_BODIES),
);

/** Every key path of a sample, objects and arrays alike: where a mutation may strike. */
export function keyPaths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== 'object') return [];
  const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
  return entries.flatMap(([k, v]) => [[...prefix, k], ...keyPaths(v, [...prefix, k])]);
}

export type Mutation =
  | { op: 'set'; path: (string | number)[]; value: unknown }
  | { op: 'delete'; path: (string | number)[] }
  | { op: 'unknown'; key: string; value: unknown };

/** A deep copy of `base` with one field replaced, removed, or an unknown field added. */
export function mutate(base: unknown, m: Mutation): unknown {
  const copy = structuredClone(base) as Record<string | number, unknown>;
  if (m.op === 'unknown') {
    if (copy && typeof copy === 'object' && !Array.isArray(copy))
      Object.defineProperty(copy, m.key, { value: m.value, enumerable: true, configurable: true, writable: true });
    return copy;
  }
  let target = copy as Record<string | number, unknown>;
  for (const k of m.path.slice(0, -1)) target = target[k] as Record<string | number, unknown>;
  const last = m.path[m.path.length - 1];
  if (m.op === 'delete') {
    if (Array.isArray(target)) target.splice(Number(last), 1);
    else delete target[last];
  } else {
    target[last] = m.value;
  }
  return copy;
}

export function mutation(base: unknown): fc.Arbitrary<Mutation> {
  const paths = keyPaths(base);
  const unknown = fc.record({
    op: fc.constant('unknown' as const),
    key: fc.oneof(hostileString, fc.constantFrom(...KEY_TRICKS)),
    value: hostileValue,
  });
  if (!paths.length) return unknown;
  const path = fc.constantFrom(...paths);
  return fc.oneof(
    { weight: 6, arbitrary: fc.record({ op: fc.constant('set' as const), path, value: hostileValue }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('delete' as const), path }) },
    { weight: 2, arbitrary: unknown },
  );
}
