// npm run search:rebuild — rewrites the whole full-text index from the articles, in one transaction
// (readers keep searching the old index until it commits). Safe while the site serves.
import { closeDatabase } from "../db/index";
import { syncSearchIndex } from "../db/search-index";

try {
  const started = performance.now();
  const written = await syncSearchIndex({ everything: true });
  console.log(`Search index rebuilt: ${written} articles in ${Math.round(performance.now() - started)} ms`);
} finally {
  await closeDatabase();
}
