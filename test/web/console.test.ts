import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { build } from 'vite';
import { generateWorkers } from '../../src/demo/generate.ts';
import { migrateDatabase } from '../../src/db/migrate.ts';
import { openDatabase } from '../../src/db/open.ts';
import { ensureCorpusEmbedder } from '../../src/embed/corpus.ts';
import { createHashEmbedder } from '../../src/embed/hash.ts';
import { ingestWorkers } from '../../src/workers/ingest.ts';
import { openTestDatabase } from '../support/backends.ts';
import { type ServiceProcess, startService } from '../support/service.ts';

const CHROMIUM = '/usr/bin/chromium';
const COORDINATOR = 'coord-console-key';
const OPERATOR = 'oper-console-key';
// The committed screenshots (docs/console/) are rewritten only when asked:
//   CONSOLE_SCREENSHOTS=docs/console npm test -- test/web/console.test.ts
// so an ordinary test run leaves the working tree as it found it.
const SHOTS = process.env.CONSOLE_SCREENSHOTS ?? join(tmpdir(), 'sm-console-screenshots');
const WORKERS = 500;
const require = createRequire(import.meta.url);

/** No network beyond this machine: nothing in the background may try to reach out. */
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

const skip = existsSync(CHROMIUM) ? false : `no browser at ${CHROMIUM} (apt-get install -y chromium)`;

describe('the console in a real browser', { skip }, () => {
  let service: ServiceProcess;
  let context: BrowserContext;
  let page: Page;
  const dirs: string[] = [];
  const pageErrors: string[] = [];
  const cleanups: (() => Promise<void>)[] = [];
  const asked = { role: 'Security Guard', city: 'Miami', state: 'FL' };
  const query = () => `${asked.role.toLowerCase()} nights ${asked.city}`;

  before(async () => {
    // The sources as they are now, built the way `npm run build` builds them.
    await build({ configFile: 'web/vite.config.ts' });
    const assets = join('dist', 'web', 'assets');
    const js = readdirSync(assets).filter((f) => f.endsWith('.js'));
    const gzip = js.reduce((sum, f) => sum + gzipSync(readFileSync(join(assets, f)), { level: 9 }).length, 0);
    console.log(`console first-load JavaScript: ${js.length} file(s), ${(gzip / 1024).toFixed(1)} KB gzip (budget 150 KB)`);
    assert.ok(gzip < 150 * 1024);

    const started = Date.now();
    const dataDir = mkdtempSync(join(tmpdir(), 'console-data-'));
    const profile = mkdtempSync(join(tmpdir(), 'console-chromium-'));
    dirs.push(dataDir, profile);
    // PostgreSQL when the suite has one (a fresh database, dropped after), else the embedded database in a temp folder;
    // the generator's workers are ingested first, so the service starts on a seeded corpus.
    const workers = [...generateWorkers(WORKERS, 42)];
    const held = workers.filter((w) => w.role === asked.role && w.city === asked.city && w.state === asked.state).length;
    assert.ok(held >= 3, `${held} ${asked.role} workers in ${asked.city}`);
    const pg = process.env.TEST_DATABASE_URL ? await openTestDatabase('postgres') : undefined;
    if (pg) cleanups.push(pg.close);
    const database = pg?.database ?? (await openDatabase({ dataDir }));
    if (!pg) await migrateDatabase(database);
    const embedder = createHashEmbedder();
    await ensureCorpusEmbedder(database.db, embedder);
    await ingestWorkers(
      { database, embedder },
      workers.map((raw, i) => ({ line: i + 1, raw })),
      { onBadRow: 'abort' },
    );
    if (!pg) await database.close();
    service = await startService({
      DATA_DIR: dataDir,
      SEED_DEMO: '0',
      API_KEYS: `coordinator:${COORDINATOR},operator:${OPERATOR}`,
      RATE_LIMIT_PER_MINUTE: '0',
      ...(pg ? { DATABASE_URL: pg.url! } : {}),
    });
    console.log(
      `service up with ${WORKERS} demo workers (${pg ? 'PostgreSQL' : 'PGlite'}) in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ARGS,
      viewport: { width: 1440, height: 900 },
      timezoneId: 'America/Chicago',
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(10_000);
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('console', (m) => {
      // The 401/403/409 answers the page explains are logged by the browser as failed loads; anything else is a fault.
      if (m.type() === 'error' && !/status of 40[139]/.test(m.text())) pageErrors.push(m.text());
    });
    mkdirSync(SHOTS, { recursive: true });
  });

  after(async () => {
    await context?.close();
    if (service && service.child.exitCode === null) {
      service.child.kill('SIGTERM');
      await service.exited;
    }
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
    for (const c of cleanups) await c();
  });

  const shot = (name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
  const rows = () => page.locator('table.results tbody tr');
  const rowIds = () => rows().evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-id')!));
  const paints = () => page.evaluate(() => performance.getEntriesByName('search-paint').map((e) => e.duration));
  /** Waits for the next painted answer after `act`. */
  async function searched(act: () => Promise<void>) {
    const before = (await paints()).length;
    await act();
    await page.waitForFunction((n) => performance.getEntriesByName('search-paint').length > n, before);
  }
  async function axe(where: string) {
    if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'));
    const found = await page.evaluate(async () => {
      const r = await (
        window as unknown as {
          axe: { run: (o: object) => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> };
        }
      ).axe.run({ resultTypes: ['violations'] });
      return r.violations.map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.map((n) => n.target.join(' ')).slice(0, 3) }));
    });
    const grave = found.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    assert.deepEqual(grave, [], `${where}: ${JSON.stringify(grave)}`);
    return found;
  }

  test('asks for a key, keeps it out of the URL, then searches with the understood chips', async () => {
    await page.goto(`http://127.0.0.1:${service.port}/`);
    await page.getByRole('heading', { name: 'API key needed' }).waitFor();
    await shot('01-key');
    await page.getByLabel('API key', { exact: true }).fill(COORDINATOR);
    await page.getByRole('button', { name: 'Use this key' }).click();
    await page.getByRole('heading', { name: 'API key needed' }).waitFor({ state: 'detached' });
    assert.ok(!page.url().includes(COORDINATOR));
    assert.equal(await page.evaluate(() => localStorage.length), 0, 'nothing kept beyond the tab');

    await searched(async () => {
      await page.getByRole('searchbox', { name: 'Search workers' }).fill(query());
      await page.keyboard.press('Enter');
    });
    assert.equal(await rows().count(), 10);
    const chips = page.getByRole('list', { name: 'Understood as' }).getByRole('listitem');
    const labels = await chips.allTextContents();
    assert.ok(
      labels.some((l) => l.startsWith(`Role: ${asked.role}`)),
      labels.join(),
    );
    assert.ok(
      labels.some((l) => l.startsWith(`Place: ${asked.city}, ${asked.state}`)),
      labels.join(),
    );
    assert.ok(
      labels.some((l) => l.startsWith('Shift: nights')),
      labels.join(),
    );
    await shot('02-search');

    const withPlace = await rowIds();
    await searched(() => page.getByRole('button', { name: `Remove Place: ${asked.city}, ${asked.state}` }).click());
    assert.ok(!(await chips.allTextContents()).some((l) => l.startsWith('Place:')));
    assert.notDeepEqual(await rowIds(), withPlace, 'without the place the list changes');
    await page.getByRole('button', { name: 'Restore removed' }).waitFor();
    await shot('03-chip-removed');
    await axe('search results');
  });

  test('keyboard: arrows move, N marks said no, S swaps them out and the list refills', async () => {
    const first = await rowIds();
    await rows().first().focus();
    await page.keyboard.press('n');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('n');
    const saidNo = [first[0], first[2]];
    assert.deepEqual(await page.locator('tr.said-no').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-id'))), saidNo);
    await shot('04-said-no');
    await searched(() => page.keyboard.press('s'));
    const after = await rowIds();
    assert.equal(after.length, 10, 'refilled to k');
    assert.ok(
      saidNo.every((id) => !after.includes(id)),
      'the workers who said no are gone',
    );
    await page.getByRole('button', { name: 'Bring back 2 swapped out' }).waitFor();
  });

  test('outreach: a draft with an SSN is flagged as you type and the number is highlighted', async () => {
    await rows().first().focus();
    await page.keyboard.press('Enter');
    const body = page.getByLabel('Message');
    await body.waitFor();
    await page.getByTestId('draft-status').waitFor();
    await body.fill('Hi there, your SSN 123-45-6789 is on file. Reply STOP to opt out.');
    await page.locator('mark', { hasText: '123-45-6789' }).waitFor();
    const problems = await page.locator('.verdict .error li').allTextContents();
    assert.ok(
      problems.some((p) => p.includes('Social Security number')),
      problems.join(),
    );
    assert.match((await page.getByTestId('draft-status').textContent()) ?? '', /segment/);
    await shot('05-draft-pii');
  });

  test('booking: a fill is booked and replayed with its playbook; the same worker again is a conflict shown next to them', async () => {
    const row = rows().first();
    const id = (await row.getAttribute('data-id'))!;
    const [role, place] = await row.locator('td').evaluateAll((tds) => [tds[0].textContent!, tds[1].textContent!]);
    const [city, state] = place.split(', ');
    await row.focus();
    await page.keyboard.press('c');
    const booking = page.getByRole('region', { name: 'Book a fill' });
    await booking.getByLabel('Role').fill(role);
    await booking.getByLabel('City').fill(city);
    await booking.getByLabel('State').fill(state);
    await booking.getByRole('button', { name: 'Book 1 worker' }).click();
    await booking.getByText(/^Booked fill/).waitFor();
    await searched(() => booking.getByRole('button', { name: 'Replay this search with the playbook' }).click());
    const boosted = page.locator(`tr[data-id="${id}"] .boost`);
    await boosted.waitFor();
    assert.equal(await rows().first().getAttribute('data-id'), id, 'the booked worker comes back first');
    await shot('06-booked-replay');

    await booking.getByRole('button', { name: 'Book 1 worker' }).click();
    await booking.getByText(/^Not booked \(409\)/).waitFor();
    const next = booking.locator(`li[data-id="${id}"] .error`);
    assert.match((await next.first().textContent())!, /Already booked on fill/);
    await shot('07-booking-conflict');
    await axe('outreach and booking');
  });

  test('operator view: a coordinator key is refused in words, an operator key shows stats, fills and playbooks', async () => {
    await page.getByRole('button', { name: 'Operator', exact: true }).click();
    await page.getByText(/Your key may not do this \(403\)/).waitFor();
    await page.getByRole('button', { name: 'Use an operator key' }).click();
    await page.getByLabel('API key', { exact: true }).fill(OPERATOR);
    await page.getByRole('button', { name: 'Use this key' }).click();
    await page.getByRole('heading', { name: 'Caches' }).waitFor();
    const workers = await page.locator('.cards div', { hasText: 'Workers' }).locator('dd').textContent();
    assert.equal(workers, WORKERS.toLocaleString('en-US'));
    await page.getByRole('heading', { name: 'Fills booked from this tab' }).waitFor();
    assert.equal(await page.locator('.operator table', { hasText: 'booked' }).locator('tbody tr').count(), 1);
    assert.ok((await page.locator('.operator table', { hasText: query() }).count()) > 0, 'the playbook is listed');
    await shot('08-operator');
    await axe('operator view');
  });

  test('search answers are painted promptly, and the page raised no errors', async () => {
    const figures = await paints();
    const api = await page.evaluate(() => performance.getEntriesByName('search-api').map((e) => e.duration));
    const ms = (xs: number[]) => xs.map((x) => x.toFixed(1)).join(', ');
    console.log(`search answer -> painted (ms): ${ms(figures)}; max ${Math.max(...figures).toFixed(1)}`);
    console.log(`search request -> answer (ms): ${ms(api)}`);
    assert.ok(figures.length >= 4);
    assert.deepEqual(pageErrors, []);
  });
});
