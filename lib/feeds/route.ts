import { getAuthorBySlug, getSectionBySlug, getTagBySlug } from "@/lib/data/taxonomy";
import { authorPath, sectionPath, tagPath } from "@/lib/site";
import { feedResponse, type FeedTarget } from "./feed";
import type { FeedFormat } from "./formats";

// Every feed URL is one of these: /feed.xml and /atom.xml for the site, and the same two file names
// under a section, tag or author page. Each route file only says which, and is cached like a page
// (revalidate, and no params rendered at build time).

type Resolve<P> = (params: P) => Promise<FeedTarget | null>;

export function feedRoute<P>(format: FeedFormat, resolve: Resolve<P>) {
  return async function GET(_request: Request, context: { params: Promise<P> }): Promise<Response> {
    const target = await resolve(await context.params);
    if (!target) return new Response("Not found", { status: 404, headers: { "Content-Type": "text/plain" } });
    return feedResponse(format, target);
  };
}

export const siteFeed: Resolve<unknown> = async () => ({
  scope: { kind: "site" },
  name: null,
  description: "",
  pagePath: "/",
});

export const sectionFeed: Resolve<{ section: string }> = async ({ section: slug }) => {
  const section = await getSectionBySlug(slug);
  return section
    ? {
        scope: { kind: "section", id: section.id },
        name: section.name,
        description: section.description,
        pagePath: sectionPath(section.slug),
      }
    : null;
};

export const tagFeed: Resolve<{ tag: string }> = async ({ tag: slug }) => {
  const tag = await getTagBySlug(slug);
  return tag
    ? { scope: { kind: "tag", id: tag.id }, name: tag.name, description: "", pagePath: tagPath(tag.slug) }
    : null;
};

export const authorFeed: Resolve<{ slug: string }> = async ({ slug }) => {
  const author = await getAuthorBySlug(slug);
  return author
    ? {
        scope: { kind: "author", id: author.id },
        name: author.name,
        description: "",
        pagePath: authorPath(author.slug),
      }
    : null;
};
