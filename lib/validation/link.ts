import { z } from "zod";

// Only an address on this site or an http(s) one: never javascript:, data: or a protocol-relative URL.
// The Breaking banner's link and the menus' custom links both go through it.
export function isSafeLinkUrl(value: string): boolean {
  return (/^\/(?!\/)/.test(value) && !/[\s\\]/.test(value)) || /^https?:\/\/[^\s/]+/i.test(value);
}

export const LINK_URL_HINT = "Use an address on this site (/articles/…) or one starting with https://.";

/** A link an editor types: empty, or an address on this site or on the web. */
export const optionalLinkUrl = z
  .string()
  .trim()
  .max(500, "The link is too long.")
  .refine((v) => v === "" || isSafeLinkUrl(v), LINK_URL_HINT);
