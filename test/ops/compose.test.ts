import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';

/** `docker-compose` (v1, Debian's package) or the `docker compose` plugin, whichever answers. */
function composeCommand(): string[] | undefined {
  for (const cmd of [['docker-compose'], ['docker', 'compose']]) {
    const probe = spawnSync(cmd[0], [...cmd.slice(1), 'version'], { encoding: 'utf8' });
    if (probe.status === 0) return cmd;
  }
  return undefined;
}

const compose = composeCommand();
// An empty env file, so a developer's .env cannot supply the variables under test.
const EMPTY_ENV = join(mkdtempSync(join(tmpdir(), 'sm-compose-')), 'empty.env');
writeFileSync(EMPTY_ENV, '');
after(() => rmSync(join(EMPTY_ENV, '..'), { recursive: true, force: true }));
const KEYS = 'operator:0123456789abcdef0123,coordinator:fedcba98765432100123';

/** `compose config` on the repository's file with exactly `vars` set (no .env file, no inherited values). */
function config(vars: Record<string, string>): { status: number | null; out: string } {
  const [bin, ...pre] = compose!;
  const res = spawnSync(bin, [...pre, '--env-file', EMPTY_ENV, '-f', 'docker-compose.yml', 'config'], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...vars },
  });
  return { status: res.status, out: `${res.stdout}${res.stderr}` };
}

test('docker-compose.yml ships no key, no password and no all-interfaces port', () => {
  const text = readFileSync('docker-compose.yml', 'utf8');
  assert.doesNotMatch(text, /CHANGE-ME|postgres:postgres@|POSTGRES_PASSWORD: postgres/);
  assert.match(text, /\$\{API_KEYS:\?/);
  assert.match(text, /"\$\{PUBLISH_ADDR:-127\.0\.0\.1\}:3000:3000"/);
});

describe('docker compose config', { skip: compose ? false : 'neither docker-compose nor the docker compose plugin is installed' }, () => {
  test('with API_KEYS and POSTGRES_PASSWORD set the file validates, publishes on 127.0.0.1 and passes both on', () => {
    const { status, out } = config({ API_KEYS: KEYS, POSTGRES_PASSWORD: 'f00dfeed' });
    assert.equal(status, 0, out);
    assert.match(out, /127\.0\.0\.1:3000:3000/);
    assert.ok(out.includes(KEYS), 'the keys reach the service');
    assert.match(out, /postgres:\/\/postgres:f00dfeed@db:5432\/staffing/);
    assert.match(out, /POSTGRES_PASSWORD: f00dfeed/);
  });

  test('PUBLISH_ADDR publishes elsewhere when asked', () => {
    const { status, out } = config({ API_KEYS: KEYS, POSTGRES_PASSWORD: 'f00dfeed', PUBLISH_ADDR: '0.0.0.0' });
    assert.equal(status, 0, out);
    assert.match(out, /0\.0\.0\.0:3000:3000/);
  });

  test('without API_KEYS compose refuses, saying what to set', () => {
    const { status, out } = config({ POSTGRES_PASSWORD: 'f00dfeed' });
    assert.notEqual(status, 0);
    assert.match(out, /set API_KEYS to 'operator:<long random key>,coordinator:<long random key>'/);
  });

  test('without POSTGRES_PASSWORD compose refuses, saying what to set', () => {
    const { status, out } = config({ API_KEYS: KEYS });
    assert.notEqual(status, 0);
    assert.match(out, /set POSTGRES_PASSWORD/);
  });
});
