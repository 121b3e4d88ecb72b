// Makes a data directory ready to serve: secret, migrations, sample content, first administrator.
// Safe to run any number of times.
import { count } from "drizzle-orm";
import { closeDatabase, databasePath, db, engine, migrateDatabase, transaction, withSetupLock } from "../db/index";
import { users } from "../db/schema";
import { backfillMediaLibrary } from "../db/media-library";
import { syncSearchIndex } from "../db/search-index";
import { seedDatabase } from "../db/seed";
import { hashPassword, randomPassword } from "../lib/auth/password";
import { dataDirectory, ensureAuthSecret } from "./data-location";

export async function prepare({ migrateOnly = false }: { migrateOnly?: boolean } = {}): Promise<void> {
  const where = engine === "postgres" ? "the PostgreSQL database" : databasePath();
  try {
    // Instances started at once on one PostgreSQL database prepare it one after the other.
    await withSetupLock(() => prepareDatabase(where, migrateOnly));
  } finally {
    await closeDatabase();
  }
}

async function prepareDatabase(where: string, migrateOnly: boolean): Promise<void> {
  await migrateDatabase({ backupDir: dataDirectory() });
  const reindexed = await syncSearchIndex();
  if (reindexed > 0) console.log(`Search index: wrote ${reindexed} article${reindexed === 1 ? "" : "s"}`);
  const entered = await backfillMediaLibrary();
  if (entered > 0) console.log(`Media library: entered ${entered} earlier upload${entered === 1 ? "" : "s"}`);
  if (migrateOnly) return;
  if (await seedDatabase()) console.log(`Seeded sample content into ${where}`);

  const userCount = (await db.select({ n: count() }).from(users))[0]?.n ?? 0;
  if (userCount === 0) {
    const email = (process.env.ADMIN_EMAIL || "admin@example.com").trim().toLowerCase();
    const password = process.env.ADMIN_PASSWORD || randomPassword();
    const passwordHash = await hashPassword(password);
    await transaction(async (tx) => {
      await tx.insert(users).values({ email, name: "Administrator", role: "administrator", passwordHash });
    });
    if (process.env.ADMIN_PASSWORD) console.log(`Created administrator ${email} with ADMIN_PASSWORD.`);
    else
      console.log(
        `\nCreated administrator ${email}\n  password: ${password}\n  (shown once — sign in at /login and change it)\n`,
      );
  }
}

// `--migrate-only` (db:migrate, build): the schema alone; no secret, sample content or account.
if (import.meta.url === `file://${process.argv[1]}`) {
  const migrateOnly = process.argv.includes("--migrate-only");
  if (!migrateOnly) process.env.AUTH_SECRET ||= ensureAuthSecret();
  await prepare({ migrateOnly });
}
