import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateWorkers } from '../../src/demo/generate.ts';
import { countWorkerRecords, readWorkersFile, writeWorkersFile, type RawWorkerRecord } from '../../src/workers/files.ts';
import { WorkerInput, type Worker } from '../../src/workers/worker.ts';

const FORMATS = ['jsonl', 'csv', 'parquet'] as const;
let dir: string;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'worker-files-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function readAll(path: string): Promise<RawWorkerRecord[]> {
  const records: RawWorkerRecord[] = [];
  for await (const record of readWorkersFile(path)) records.push(record);
  return records;
}

const odd: Worker = {
  ...[...generateWorkers(1, 7)][0],
  id: 'odd:1',
  name: 'Garcia, "Mari" José',
  skills: [],
  certifications: ['CPR, adult & child'],
  hourly_rate: null,
  rating: null,
  reliability: null,
  availability: [],
  summary: 'Line one, with a comma;\r\nline "two"\nand three',
};

for (const format of FORMATS) {
  test(`${format}: 500 workers round-trip unchanged, with their line numbers`, async () => {
    const workers = [...generateWorkers(500)];
    const path = join(dir, `round.${format}`);
    const progress: number[] = [];
    assert.equal(await writeWorkersFile(path, workers, (n) => progress.push(n)), 500);
    assert.equal(progress.at(-1), 500);
    const records = await readAll(path);
    assert.deepEqual(
      records.map((r) => r.error),
      workers.map(() => undefined),
    );
    assert.deepEqual(
      records.map((r) => WorkerInput.parse(r.raw)),
      workers,
    );
    const firstLine = format === 'csv' ? 2 : 1;
    assert.deepEqual(
      records.map((r) => r.line),
      workers.map((_, i) => i + firstLine),
    );
    assert.equal(await countWorkerRecords(path), 500);
  });

  test(`${format}: the same seed writes identical bytes`, async () => {
    const a = join(dir, `a.${format}`);
    const b = join(dir, `b.${format}`);
    await writeWorkersFile(a, generateWorkers(300, 9));
    await writeWorkersFile(b, generateWorkers(300, 9));
    assert.deepEqual(await readFile(a), await readFile(b));
    await writeWorkersFile(b, generateWorkers(300, 10));
    assert.notDeepEqual(await readFile(a), await readFile(b));
  });

  test(`${format}: nulls, empty lists, quotes, commas and newlines survive`, async () => {
    const path = join(dir, `odd.${format}`);
    await writeWorkersFile(path, [odd, ...generateWorkers(2)]);
    const records = await readAll(path);
    assert.equal(records.length, 3);
    assert.deepEqual(WorkerInput.parse(records[0].raw), odd);
    if (format === 'csv') assert.equal(records[1].line, 5, 'the quoted newlines move the next record down');
  });

  test(`${format}: an empty pool writes a readable empty file`, async () => {
    const path = join(dir, `empty.${format}`);
    assert.equal(await writeWorkersFile(path, []), 0);
    assert.deepEqual(await readAll(path), []);
  });
}

test('csv: quoted commas, escaped quotes, pipe lists, numbers and empty cells', async () => {
  const path = join(dir, 'hand.csv');
  await writeFile(
    path,
    [
      '\ufeffid,name,email,phone,city,state,role,skills,certifications,years_experience,hourly_rate,rating,reliability,availability,status,summary',
      'w-1,"Garcia, Maria",maria@example.com,+12145550100,Dallas,tx,Forklift Operator,Pallet Jack|RF Scanner,OSHA 10,6,21.5,,0.9,nights|weekends,active,"Says ""yes"" to nights, always"',
      '',
      'w-2,Lee Kim,lee@example.org,+13125550100,Chicago,IL,Cashier,,,,,,,,,',
    ].join('\n'),
  );
  const records = await readAll(path);
  assert.deepEqual(records, [
    {
      line: 2,
      raw: {
        id: 'w-1',
        name: 'Garcia, Maria',
        email: 'maria@example.com',
        phone: '+12145550100',
        city: 'Dallas',
        state: 'tx',
        role: 'Forklift Operator',
        skills: ['Pallet Jack', 'RF Scanner'],
        certifications: ['OSHA 10'],
        years_experience: 6,
        hourly_rate: 21.5,
        reliability: 0.9,
        availability: ['nights', 'weekends'],
        status: 'active',
        summary: 'Says "yes" to nights, always',
      },
    },
    {
      line: 4,
      raw: { id: 'w-2', name: 'Lee Kim', email: 'lee@example.org', phone: '+13125550100', city: 'Chicago', state: 'IL', role: 'Cashier' },
    },
  ]);
  assert.equal(WorkerInput.parse(records[0].raw).state, 'TX');
  assert.equal(WorkerInput.parse(records[1].raw).rating, null);
});

test('a lone CR or LF inside a field without commas or quotes survives every format', async () => {
  const bare: Worker = { ...odd, id: 'bare-1', name: 'Ann Lee', certifications: [], summary: 'first\nsecond\rthird' };
  for (const format of FORMATS) {
    const path = join(dir, `bare.${format}`);
    await writeWorkersFile(path, [bare, ...generateWorkers(1)]);
    const records = await readAll(path);
    assert.equal(records.length, 2, format);
    assert.deepEqual(WorkerInput.parse(records[0].raw), bare, format);
  }
});

test('csv: bad records are reported by line and do not stop the file', async () => {
  const path = join(dir, 'bad.csv');
  await writeFile(path, 'id,name,years_experience\r\nw-1,Ann,3\r\nw-2,Bob\r\nw-3,"Cy"x,4\r\nw-4,Di,lots\r\nw-5,"Ed,5\r\n');
  const records = await readAll(path);
  assert.deepEqual(
    records.map((r) => r.line),
    [2, 3, 4, 5, 6],
  );
  assert.deepEqual(records[0].raw, { id: 'w-1', name: 'Ann', years_experience: 3 });
  assert.match(records[1].error!, /expected 3 fields, found 2/);
  assert.match(records[2].error!, /after a closing quote/);
  assert.deepEqual(
    records[3].raw,
    { id: 'w-4', name: 'Di', years_experience: 'lots' },
    'non-numeric text is left for the schema to reject',
  );
  assert.match(records[4].error!, /unterminated quoted field/);
  assert.equal(await countWorkerRecords(path), 5);
});

test('csv: a list item containing the pipe separator is refused on write', async () => {
  const worker = { ...odd, skills: ['Welding|Brazing'] };
  await assert.rejects(writeWorkersFile(join(dir, 'pipe.csv'), [worker]), /contains "\|"/);
});

test('jsonl: a malformed line is reported with its line number and the rest is read', async () => {
  const path = join(dir, 'bad.jsonl');
  await writeFile(path, '{"id":"w-1","name":"Ann"}\n{"id":"w-2", oops}\n\n{"id":"w-3","name":"Cy"}\r\n');
  const records = await readAll(path);
  assert.deepEqual(
    records.map((r) => r.line),
    [1, 2, 4],
  );
  assert.deepEqual(records[0], { line: 1, raw: { id: 'w-1', name: 'Ann' } });
  assert.equal(records[1].raw, undefined);
  assert.match(records[1].error!, /^invalid JSON/);
  assert.deepEqual(records[2].raw, { id: 'w-3', name: 'Cy' });
  assert.equal(await countWorkerRecords(path), 3);
});

test('an unknown extension is refused with the supported list', async () => {
  const message = /\.parquet, \.jsonl, \.csv/;
  await assert.rejects(writeWorkersFile(join(dir, 'workers.xlsx'), []), message);
  await assert.rejects(readAll(join(dir, 'workers.json')), message);
  await assert.rejects(countWorkerRecords(join(dir, 'workers')), message);
});
