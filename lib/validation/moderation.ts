import { z } from "zod";
import { COMMENT_STATUSES } from "@/lib/domain";

export const COMMENT_FILTERS = ["all", ...COMMENT_STATUSES] as const;
export type CommentFilter = (typeof COMMENT_FILTERS)[number];

/** What a moderator can do to comments; "restore" and "unapprove" both return a comment to the queue. */
export const COMMENT_OPERATIONS = ["approve", "unapprove", "spam", "trash", "restore", "delete"] as const;
export type CommentOperation = (typeof COMMENT_OPERATIONS)[number];

export const idList = z.array(z.coerce.number().int().positive()).min(1, "Select at least one comment.").max(500);

export const CommentOperationSchema = z.object({
  ids: idList,
  operation: z.enum(COMMENT_OPERATIONS, "Choose an action."),
});

export const CommentReplySchema = z.object({
  parentId: z.coerce.number().int().positive(),
  body: z.string().trim().min(1, "Please type your reply.").max(65525, "Your reply is too long."),
});

export const CommentEditSchema = z.object({
  id: z.coerce.number().int().positive(),
  authorName: z.string().trim().min(1, "Name is required.").max(245, "The name is too long."),
  authorEmail: z
    .string()
    .trim()
    .max(100, "The email is too long.")
    .pipe(z.email("Please enter a valid email address.")),
  authorUrl: z
    .string()
    .trim()
    .max(200, "The website is too long.")
    .refine((u) => u === "" || /^https?:\/\/[^\s]+$/i.test(u), "The website must start with http:// or https://."),
  body: z.string().trim().min(1, "The comment cannot be empty.").max(65525, "The comment is too long."),
});

/** Only spam and trash can be emptied. */
export const EmptyCommentsSchema = z.object({ status: z.enum(["spam", "trash"]) });
