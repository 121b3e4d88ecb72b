import { authorPath } from "@/lib/site";
import type { Byline as BylineAuthor } from "@/lib/data/articles";

/** "By A", "By A and B", "By A, B and C" with each name linking to the author's page. */
export function Byline({ authors, linked = true }: { authors: BylineAuthor[]; linked?: boolean }) {
  if (authors.length === 0) return null;
  return (
    <span>
      By{" "}
      {authors.map((a, i) => (
        <span key={a.id}>
          {i > 0 ? (i === authors.length - 1 ? " and " : ", ") : null}
          {linked ? (
            <a href={authorPath(a.slug)} rel="author" className="font-semibold hover:underline">
              {a.name}
            </a>
          ) : (
            <span className="font-semibold">{a.name}</span>
          )}
        </span>
      ))}
    </span>
  );
}
