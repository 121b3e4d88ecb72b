// The one database client, whatever the engine: `db` for reads, `transaction()` for every write,
// `rows()`/`row()` for the rare raw query. Engine differences stay in this folder and lib/data.
import { AsyncLocalStorage } from "node:async_hooks";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { sql, type SQL } from "drizzle-orm";
import { drizzle as drizzleSqlite, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { drizzle as drizzlePg, type NodePgDatabase } from "drizzle-orm/node-postgres";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import pg from "pg";
import { askPrimary, tellPrimary } from "../lib/cluster/ipc.mjs";
import { observeQuery } from "../lib/observability/metrics";
import { backupBeforeMigrating } from "./backup-sqlite";
import { engine } from "./engine";
import { migrateSqlite } from "./migrate-sqlite";
import * as pgSchema from "./schema/postgres";
import * as sqliteSchema from "./schema/sqlite";

export { engine, type Engine } from "./engine";

/**
 * What callers may use: Drizzle's PostgreSQL API, which SQLite's builders also answer when awaited.
 * Left out are the parts that differ by engine: transactions (use `transaction()`), raw execution
 * (use `rows()`/`row()`), the driver client and PostgreSQL-only statements.
 */
export type Db = Omit<
  NodePgDatabase<typeof pgSchema>,
  "transaction" | "execute" | "$client" | "selectDistinctOn" | "refreshMaterializedView"
>;

export const MIGRATIONS_FOLDER = path.join(process.cwd(), "db", "migrations");
export const PG_MIGRATIONS_FOLDER = path.join(process.cwd(), "db", "migrations-pg");

export function databasePath(): string {
  return process.env.DATABASE_PATH || path.join(process.cwd(), "data", "news.db");
}

type Connection = {
  reads: Db;
  transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T>;
  rows<T>(query: SQL, on: Db): Promise<T[]>;
  run(query: SQL, on: Db): Promise<void>;
  migrate(options: MigrateOptions): Promise<void>;
  close(): Promise<void>;
};

/** The transaction the current async call chain runs in, so a nested `transaction()` joins it. */
type Scope = { tx: Db; open: boolean };

/** Runs one task at a time, in call order. */
function createMutex() {
  let tail: Promise<void> = Promise.resolve();
  return async function exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const previous = tail;
    let release!: () => void;
    tail = new Promise((resolve) => (release = resolve));
    await previous;
    try {
      return await fn();
    } finally {
      release();
    }
  };
}

// Every statement's time, for the database metric: better-sqlite3's statements share one prototype,
// wrapped once per process.
const TIMED = Symbol.for("newsroom.timedStatements");
function timeSqliteStatements(connection: Database.Database): void {
  const proto = Object.getPrototypeOf(connection.prepare("select 1")) as Record<string | symbol, unknown>;
  if (proto[TIMED]) return;
  proto[TIMED] = true;
  for (const method of ["run", "get", "all"] as const) {
    const original = proto[method] as (...args: unknown[]) => unknown;
    proto[method] = function timed(this: unknown, ...args: unknown[]) {
      const started = performance.now();
      try {
        return original.apply(this, args);
      } finally {
        observeQuery("sqlite", (performance.now() - started) / 1000);
      }
    };
  }
}

// Drizzle asks better-sqlite3 to compile each query's SQL anew every time it runs; the same few hundred
// texts come back on every request, so each connection keeps its compiled statements (the most recently
// used STATEMENTS_KEPT). A kept statement is handed back in its default row mode: drizzle switches one
// to raw() for values() and never back.
const STATEMENTS_KEPT = 500;
function keepStatements(connection: Database.Database): void {
  const compile = connection.prepare.bind(connection);
  const kept = new Map<string, Database.Statement>();
  connection.prepare = ((source: string) => {
    let statement = kept.get(source);
    if (statement === undefined) {
      statement = compile(source);
      if (kept.size >= STATEMENTS_KEPT) kept.delete(kept.keys().next().value!);
    } else kept.delete(source);
    kept.set(source, statement);
    if (statement.reader) statement.raw(false);
    return statement;
  }) as Database.Database["prepare"];
}

type SqliteWriter = {
  writer: Database.Database;
  writes: Db;
  memory: boolean;
  exclusive: ReturnType<typeof createMutex>;
  setWritable: (on: boolean) => void;
};

/**
 * better-sqlite3's own transaction() takes only a synchronous function, and one connection cannot hold
 * two transactions: so a process-wide queue, BEGIN IMMEDIATE (take the write lock now, not at the first
 * write) and COMMIT or ROLLBACK around the awaited body. A transaction() inside one joins it.
 */
function sqliteTransactions({ writer, writes, memory, exclusive, setWritable }: SqliteWriter) {
  const scope = new AsyncLocalStorage<Scope>();
  return function transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
    const outer = scope.getStore();
    if (outer?.open) return fn(outer.tx);
    return exclusive(async () => {
      const current: Scope = { tx: writes, open: true };
      // The workers of one server take turns through their primary (lib/cluster/primary.ts) rather
      // than meet in SQLite's busy handler; alone, this is null at once.
      const turn = memory ? null : await askPrimary("sqlite-write", null, Infinity);
      setWritable(true);
      try {
        writer.exec("BEGIN IMMEDIATE");
        const result = await scope.run(current, () => fn(current.tx));
        writer.exec("COMMIT");
        return result;
      } catch (error) {
        if (writer.inTransaction) writer.exec("ROLLBACK");
        throw error;
      } finally {
        current.open = false;
        setWritable(false);
        if (turn) tellPrimary("sqlite-written", null);
      }
    });
  };
}

function openSqlite(file: string): Connection {
  const memory = file === ":memory:";
  if (!memory) fs.mkdirSync(path.dirname(path.resolve(/*turbopackIgnore: true*/ file)), { recursive: true });
  const writer = new Database(file);
  writer.pragma("journal_mode = WAL");
  writer.pragma("foreign_keys = ON");
  // Several processes (the server, scripts, tests) may write at once; wait for the lock instead of failing.
  writer.pragma("busy_timeout = 5000");
  writer.pragma("synchronous = NORMAL");
  timeSqliteStatements(writer);
  // Reads go through a read-only connection, so a write outside transaction() fails loudly instead of
  // slipping between another request's statements. An in-memory database exists only on its one
  // connection; there the same effect comes from query_only, lifted while a transaction runs.
  const reader = memory ? writer : new Database(file, { readonly: true });
  if (memory) writer.pragma("query_only = ON");
  else reader.pragma("busy_timeout = 5000");
  keepStatements(writer);
  if (!memory) keepStatements(reader);

  const reads = drizzleSqlite(reader, { schema: sqliteSchema });
  const writes = memory ? reads : drizzleSqlite(writer, { schema: sqliteSchema });
  const exclusive = createMutex();
  const setWritable = (on: boolean) => {
    if (memory) writer.pragma(`query_only = ${on ? "OFF" : "ON"}`);
  };

  return {
    reads: reads as unknown as Db,
    transaction: sqliteTransactions({ writer, writes: writes as unknown as Db, memory, exclusive, setWritable }),
    async rows<T>(query: SQL, on: Db) {
      return (on as unknown as BetterSQLite3Database).all<T>(query);
    },
    // better-sqlite3 refuses all() for a statement that returns no rows (and FTS5 has no RETURNING).
    async run(query: SQL, on: Db) {
      (on as unknown as BetterSQLite3Database).run(query);
    },
    migrate: ({ backupDir }) =>
      exclusive(async () => {
        setWritable(true);
        try {
          const beforeMigrating = backupDir ? backupBeforeMigrating(writer, backupDir) : undefined;
          migrateSqlite(writer, MIGRATIONS_FOLDER, { beforeMigrating });
        } finally {
          setWritable(false);
        }
      }),
    async close() {
      // The writer last: only a writable connection checkpoints the WAL and removes it on close.
      if (reader !== writer) reader.close();
      writer.close();
    },
  };
}

// PostgreSQL cannot store a NUL in text, which SQLite stores (and every output drops): it is dropped from
// every text parameter, so no write fails on PostgreSQL that succeeds on SQLite.
const withoutNul = (value: unknown): unknown =>
  typeof value === "string" ? value.replaceAll("\0", "") : Array.isArray(value) ? value.map(withoutNul) : value;

class NulFreeClient extends pg.Client {
  constructor(config?: string | pg.ClientConfig) {
    super(config);
    const query = this.query.bind(this) as (...args: unknown[]) => unknown;
    this.query = ((statement: unknown, ...rest: unknown[]) => {
      const plain = statement !== null && typeof statement === "object" && !("submit" in statement);
      const values = plain ? (statement as { values?: unknown }).values : undefined;
      const cleaned = Array.isArray(values) ? { ...(statement as object), values: withoutNul(values) } : statement;
      const result = query(cleaned, ...rest.map(withoutNul));
      if (result instanceof Promise) {
        const started = performance.now();
        void result.then(
          () => observeQuery("postgres", (performance.now() - started) / 1000),
          () => {},
        );
      }
      return result;
    }) as typeof this.query;
  }
}

// Any number for pg_advisory_xact_lock, the same in every instance: the lock that makes writers take turns.
const WRITE_LOCK = 0x6e657773;

function openPostgres(url: string): Connection {
  const pool = new pg.Pool({
    connectionString: url,
    Client: NulFreeClient,
    max: Number(process.env.DATABASE_POOL_SIZE || 10),
    statement_timeout: Number(process.env.DATABASE_STATEMENT_TIMEOUT_MS || 30_000),
    // As on SQLite, `db` only reads: a write outside transaction() fails loudly.
    options: "-c default_transaction_read_only=on",
  });
  // An idle connection dropped by the server must not take the process down; the next query reconnects.
  pool.on("error", (error) => console.error("PostgreSQL pool:", error.message));
  const client = drizzlePg(pool, { schema: pgSchema });
  const scope = new AsyncLocalStorage<Scope>();
  const exclusive = createMutex();
  return {
    reads: client,
    // Writers take turns, as on SQLite, so a body that reads then writes never interleaves with another
    // (PostgreSQL's default isolation would let two such bodies both act on what they read): in this
    // process a queue, so waiting holds no connection; across instances an advisory lock.
    transaction(fn) {
      const outer = scope.getStore();
      if (outer?.open) return fn(outer.tx);
      return exclusive(() =>
        client.transaction(
          async (tx) => {
            await tx.execute(sql`select pg_advisory_xact_lock(${WRITE_LOCK})`);
            const current: Scope = { tx, open: true };
            try {
              return await scope.run(current, () => fn(tx));
            } finally {
              current.open = false;
            }
          },
          { accessMode: "read write" },
        ),
      );
    },
    async rows<T>(query: SQL, on: Db) {
      return (await (on as unknown as NodePgDatabase).execute(query)).rows as T[];
    },
    async run(query: SQL, on: Db) {
      await (on as unknown as NodePgDatabase).execute(query);
    },
    // Migrations write outside transaction() (drizzle's migrator), on a connection of their own.
    async migrate() {
      const migrator = new NulFreeClient({ connectionString: url });
      await migrator.connect();
      try {
        await exclusive(() => migratePg(drizzlePg(migrator), { migrationsFolder: PG_MIGRATIONS_FOLDER }));
      } finally {
        await migrator.end();
      }
    },
    close: () => pool.end(),
  };
}

// One client per process and database, on globalThis: Next loads server modules more than once per
// process, and dev reloads would otherwise leak connections.
const globalForDb = globalThis as unknown as { newsroomDatabase?: { key: string; connection: Connection } };

function connection(): Connection {
  const url = process.env.DATABASE_URL;
  const key = engine === "postgres" && url ? `postgres:${url}` : `sqlite:${databasePath()}`;
  const current = globalForDb.newsroomDatabase;
  if (current?.key === key) return current.connection;
  if (current) void current.connection.close().catch(() => {});
  const opened = engine === "postgres" && url ? openPostgres(url) : openSqlite(databasePath());
  globalForDb.newsroomDatabase = { key, connection: opened };
  return opened;
}

/** Reads. Opened on first use, so importing this module touches no database. */
export const db: Db = new Proxy({} as Db, {
  get(_, property) {
    const target = connection().reads;
    const value = Reflect.get(target, property, target);
    return typeof value === "function" ? value.bind(target) : value;
  },
});

/** A query prepared by Drizzle: built once, run with the values of its `sql.placeholder`s. */
type Prepared<P, R> = { execute(placeholders?: P): PromiseLike<R> };

/**
 * A read built once per connection (Drizzle's prepare) and run with `sql.placeholder` values. Building a
 * query costs more than SQLite takes to answer a lookup by index — Drizzle checks each piece's kind by
 * walking prototypes: 40–110 µs against 4 µs for the comment rules' reads, made on every post — so the
 * reads on that path are prepared.
 */
export function preparedRead<P extends Record<string, unknown>, R>(
  build: (db: Db) => { prepare(name: string): Prepared<P, R> },
): (placeholders: P) => Promise<R> {
  // Per connection: a test or a script that moves to another database gets its own statements.
  const byConnection = new WeakMap<Connection, Prepared<P, R>>();
  return async (placeholders) => {
    const current = connection();
    let query = byConnection.get(current);
    // No name: PostgreSQL gets an unnamed statement, as for any query (a named one would not survive a
    // pooler such as PgBouncer in transaction mode, nor a column's type changed by another instance's
    // migration); what is saved is Drizzle's building. SQLite keeps its compiled statement either way.
    if (query === undefined) byConnection.set(current, (query = build(current.reads).prepare("")));
    return query.execute(placeholders);
  };
}

/**
 * Runs `fn` in one transaction and returns its result: committed when it resolves, rolled back when
 * it throws. Every write goes through here, and everything inside uses `tx`, not `db` (which cannot
 * see the transaction's own writes). A nested call joins the transaction it runs in.
 */
export function transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
  return connection().transaction(fn);
}

/** A raw query's rows, with the columns as the SQL names them. Inside a transaction pass its `tx`. */
export function rows<T>(query: SQL, on: Db = db): Promise<T[]> {
  return connection().rows<T>(query, on);
}

/** A raw statement that returns no rows (insert, delete). Inside a transaction pass its `tx`. */
export function run(query: SQL, on: Db): Promise<void> {
  return connection().run(query, on);
}

/** A raw query's first row, or undefined. */
export async function row<T>(query: SQL, on: Db = db): Promise<T | undefined> {
  return (await rows<T>(query, on))[0];
}

// Any constant: advisory locks are per database, so two publications on one server never wait for each other.
const SETUP_LOCK_KEY = 7_262_018_460_155;

/**
 * Runs `fn` while no other process runs its own `withSetupLock` on this database. Instances of a site
 * started together each prepare it (migrations, sample content, first administrator): on PostgreSQL they
 * take turns on a session advisory lock, so the first does the work and the others find it done. Held
 * on a connection of its own, outside the pool and its statement timeout, so a long migration elsewhere
 * is waited for. A SQLite file serves one process, whose writes take the file's write lock anyway.
 */
export async function withSetupLock<T>(fn: () => Promise<T>): Promise<T> {
  const url = process.env.DATABASE_URL;
  if (engine !== "postgres" || !url) return fn();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("select pg_advisory_lock($1)", [SETUP_LOCK_KEY]);
    return await fn();
  } finally {
    // Ending the session releases the lock too, also when the unlock cannot be sent.
    await client.end().catch(() => {});
  }
}

export type MigrateOptions = {
  /** SQLite: where to put a backup of the database before a pending migration changes it. */
  backupDir?: string;
};

/** Applies the committed migrations of the engine in use (db/migrations or db/migrations-pg). */
export function migrateDatabase(options: MigrateOptions = {}): Promise<void> {
  return connection().migrate(options);
}

/** Closes this process's connections (scripts, tests); the next use opens them again. */
export async function closeDatabase(): Promise<void> {
  const current = globalForDb.newsroomDatabase;
  delete globalForDb.newsroomDatabase;
  await current?.connection.close();
}
