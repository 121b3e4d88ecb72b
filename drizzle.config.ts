import { defineConfig } from "drizzle-kit";

// SQLite (the default engine). PostgreSQL has its own config and migrations: drizzle.pg.config.ts.
export default defineConfig({
  dialect: "sqlite",
  schema: "./db/schema/sqlite.ts",
  out: "./db/migrations",
  dbCredentials: { url: process.env.DATABASE_PATH ?? "./data/news.db" },
});
