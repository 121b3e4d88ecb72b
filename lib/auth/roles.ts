import type { Role } from "@/lib/domain";

// Pure role rules, shared by server guards and by the admin UI (which only hides what the server refuses anyway).
const RANK: Record<Role, number> = { contributor: 1, author: 2, editor: 3, administrator: 4 };

export type SessionUser = { id: number; email: string; name: string; role: Role };

export function hasRole(user: Pick<SessionUser, "role"> | null | undefined, min: Role): boolean {
  return !!user && RANK[user.role] >= RANK[min];
}

/** What an article's ownership check needs: who created it and which users its bylines belong to. */
export type ArticleOwnership = { createdById: number | null; bylineUserIds: number[]; status: string };

export function ownsArticle(user: SessionUser, article: ArticleOwnership): boolean {
  return article.createdById === user.id || article.bylineUserIds.includes(user.id);
}

/** Not on reader pages and never was put there by the writer: a draft, or a story waiting for review. */
export function isUnpublishedStatus(status: string): boolean {
  return status === "draft" || status === "pending";
}

/** Editors edit everything; authors their own; contributors only their own drafts and stories in review. */
export function canEditArticle(user: SessionUser, article: ArticleOwnership): boolean {
  if (hasRole(user, "editor")) return true;
  if (!ownsArticle(user, article)) return false;
  if (user.role === "author") return true;
  return user.role === "contributor" && isUnpublishedStatus(article.status);
}

/** Who works through the review queue: publishes, schedules or sends back what writers submit. */
export function canReview(user: Pick<SessionUser, "role">): boolean {
  return hasRole(user, "editor");
}

export function canPublish(user: SessionUser, article: ArticleOwnership | null): boolean {
  if (hasRole(user, "editor")) return true;
  return user.role === "author" && (article === null || ownsArticle(user, article));
}

/** Bylines are an editorial decision, as in WordPress (changing a post's author needs edit_others_posts). */
export function canChooseBylines(user: Pick<SessionUser, "role">): boolean {
  return hasRole(user, "editor");
}

export const ROLE_LABELS: Record<Role, string> = {
  administrator: "Administrator",
  editor: "Editor",
  author: "Author",
  contributor: "Contributor",
};
