import "server-only";
import { renderMarkdown, markdownToPlainText } from "@/lib/articles/markdown";
import type { Article, FeatureImage, SectionRef, TagRef } from "@/lib/data/articles";
import type { ImageSize } from "@/lib/data/image-size";
import type { Author, Section } from "@/lib/data/taxonomy";
import { isoInZone } from "@/lib/format/dates";
import { absoluteUrl, articlePath, authorPath, sectionPath, tagPath } from "@/lib/site";

// The widths Next's image optimiser serves (next.config.js `images.deviceSizes`).
export const IMAGE_WIDTHS = [640, 828, 1200, 1920] as const;

function imageUrl(path: string, width: number): string {
  return absoluteUrl(`/_next/image?url=${encodeURIComponent(path)}&w=${width}&q=75`);
}

export function serializeImage(image: FeatureImage, size: ImageSize | null) {
  // An optimiser never enlarges: widths past the original's are left out.
  const widths = IMAGE_WIDTHS.filter((w) => !size || w <= size.width);
  return {
    url: absoluteUrl(image.path),
    alt: image.alt,
    caption: image.caption,
    credit: image.credit,
    width: size?.width ?? null,
    height: size?.height ?? null,
    sizes: (widths.length ? widths : [IMAGE_WIDTHS[0]]).map((width) => ({ width, url: imageUrl(image.path, width) })),
  };
}

const ref = (r: SectionRef | TagRef, url: string) => ({ id: r.id, name: r.name, slug: r.slug, url });

/** A story as the Content API and webhooks carry it: the body rendered as the story page renders it. */
export function serializeStory(article: Article, timeZone: string, imageSize: ImageSize | null) {
  return {
    id: article.id,
    slug: article.slug,
    url: absoluteUrl(articlePath(article.slug)),
    headline: article.headline,
    dek: article.dek,
    dateline: article.dateline,
    body_html: renderMarkdown(article.body),
    body_text: markdownToPlainText(article.body),
    correction: article.correction,
    feature_image: article.featureImage ? serializeImage(article.featureImage, imageSize) : null,
    section: article.section ? ref(article.section, absoluteUrl(sectionPath(article.section.slug))) : null,
    authors: article.authors.map((a) => ref(a, absoluteUrl(authorPath(a.slug)))),
    tags: article.tags.map((t) => ref(t, absoluteUrl(tagPath(t.slug)))),
    published_at: isoInZone(article.publishedAt, timeZone),
    updated_at: isoInZone(article.updatedAt, timeZone),
  };
}
export type StoryJson = ReturnType<typeof serializeStory>;

export function serializeSection(s: Section) {
  return { id: s.id, name: s.name, slug: s.slug, description: s.description, url: absoluteUrl(sectionPath(s.slug)) };
}

export function serializeTag(t: TagRef) {
  return { id: t.id, name: t.name, slug: t.slug, url: absoluteUrl(tagPath(t.slug)) };
}

export function serializeAuthor(a: Author) {
  return {
    id: a.id,
    name: a.name,
    slug: a.slug,
    bio: a.bio,
    avatar_url: a.avatarPath ? absoluteUrl(a.avatarPath) : null,
    url: absoluteUrl(authorPath(a.slug)),
  };
}
