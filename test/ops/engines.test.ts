import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import semver from 'semver';

interface Manifest {
  name: string;
  version: string;
  engines?: { node?: string };
}

/** Every installed package's manifest, nested node_modules included. */
function installed(dir = 'node_modules'): Manifest[] {
  const found: Manifest[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.name.startsWith('@')) {
      found.push(...installed(path));
      continue;
    }
    const manifest = join(path, 'package.json');
    if (existsSync(manifest)) found.push(JSON.parse(readFileSync(manifest, 'utf8')) as Manifest);
    if (existsSync(join(path, 'node_modules'))) found.push(...installed(join(path, 'node_modules')));
  }
  return found;
}

const own = JSON.parse(readFileSync('package.json', 'utf8')) as Manifest;

test('every installed dependency runs on the oldest Node our engines field admits, and on this one', () => {
  const range = own.engines?.node;
  assert.ok(range, 'package.json declares engines.node');
  const oldest = semver.minVersion(range)!.version;
  const packages = installed();
  assert.ok(packages.length > 100, `found ${packages.length} installed packages`);
  const refused = packages
    .filter((p) => p.engines?.node && semver.validRange(p.engines.node))
    .filter((p) => !semver.satisfies(oldest, p.engines!.node!) || !semver.satisfies(process.version, p.engines!.node!))
    .map((p) => `${p.name}@${p.version} wants node ${p.engines!.node}`);
  assert.deepEqual(refused, [], `engines.node is ${range} (oldest ${oldest}), running ${process.version}`);
});

test('the image runs a Node release that our engines field admits', () => {
  const from = /^FROM node:(\d+)-slim$/m.exec(readFileSync('Dockerfile', 'utf8'));
  assert.ok(from, 'Dockerfile starts FROM node:<major>-slim');
  const major = Number(from[1]);
  assert.ok(major % 2 === 0 && major >= 22, `node:${major} is an LTS line still maintained (22 or later)`);
  assert.ok(
    semver.satisfies(`${major}.0.0`, own.engines!.node!) || semver.intersects(`^${major}`, own.engines!.node!),
    `engines admits node ${major}`,
  );
});
