import { defineConfig } from 'drizzle-kit';

// Migrations are generated from src/db/schema.ts; both backends apply them in code (src/db/migrate.ts).
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/schema.ts',
  out: './migrations',
});
