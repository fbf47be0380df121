import { useEffect, useRef, useState } from 'preact/hooks';
import { apiKey, call, explain, whenUnauthorized } from './api.ts';
import { Booking, type Candidate } from './booking.tsx';
import { KeyForm } from './keyForm.tsx';
import { Operator, tabFills } from './operator.tsx';
import { Outreach } from './outreach.tsx';
import { Chips, ResultsTable, SearchForm, type SearchParams } from './search.tsx';
import type { Ignore, SearchAnswer, SearchBody, SearchHit } from './types.ts';

type View = 'workers' | 'operator';

/** Called once the frame showing the answer is painted: "search-paint" is the time from the API's answer to it. */
function markPainted() {
  performance.mark('search-painted');
  performance.measure('search-paint', 'search-answer', 'search-painted');
}

export function App() {
  const [view, setView] = useState<View>('workers');
  const [keyProblem, setKeyProblem] = useState<string>();
  const [needKey, setNeedKey] = useState(false);
  const [params, setParams] = useState<SearchParams>();
  const [answer, setAnswer] = useState<SearchAnswer>();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState('');
  const [saidNo, setSaidNo] = useState<Set<string>>(new Set());
  const [chosen, setChosen] = useState<Candidate[]>([]);
  const [current, setCurrent] = useState<string>();
  const [status, setStatus] = useState('');
  const seq = useRef(0);
  const painted = useRef(false);

  useEffect(
    () =>
      whenUnauthorized(() => {
        setNeedKey(true);
        setKeyProblem(apiKey.get() ? 'The key was refused (401): it is not valid here.' : undefined);
      }),
    [],
  );
  // Ask for a key up front when the service needs one, rather than on the first search.
  useEffect(() => {
    call('GET', '/v1/workers?limit=1').catch(() => {});
  }, []);
  useEffect(() => {
    const slash = (e: KeyboardEvent) => {
      if (e.key === '/' && !(e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement)) {
        e.preventDefault();
        document.getElementById('q')?.focus();
      }
    };
    addEventListener('keydown', slash);
    return () => removeEventListener('keydown', slash);
  }, []);
  // Preact runs effects after the browser has painted the render (requestAnimationFrame, then a task).
  useEffect(() => {
    if (painted.current) {
      painted.current = false;
      markPainted();
    }
  }, [answer]);

  const search = async (next: SearchParams) => {
    const mine = ++seq.current;
    setParams(next);
    setBusy(true);
    const body: SearchBody = {
      query: next.query,
      k: next.k,
      filters: next.filters,
      ignore: next.ignore,
      exclude_ids: next.exclude,
      use_playbook: next.usePlaybook,
      strict: next.strict,
    };
    try {
      performance.mark('search-sent');
      const found = await call<SearchAnswer>('POST', '/v1/matrix/search', body);
      if (mine !== seq.current) return;
      performance.mark('search-answer');
      performance.measure('search-api', 'search-sent', 'search-answer');
      painted.current = true;
      setAnswer(found);
      setProblem('');
      setStatus(
        `${found.results.length} workers${next.exclude.length ? `, ${next.exclude.length} swapped out` : ''}${next.usePlaybook ? ', playbook replayed' : ''} (${found.took_ms} ms)`,
      );
    } catch (err) {
      if (mine === seq.current) setProblem(explain(err));
    } finally {
      if (mine === seq.current) setBusy(false);
    }
  };

  const toggleSaidNo = (id: string) =>
    setSaidNo((s) => {
      const n = new Set(s);
      if (!n.delete(id)) n.add(id);
      return n;
    });
  const swap = () => {
    if (!params || !saidNo.size) return;
    void search({ ...params, exclude: [...new Set([...params.exclude, ...saidNo])], usePlaybook: false });
    setChosen((c) => c.filter((w) => !saidNo.has(w.id)));
    setSaidNo(new Set());
  };
  const choose = (h: SearchHit) =>
    setChosen((c) =>
      c.some((w) => w.id === h.id)
        ? c.filter((w) => w.id !== h.id)
        : [...c, { id: h.id, name: h.name, role: h.role, city: h.city, state: h.state }],
    );
  const useKey = (key: string) => {
    apiKey.set(key);
    setNeedKey(false);
    setKeyProblem(undefined);
    if (params) void search(params);
  };
  const understood = answer?.interpretation;

  return (
    <>
      <header class="top">
        <h1>Staffing console</h1>
        <nav aria-label="Views">
          <button type="button" aria-current={view === 'workers' ? 'page' : undefined} onClick={() => setView('workers')}>
            Workers
          </button>
          <button type="button" aria-current={view === 'operator' ? 'page' : undefined} onClick={() => setView('operator')}>
            Operator
          </button>
        </nav>
        {apiKey.get() && (
          <button
            type="button"
            class="link"
            onClick={() => {
              apiKey.clear();
              setNeedKey(true);
            }}
          >
            Change key
          </button>
        )}
      </header>
      <main>
        {needKey && <KeyForm problem={keyProblem} onKey={useKey} />}
        {view === 'operator' ? (
          <Operator key={String(needKey)} onChangeKey={() => setNeedKey(true)} />
        ) : (
          <div class="workspace">
            <section class="find" aria-label="Find workers">
              <SearchForm
                busy={busy}
                onSearch={(p) => {
                  setSaidNo(new Set());
                  void search({ ...p, ignore: {}, exclude: [], usePlaybook: false });
                }}
              />
              {problem && (
                <p class="error" role="alert">
                  {problem}
                </p>
              )}
              {params && (
                <Chips understood={understood} ignore={params.ignore} onIgnore={(ignore: Ignore) => void search({ ...params, ignore })} />
              )}
              <div class="row swapbar">
                <p role="status" class="muted">
                  {busy ? 'Searching…' : status}
                </p>
                {saidNo.size > 0 && (
                  <button type="button" onClick={swap}>
                    Swap out {saidNo.size} who said no
                  </button>
                )}
                {params && params.exclude.length > 0 && (
                  <button type="button" class="link" onClick={() => void search({ ...params, exclude: [] })}>
                    Bring back {params.exclude.length} swapped out
                  </button>
                )}
              </div>
              {answer && (
                <ResultsTable
                  answer={answer}
                  marks={{ saidNo, chosen: new Set(chosen.map((c) => c.id)), current }}
                  onSaidNo={toggleSaidNo}
                  onChoose={choose}
                  onOpen={(h) => setCurrent(h.id)}
                  onSwap={swap}
                />
              )}
            </section>
            <aside class="side" aria-label="Outreach and booking">
              {current ? (
                <Outreach workerId={current} />
              ) : (
                <p class="muted panel">Pick a worker (Enter, or click a row) to draft a text or an email.</p>
              )}
              <Booking
                chosen={chosen}
                query={params?.query ?? ''}
                suggested={{ city: understood?.place?.city, state: understood?.place?.state, role: understood?.role }}
                onUnchoose={(id) => setChosen((c) => c.filter((w) => w.id !== id))}
                onBooked={(fill) => tabFills.add(fill.id)}
                onReplay={() => params && void search({ ...params, usePlaybook: true })}
              />
            </aside>
          </div>
        )}
      </main>
    </>
  );
}
