import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SQL, sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { composed } from '../../src/db/compose.ts';
import { customPlan } from '../../src/db/prepared.ts';
import { workers } from '../../src/db/schema.ts';
import { WEIGHTS } from '../../src/matrix/ranking.ts';
import { normalizeSearch, SearchRequest } from '../../src/matrix/request.ts';
import * as repo from '../../src/matrix/searchRepository.ts';

const dialect = new PgDialect();
/** What a statement sends: its text and parameters. */
const sent = (q: SQL) => {
  const { sql: text, params } = dialect.sqlToQuery(q);
  return { text, params };
};

/** Every statement a repository function sends (through rowsOf, so composed), caught instead of run. */
async function statementsOf(run: (db: never) => Promise<unknown>): Promise<SQL[]> {
  const caught: SQL[] = [];
  await run({ execute: async (q: SQL) => (caught.push(q), { rows: [{ n: 0 }] }) } as never);
  return caught;
}

const scoring = (over: Partial<repo.Scoring> = {}): repo.Scoring => ({
  vector: Buffer.from([0, 2, 0, 0, 0x3f, 0x80, 0, 0, 0, 0, 0, 0]),
  certifications: [],
  skills: [],
  shifts: [],
  lexical: [],
  weights: { ...WEIGHTS },
  halfMiles: 25,
  sameStatePlace: 0.2,
  ...over,
});

test('the search statements compose to the text and parameters drizzle builds', async () => {
  const dallas = { state: 'TX', spellings: ['dallas'] };
  const full = scoring({
    roles: ['forklift operator', 'forklift driver'],
    city: dallas,
    center: { lat: 32.78, lon: -96.8 },
    state: 'TX',
    certifications: [['OSHA 10', 'OSHA-10']],
    skills: [['pallet jack']],
    shifts: ['nights', 'weekends'],
    lexical: ['reliable', 'say "hi" \\ there'],
  });
  const filters = normalizeSearch(
    SearchRequest.parse({
      query: 'x',
      filters: {
        state: 'TX',
        city: 'Dallas',
        role: 'welder',
        skills: ['MIG'],
        certifications: ['OSHA 10'],
        min_rating: 3.5,
        availability: ['nights'],
      },
    }),
  ).filters;
  const scope: repo.Scope = {
    roles: ['welder'],
    placeSets: [[dallas]],
    state: 'TX',
    certifications: [['A']],
    skills: [['B']],
    shifts: ['days'],
  };
  const conds = [
    undefined,
    repo.filterConditions(normalizeSearch(SearchRequest.parse({ query: 'x' })).filters, [], undefined),
    repo.filterConditions(filters, ['w-1', 'w-2'], scope, [dallas, { state: 'OK', spellings: ['tulsa'] }]),
  ];
  const statements: SQL[] = [];
  for (const cond of conds) {
    for (const s of [scoring(), full]) {
      statements.push(
        ...(await statementsOf((db) => repo.rankedIfFew(db, s, cond, 10, 10, 3000))),
        ...(await statementsOf((db) => repo.scoredByIds(db, s, ['w-1', 'w-3'], cond))),
        ...(await statementsOf((db) => repo.scoredMatching(db, s, cond, 10))),
      );
    }
    statements.push(
      ...(await statementsOf((db) => repo.nearestIds(db, full.vector, cond, 30))),
      ...(await statementsOf((db) => repo.lexicalIds(db, ['event', 'member'], cond, 50))),
      ...(await statementsOf((db) => repo.countMatching(db, cond, 3001))),
    );
  }
  assert.equal(statements.length, 27);
  for (const statement of statements) {
    assert.notEqual(Object.getPrototypeOf(statement), SQL.prototype, 'composed here, not left to drizzle');
    // The same chunks as a plain SQL: what drizzle would have sent.
    const drizzles = new SQL(statement.queryChunks);
    assert.deepEqual(sent(statement), sent(drizzles), sent(drizzles).text.slice(0, 80));
    assert.equal(composed(statement), statement);
  }
});

test('plain values of every kind become parameters; empty fragments and undefined chunks add nothing', () => {
  const q = sql`SELECT ${'a'}, ${1.5}, ${true}, ${null}, ${Buffer.from('x')}${sql``}${undefined} ${customPlan(sql`${2}`)}`;
  const ours = sent(composed(q));
  assert.deepEqual(ours, sent(q));
  assert.equal(ours.text, 'SELECT $1, $2, $3, $4, $5 /* custom plan */ $6');
});

test('a statement with anything but text, fragments and plain values is left to drizzle', () => {
  for (const q of [
    sql`SELECT ${workers.id} FROM ${workers}`,
    sql`SELECT ${[1, 2]}`,
    sql`SELECT ${new Date(0)}`,
    sql`SELECT ${'inline'}`.inlineParams(),
    sql`SELECT 1 WHERE ${sql`${'nested'}`.inlineParams()}`,
  ]) {
    assert.equal(composed(q), q);
  }
});
