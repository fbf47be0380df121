import { after, before, describe } from 'node:test';
import { Writable } from 'node:stream';
import { ensureCorpusEmbedder } from '../../src/embed/corpus.ts';
import { createHashEmbedder } from '../../src/embed/hash.ts';
import { buildApp } from '../../src/http/app.ts';
import { backendNames, type Harness, openTestDatabase, testConfig } from './backends.ts';

export interface LoggedHarness extends Harness {
  /** Every log line written so far, as written (JSON text). */
  logText(): string;
  logLines(): Array<Record<string, unknown>>;
}

/** A stream that keeps what pino writes, for assertions on log content. */
export function logCapture() {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return { stream, text: () => chunks.join('') };
}

/** describeEachBackend, with the app's logs captured instead of printed. */
export function describeEachBackendLogged(title: string, suite: (h: LoggedHarness) => void, env: Record<string, string> = {}): void {
  for (const backend of backendNames()) {
    describe(`${title} [${backend}]`, () => {
      const capture = logCapture();
      const h = {
        backend,
        logText: capture.text,
        logLines: () =>
          capture
            .text()
            .split('\n')
            .filter(Boolean)
            .map((l) => JSON.parse(l) as Record<string, unknown>),
      } as LoggedHarness;
      let close: () => Promise<void>;
      before(async () => {
        const opened = await openTestDatabase(backend);
        close = opened.close;
        Object.assign(h, {
          database: opened.database,
          url: opened.url,
          embedder: createHashEmbedder(),
          config: testConfig({ LOG_LEVEL: 'debug', ...env }),
        });
        await ensureCorpusEmbedder(h.database.db, h.embedder);
        h.app = await buildApp({ config: h.config, database: h.database, embedder: h.embedder, logStream: capture.stream });
        await h.app.ready();
      });
      after(async () => {
        await h.app?.close();
        await close?.();
      });
      suite(h);
    });
  }
}
