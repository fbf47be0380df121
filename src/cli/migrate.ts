import { parseCommandLine } from './args.ts';
import { openRuntime, runMain } from './runtime.ts';

const USAGE = `usage: npm run db:migrate [-- --help]

Applies the pending migrations to the database the environment names
(DATABASE_URL, or the embedded database in DATA_DIR), then exits.`;

runMain(async () => {
  parseCommandLine({ usage: USAGE, options: {} });
  const rt = await openRuntime({ checkEmbedder: false });
  process.stderr.write(`migrations applied (${rt.database.kind})\n`);
  await rt.database.close();
});
