import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { workerFixture } from '../support/backends.ts';
import { type CliRun, runCli } from '../support/cli.ts';

const COMMANDS = ['migrate', 'reembed', 'socket', 'seed', 'ingest', 'serve'];
const root = mkdtempSync(join(tmpdir(), 'sm-cli-'));
after(() => rmSync(root, { recursive: true, force: true }));
let dirs = 0;

interface Run extends CliRun {
  dataDir: string;
}

/** Runs `src/cli/<command>.ts` with `args` on an embedded database in a data directory that does not exist yet. */
async function run(command: string, args: string[]): Promise<Run> {
  const dataDir = join(root, `data-${dirs++}`);
  const env = { DATA_DIR: dataDir, EMBEDDER: 'hash', SEED_DEMO: '0', LOG_LEVEL: 'silent', PORT: '0' };
  return { ...(await runCli(command, args, env)), dataDir };
}

describe('every command line is parsed strictly', () => {
  test('--help (and -h) prints the usage and exits 0 without running the command', async () => {
    const runs = await Promise.all([...COMMANDS.map((c) => run(c, ['--help'])), run('migrate', ['-h'])]);
    for (const [i, r] of runs.entries()) {
      const command = COMMANDS[i] ?? 'migrate -h';
      assert.equal(r.code, 0, `${command}: ${r.stderr}`);
      assert.match(r.stdout, /^usage: /, command);
      assert.equal(existsSync(r.dataDir), false, `${command} --help opened the database`);
    }
  });

  test('an unknown flag, a positional argument or a bad value exits 2 with the usage, before touching the database', async () => {
    const cases: Array<[string, string[], RegExp]> = [
      ...COMMANDS.map((c): [string, string[], RegExp] => [c, ['--frobnicate'], /Unknown option '--frobnicate'/]),
      ['reembed', ['now'], /Unexpected argument 'now'/],
      ['seed', ['--workers', 'many'], /--workers must be an integer/],
      ['seed', [], /--workers is required/],
      ['ingest', ['--file'], /argument missing/],
      ['ingest', ['--file', 'x.jsonl', '--on-bad-row', 'ignore'], /--on-bad-row must be skip or abort/],
      ['socket', ['--port', '99999'], /--port must be an integer 0\.\.65535/],
    ];
    const runs = await Promise.all(cases.map(([c, args]) => run(c, args)));
    for (const [i, r] of runs.entries()) {
      const [command, args, message] = cases[i];
      const what = `${command} ${args.join(' ')}`;
      assert.equal(r.code, 2, `${what}: ${r.stderr}`);
      assert.match(r.stderr, message, what);
      assert.match(r.stderr, /usage: /, what);
      assert.equal(existsSync(r.dataDir), false, `${what} opened the database`);
    }
  });

  test('ingest --on-bad-row skip exits 3 when rows were skipped, 0 with --allow-skipped', async () => {
    const file = join(root, 'workers.jsonl');
    const rows = [
      workerFixture('cli-1'),
      { ...workerFixture('cli-2'), email: 'not an email', years_experience: -4 },
      workerFixture('cli-3'),
    ];
    writeFileSync(file, `${rows.map((r) => JSON.stringify(r)).join('\n')}\n`);
    const [strict, allowed] = await Promise.all([run('ingest', ['--file', file]), run('ingest', ['--file', file, '--allow-skipped'])]);
    assert.equal(strict.code, 3, strict.stderr);
    assert.match(strict.stderr, /1 bad rows were skipped \(the good rows are stored\).*--allow-skipped/);
    assert.match(strict.stderr, /ingested 2 rows/);
    assert.equal(allowed.code, 0, allowed.stderr);
    assert.match(allowed.stderr, /ingested 2 rows.*1 bad rows skipped/);
  });
});
