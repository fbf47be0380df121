import { useEffect, useState } from 'preact/hooks';
import { call, explain } from './api.ts';
import type { FillOut, PlaybookOut, StatsOut } from './types.ts';

const FILLS_SLOT = 'staffing-console.fills';

/** Fills booked from this tab, newest first (the API has no list of fills; each is read back by id). */
export const tabFills = {
  ids: (): string[] => JSON.parse(sessionStorage.getItem(FILLS_SLOT) ?? '[]') as string[],
  add: (id: string) => sessionStorage.setItem(FILLS_SLOT, JSON.stringify([id, ...tabFills.ids()].slice(0, 50))),
};

const n = (x: number) => x.toLocaleString();
const rate = (hits: number, misses: number) => (hits + misses ? `${((100 * hits) / (hits + misses)).toFixed(1)} %` : '–');
const size = (bytes: number) => (bytes < 1024 * 1024 ? `${Math.ceil(bytes / 1024)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`);
const when = (iso: string) => new Date(iso).toLocaleString([], { dateStyle: 'short', timeStyle: 'short' });

interface Loaded {
  stats: StatsOut;
  playbooks: PlaybookOut[];
  fills: FillOut[];
}

/** Corpus, fills, playbook activity and caches, from /v1/admin/stats (operator key), /v1/matrix/playbooks and /v1/fills/:id. */
export function Operator(props: { onChangeKey: () => void }) {
  const [data, setData] = useState<Loaded>();
  const [problem, setProblem] = useState('');
  const [denied, setDenied] = useState(false);
  const load = async () => {
    setProblem('');
    try {
      const [stats, pb, fills] = await Promise.all([
        call<StatsOut>('GET', '/v1/admin/stats'),
        call<{ playbooks: PlaybookOut[] }>('GET', '/v1/matrix/playbooks?limit=20'),
        Promise.all(
          tabFills
            .ids()
            .slice(0, 20)
            .map((id) => call<FillOut>('GET', `/v1/fills/${id}`).catch(() => undefined)),
        ),
      ]);
      setData({ stats, playbooks: pb.playbooks, fills: fills.filter((f): f is FillOut => Boolean(f)) });
      setDenied(false);
    } catch (err) {
      setData(undefined);
      setDenied((err as { status?: number }).status === 403);
      setProblem(explain(err));
    }
  };
  useEffect(() => {
    void load();
  }, []);

  return (
    <section class="operator" aria-labelledby="operator-title">
      <div class="row">
        <h2 id="operator-title">Operator view</h2>
        <button type="button" onClick={load}>
          Refresh
        </button>
      </div>
      {problem && (
        <div class="error" role="alert">
          <p>{problem}</p>
          {denied && (
            <button type="button" onClick={props.onChangeKey}>
              Use an operator key
            </button>
          )}
        </div>
      )}
      {data && <OperatorData {...data} />}
    </section>
  );
}

function OperatorData({ stats, playbooks, fills }: Loaded) {
  const caches = [
    ['Embeddings', stats.caches.embedding],
    ['Search results', stats.caches.results],
  ] as const;
  return (
    <>
      <dl class="cards">
        <div>
          <dt>Workers</dt>
          <dd>{n(stats.workers)}</dd>
        </div>
        <div>
          <dt>Playbooks</dt>
          <dd>{n(stats.playbooks)}</dd>
        </div>
        <div>
          <dt>Fills booked</dt>
          <dd>{n(stats.fills.booked)}</dd>
        </div>
        <div>
          <dt>Fills cancelled</dt>
          <dd>{n(stats.fills.cancelled)}</dd>
        </div>
        <div>
          <dt>Database</dt>
          <dd>{stats.database}</dd>
        </div>
        <div>
          <dt>Embedder</dt>
          <dd>
            {stats.embedder.id} ({stats.embedder.dim}-d)
          </dd>
        </div>
      </dl>
      <h3>Caches</h3>
      <table>
        <thead>
          <tr>
            <th scope="col">Cache</th>
            <th scope="col">Hit rate</th>
            <th scope="col">Hits</th>
            <th scope="col">Misses</th>
            <th scope="col">Entries</th>
            <th scope="col">Invalidations</th>
          </tr>
        </thead>
        <tbody>
          {caches.map(([name, c]) => (
            <tr>
              <th scope="row">{name}</th>
              <td class="num">{rate(c.hits, c.misses)}</td>
              <td class="num">{n(c.hits)}</td>
              <td class="num">{n(c.misses)}</td>
              <td class="num">
                {n(c.size)} / {n(c.capacity)}
              </td>
              <td class="num">{'invalidations' in c ? n(c.invalidations) : '–'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>Fills booked from this tab</h3>
      {!fills.length ? (
        <p class="muted">None yet.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Fill</th>
              <th scope="col">Role</th>
              <th scope="col">Place</th>
              <th scope="col">Shift</th>
              <th scope="col">Workers</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {fills.map((f) => (
              <tr>
                <th scope="row">{f.id.slice(0, 8)}</th>
                <td>{f.role}</td>
                <td>
                  {f.city}, {f.state}
                </td>
                <td>
                  {when(f.shift_start)} – {when(f.shift_end)}
                </td>
                <td>{f.worker_ids.join(', ')}</td>
                <td>{f.status}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h3>Playbook activity</h3>
      {!playbooks.length ? (
        <p class="muted">No playbooks recorded.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Request</th>
              <th scope="col">Outcome</th>
              <th scope="col">Workers</th>
            </tr>
          </thead>
          <tbody>
            {playbooks.map((p) => (
              <tr>
                <td>{when(p.created_at)}</td>
                <th scope="row">{p.query}</th>
                <td>{p.outcome}</td>
                <td class="num">{p.worker_ids.length}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h3>Index sizes</h3>
      <table>
        <thead>
          <tr>
            <th scope="col">Index</th>
            <th scope="col">Size</th>
          </tr>
        </thead>
        <tbody>
          {Object.entries(stats.index_sizes).map(([name, bytes]) => (
            <tr>
              <th scope="row">{name}</th>
              <td class="num">{size(bytes)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
