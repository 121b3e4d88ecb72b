import { randomBytes } from "node:crypto";
import path from "node:path";
import { drizzle } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import pg from "pg";

// PostgreSQL databases of a test's own on the TEST_DATABASE_URL server, under random names so runs (and
// other checkouts sharing the server) never meet; drop() removes one.
export type ScratchDatabase = { name: string; url: string; drop: () => Promise<void> };

export async function onServer(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** An empty database, or a copy of `template` (which nobody may be connected to meanwhile). */
export async function createScratchDatabase(template?: string): Promise<ScratchDatabase> {
  const name = `scratch_${randomBytes(6).toString("hex")}`;
  await onServer(`create database ${name}${template ? ` template ${template}` : ""}`);
  const url = new URL(process.env.TEST_DATABASE_URL!);
  url.pathname = `/${name}`;
  return { name, url: url.toString(), drop: () => onServer(`drop database if exists ${name} with (force)`) };
}

/** A scratch database with db/migrations-pg applied, to copy from: cheaper than migrating each copy. */
export async function createMigratedTemplate(): Promise<ScratchDatabase> {
  const template = await createScratchDatabase();
  const client = new pg.Client({ connectionString: template.url });
  await client.connect();
  try {
    await migrate(drizzle(client), { migrationsFolder: path.join(process.cwd(), "db", "migrations-pg") });
  } finally {
    await client.end();
  }
  return template;
}
