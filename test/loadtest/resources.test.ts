import assert from 'node:assert/strict';
import { test } from 'node:test';
import { family, GroupMeter, kbField, listeningInodes, parseStat, type ProcStat } from '../../loadtest/resources.ts';

const STAT =
  '4242 (node (tsx) x) S 4200 4242 4200 0 -1 4194560 5000 0 12 0 1234 567 0 0 20 0 11 0 98765 1234567890 30000 18446744073709551615 1 1 0 0 0 0 0 16781312 134234626 0 0 0 17 1 0 0 0 0 0';

test('parses a /proc/PID/stat line whose comm holds spaces and parentheses', () => {
  assert.deepEqual(parseStat(STAT), { pid: 4242, comm: 'node (tsx) x', ppid: 4200, utime: 1234, stime: 567, starttime: 98765 });
  assert.throws(() => parseStat('garbage'), /not a \/proc\/PID\/stat line/);
});

test('finds the listening socket inode of a port in /proc/net/tcp', () => {
  const table = [
    '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
    '   0: 0100007F:0C1C 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 55501 1 0000000000000000 100 0 0 10 0',
    '   1: 0100007F:0C1C 0100007F:D3A2 01 00000000:00000000 00:00000000 00000000     0        0 55502 1 0000000000000000 20 4 30 10 -1',
    '   2: 00000000:1538 00000000:0000 0A 00000000:00000000 00:00000000 00000000   106        0 55503 1 0000000000000000 100 0 0 10 0',
  ].join('\n');
  assert.deepEqual([...listeningInodes(table, 3100)], ['55501']);
  assert.deepEqual([...listeningInodes(table, 5432)], ['55503']);
  assert.equal(listeningInodes(table, 80).size, 0);
});

test('reads kB fields of /proc/PID/status and smaps_rollup', () => {
  assert.equal(kbField('Name:\tnode\nVmHWM:\t  200000 kB\nVmRSS:\t  153600 kB\n', 'VmRSS'), 153600);
  assert.equal(kbField('Rss:  2048 kB\nPss:   1024 kB\n', 'Pss'), 1024);
  assert.equal(kbField('Name:\tnode\n', 'VmRSS'), undefined);
});

const stat = (pid: number, ppid: number, ticks: number, starttime = 1): ProcStat => ({
  pid,
  comm: 'x',
  ppid,
  utime: ticks,
  stime: 0,
  starttime,
});

test('the service family is the pid and all its descendants', () => {
  const stats = [stat(1, 0, 0), stat(10, 1, 0), stat(11, 10, 0), stat(12, 11, 0), stat(20, 1, 0)];
  assert.deepEqual(
    [...family(10, stats)].sort((a, b) => a - b),
    [10, 11, 12],
  );
});

test('CPU % is the tick delta over elapsed time at 100 ticks/s; RSS peak and mean', () => {
  const meter = new GroupMeter();
  meter.sample(0, [{ stat: stat(7, 1, 1000), rssKb: 100 * 1024 }]);
  meter.sample(1, [{ stat: stat(7, 1, 1050), rssKb: 200 * 1024 }]);
  meter.sample(2, [
    { stat: stat(7, 1, 1150), rssKb: 150 * 1024 },
    { stat: stat(8, 7, 30, 500), rssKb: 0 },
  ]);
  const f = meter.footprint()!;
  assert.equal(f.rssPeakMb, 200);
  assert.equal(f.rssMeanMb, 150);
  // 50 ticks in second 1; 100 + 30 (a child born during the run) in second 2.
  assert.equal(f.cpuMeanPct, 90);
  assert.equal(f.cpuPeakPct, 130);
  assert.equal(f.processes, 2);
  assert.equal(f.pssPeakMb, null);
});

test('a group never seen has no footprint', () => {
  const meter = new GroupMeter();
  meter.sample(0, []);
  meter.sample(1, []);
  assert.equal(meter.footprint(), null);
});

test('PSS is summed when smaps_rollup was readable', () => {
  const meter = new GroupMeter();
  meter.sample(0, [
    { stat: stat(5, 1, 0), rssKb: 4096, pssKb: 1024 },
    { stat: stat(6, 5, 0), rssKb: 4096, pssKb: 1024 },
  ]);
  assert.equal(meter.footprint()!.pssPeakMb, 2);
  assert.equal(meter.footprint()!.rssPeakMb, 8);
});
