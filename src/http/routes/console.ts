import { existsSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/** `dist/web` under the project root (the nearest directory holding package.json), from src/ under tsx or dist/src/ built. */
export function defaultConsoleDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return join(dir, 'dist', 'web');
}

// Vite names every asset by its content hash, so an asset never changes under its name; the page itself
// must be revalidated so a new build is picked up at once.
const IMMUTABLE = 'public, max-age=31536000, immutable';
// The page loads only its own files and talks only to this origin.
const PAGE_POLICY =
  "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/**
 * The coordinator console at `/`: the static files `npm run build` writes (with .br/.gz beside them).
 * No key is needed for the page itself; every API call it makes carries the key the coordinator gives it.
 */
export async function consoleRoutes(app: FastifyInstance, opts: { root: string }): Promise<void> {
  if (!existsSync(join(opts.root, 'index.html'))) {
    app.log.warn({ root: opts.root }, 'the console is not built (npm run build): GET / answers 404');
    app.get('/', { schema: { hide: true }, config: { public: true } }, async (_req, reply) =>
      reply.status(404).send({ error: { code: 'console_not_built', message: 'The console is not built: run `npm run build`.' } }),
    );
    return;
  }
  app.addHook('onRoute', (route) => {
    route.config = { ...route.config, public: true };
  });
  await app.register(fastifyStatic, {
    root: opts.root,
    // Only the files present at start get routes: a build replaces the folder and the service restarts with it.
    wildcard: false,
    preCompressed: true,
    cacheControl: false,
    setHeaders(reply, path) {
      const asset = path.includes(`${sep}assets${sep}`);
      reply.header('cache-control', asset ? IMMUTABLE : 'no-cache');
      reply.header('x-content-type-options', 'nosniff');
      if (!asset) {
        reply.header('content-security-policy', PAGE_POLICY);
        reply.header('referrer-policy', 'no-referrer');
      }
    },
  });
}
