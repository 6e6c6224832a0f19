import { defineConfig } from 'drizzle-kit';

// `npm run db:generate -w apps/server` writes a SQL migration for schema changes; commit it.
export default defineConfig({
  dialect: 'postgresql',
  schema: ['./src/modules/*/*.schema.ts', './src/platform/*/*.schema.ts'],
  out: './drizzle',
});
