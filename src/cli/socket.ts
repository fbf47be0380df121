import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadConfig } from '../config.ts';
import { integerFlag, parseCommandLine } from './args.ts';
import { type DatabaseSocket, serveDatabaseSocket } from '../db/socket.ts';
import { openRuntime, runMain } from './runtime.ts';

export const DEFAULT_SOCKET_PORT = 5433;
const USAGE = `usage: npm run db:socket -- [--port 5433] [--write]

Serves the embedded database (DATA_DIR) over the PostgreSQL protocol on
127.0.0.1 for psql and other clients, read-only unless --write.
  --port N   port to listen on (default ${DEFAULT_SOCKET_PORT}; 0 picks a free one)
  --write    allow changes (the running service's caches will not hear of them)`;

const psqlCommand = (s: DatabaseSocket) => `psql -h ${s.host} -p ${s.port} -U postgres`;

async function main() {
  const spec = { usage: USAGE, options: { port: { type: 'string' }, write: { type: 'boolean' } } } as const;
  const flags = parseCommandLine(spec);
  const port = integerFlag(spec, 'port', flags.port, 0, 65535, DEFAULT_SOCKET_PORT)!;
  const write = flags.write === true;
  if (loadConfig().DATABASE_URL) {
    throw new Error('db:socket serves the embedded database; DATABASE_URL names a PostgreSQL server: point psql at that server instead');
  }
  const rt = await openRuntime({ checkEmbedder: false });
  const socket = await serveDatabaseSocket(rt.database, { port, write });
  process.stdout.write(
    `serving ${resolve(rt.config.DATA_DIR)} (${write ? 'read-write' : 'read-only; --write allows changes'}); connect with:\n\n  ${psqlCommand(socket)}\n\n` +
      `  e.g. ${psqlCommand(socket)} -c 'select * from corpus_summary order by workers desc limit 5'\n\nCtrl-C stops.\n`,
  );
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await socket.stop();
    await rt.database.close();
    process.exit(0);
  };
  // `on`, not `once`: Ctrl-C reaches this process twice (from the terminal and relayed by npm/tsx),
  // and a second signal without a listener would kill it before PGlite has closed its files.
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

// Run as a command only when executed (tests import DEFAULT_SOCKET_PORT).
if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) runMain(main);
