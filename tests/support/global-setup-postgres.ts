import type { TestProject } from "vitest/node";
import { createMigratedTemplate } from "./scratch-postgres";

declare module "vitest" {
  export interface ProvidedContext {
    postgresTemplate: string;
  }
}

// Project "postgres", once per run: a migrated database that each test file's scratch database copies
// (tests/support/setup-postgres.ts), dropped at the end.
export default async function setup(project: TestProject) {
  const template = await createMigratedTemplate();
  project.provide("postgresTemplate", template.name);
  return template.drop;
}
