import { openRuntime, runMain } from './runtime.ts';

runMain(async () => {
  const rt = await openRuntime({ checkEmbedder: false });
  process.stderr.write(`migrations applied (${rt.database.kind})\n`);
  await rt.database.close();
});
