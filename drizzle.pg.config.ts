import { defineConfig } from "drizzle-kit";

// PostgreSQL (when DATABASE_URL is set): the same tables as drizzle.config.ts, in their own folder.
export default defineConfig({
  dialect: "postgresql",
  schema: "./db/schema/postgres.ts",
  out: "./db/migrations-pg",
  dbCredentials: { url: process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/newsroom" },
});
