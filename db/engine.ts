/** PostgreSQL when DATABASE_URL is set, else the embedded SQLite file (DATABASE_PATH). */
export type Engine = "sqlite" | "postgres";

export const engine: Engine = process.env.DATABASE_URL ? "postgres" : "sqlite";
