// Uncached search throughput of a running service on the load harness's own query family
// (loadtest/queries.ts, every text distinct), with the CPU each search costs the service and PostgreSQL.
// Works against any version of the service, so the same command measures before and after a change.
// npx tsx bench/search-service.ts [--url http://127.0.0.1:3000] [--connections 8] [--seconds 20] [--rounds 2] [--seed 5] [--service-pid N]
import { readdirSync, readFileSync } from 'node:fs';
import { runMain } from '../src/cli/runtime.ts';
import { queryPool } from '../loadtest/queries.ts';
import { benchArgs } from './lib/args.ts';
import { requireService } from './lib/http.ts';
import { loadRun } from './lib/load.ts';
import { describeLatency, loadLine, processCpuMs } from './lib/stats.ts';

/**
 * CPU ms used so far by the PostgreSQL cluster: every live postgres process, plus what the postmaster
 * has collected from children that ended (parallel workers and short-lived backends come and go).
 */
function postgresCpuMs(): number {
  let total = 0;
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() !== 'postgres') continue;
      const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      const parent = readFileSync(`/proc/${f[1]}/comm`, 'utf8').trim();
      // utime, stime; and for the postmaster (its parent is no postgres) cutime, cstime of reaped children.
      total += Number(f[11]) + Number(f[12]) + (parent === 'postgres' ? 0 : Number(f[13]) + Number(f[14]));
    } catch {
      // the process ended between the listing and the read
    }
  }
  return (total * 1000) / 100;
}

runMain(async () => {
  const args = benchArgs();
  const connections = args.number('connections', 8);
  const seconds = args.number('seconds', 20);
  const rounds = args.number('rounds', 2);
  const servicePid = args.has('service-pid') ? args.number('service-pid', 0) : undefined;
  await requireService(args.url);
  const pool = queryPool(args.number('seed', 5));
  console.log(
    `uncached search on the harness's query family (${pool.size.toLocaleString()} distinct texts), k=10, ${connections} connections, ${seconds} s per round; ${loadLine()}`,
  );
  await loadRun({ url: args.url, path: '/v1/matrix/search', connections, seconds: 3, body: () => ({ query: pool.next(), k: 10 }) });
  for (let round = 1; round <= rounds; round++) {
    const svc0 = servicePid ? processCpuMs(servicePid) : undefined;
    const pg0 = postgresCpuMs();
    const r = await loadRun({
      url: args.url,
      path: '/v1/matrix/search',
      connections,
      seconds,
      body: () => ({ query: pool.next(), k: 10 }),
    });
    const pgMs = (postgresCpuMs() - pg0) / r.ok;
    const svc1 = servicePid ? processCpuMs(servicePid) : undefined;
    const svcMs = svc0 !== undefined && svc1 !== undefined ? `, service ${((svc1 - svc0) / r.ok).toFixed(2)} ms` : '';
    const bad = r.non2xx || r.errors || r.timeouts ? ` — non-2xx ${r.non2xx}, errors ${r.errors}, timeouts ${r.timeouts}` : '';
    console.log(
      `round ${round}: ${r.qps.toFixed(1)} searches/s; ${describeLatency(r.latency)}; CPU per search: PostgreSQL ${pgMs.toFixed(2)} ms${svcMs}${bad}; ${loadLine()}`,
    );
  }
});
