import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';

/** First-load budget for the console's JavaScript, gzip-compressed. */
const JS_BUDGET_BYTES = 150 * 1024;

/**
 * Writes .gz and .br beside every text asset (the service sends them as they are: @fastify/static
 * preCompressed) and prints the compressed JavaScript size; over the budget the build fails.
 */
function compressed(): Plugin {
  return {
    name: 'compressed-assets',
    apply: 'build',
    writeBundle(options) {
      const dir = options.dir!;
      let jsGzip = 0;
      let jsBrotli = 0;
      const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => /\.(js|css|html|svg|json)$/.test(f));
      for (const file of files) {
        const raw = readFileSync(join(dir, file));
        const gz = gzipSync(raw, { level: 9 });
        const br = brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } });
        writeFileSync(join(dir, `${file}.gz`), gz);
        writeFileSync(join(dir, `${file}.br`), br);
        if (file.endsWith('.js')) {
          jsGzip += gz.length;
          jsBrotli += br.length;
        }
      }
      const kb = (n: number) => (n / 1024).toFixed(1);
      console.log(`console JavaScript: ${kb(jsGzip)} KB gzip, ${kb(jsBrotli)} KB brotli (budget ${kb(JS_BUDGET_BYTES)} KB gzip)`);
      if (jsGzip > JS_BUDGET_BYTES) this.error(`console JavaScript is ${kb(jsGzip)} KB gzip, over the ${kb(JS_BUDGET_BYTES)} KB budget`);
    },
  };
}

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  logLevel: 'warn',
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
    target: 'es2022',
    assetsDir: 'assets',
    // One small bundle; the modulepreload polyfill would be the page's only other script.
    modulePreload: { polyfill: false },
  },
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  plugins: [compressed()],
});
