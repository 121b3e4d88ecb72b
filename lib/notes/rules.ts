// Mentions in an editorial note: "@" and a colleague's handle, the part of their email before the "@"
// (@elif for elif@example.com), as in a chat. An email address in the text is not a mention.
const MENTION = /(^|[^\w@.])@([a-z0-9](?:[a-z0-9._+-]*[a-z0-9])?)/gi;

/** The handles a note mentions, lower-cased, each once. */
export function parseMentions(body: string): string[] {
  return [...new Set([...body.matchAll(MENTION)].map((m) => m[2].toLowerCase()))];
}

export const NOTE_MAX = 5000;
