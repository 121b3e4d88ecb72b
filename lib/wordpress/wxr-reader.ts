import { StringDecoder } from "node:string_decoder";
import { SaxesParser, type SaxesTag } from "saxes";
import type {
  WxrAuthor,
  WxrCategory,
  WxrComment,
  WxrItem,
  WxrMeta,
  WxrRecord,
  WxrSite,
  WxrTag,
  WxrTerm,
} from "./wxr-types";

export class WxrError extends Error {}

export type ReadWxrOptions = {
  /** Called after each chunk is parsed with the bytes read so far (for a progress bar). */
  onBytes?: (bytesRead: number) => void;
  /** Recoverable problems: an undefined entity, control characters WordPress let through. */
  onWarning?: (message: string) => void;
};

/** A file or upload stream (Node or web), or any (async) iterable of byte or string chunks. */
export type WxrSource = AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>;

/** A captured element: only the records we yield are built, one at a time, then dropped. */
type Node = { name: string; attrs: Record<string, string> | null; text: string[] | null; children: Node[] | null };

// A string chunk larger than this is fed in slices, so one write never queues an unbounded number of records.
const SLICE = 64 * 1024;
// XML 1.0 forbids these; old WordPress sites still export them from pasted text.
const CONTROL_CHARS = /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]/g;
const RECORD_ELEMENTS = new Set(["item", "wp:author", "wp:category", "wp:tag", "wp:term"]);
const SITE_FIELDS: Record<string, keyof WxrSite> = {
  title: "title",
  link: "link",
  description: "description",
  language: "language",
  generator: "generator",
  "wp:wxr_version": "wxrVersion",
  "wp:base_site_url": "baseSiteUrl",
  "wp:base_blog_url": "baseBlogUrl",
};

/**
 * Reads a WXR export from a byte (or string) stream and yields its records one at a time: the site,
 * then authors, categories, tags and terms, then items with their comments. The stream is pulled only
 * as records are consumed, so a slow consumer holds the file back (backpressure) and memory stays at
 * one chunk plus the item being built. Breaking out of the loop stops reading.
 */
export async function* readWxr(source: WxrSource, options: ReadWxrOptions = {}): AsyncGenerator<WxrRecord> {
  const state = new WxrParseState(options.onWarning ?? (() => {}));
  let decoder: ChunkDecoder | null = null;
  let bytesRead = 0;
  let controlChars = 0;
  for await (const chunk of source) {
    let text: string;
    if (typeof chunk === "string") {
      text = chunk;
      bytesRead += Buffer.byteLength(chunk);
    } else {
      decoder ??= chunkDecoder(declaredEncoding(chunk));
      text = decoder.write(chunk);
      bytesRead += chunk.byteLength;
    }
    text = text.replace(CONTROL_CHARS, () => (controlChars++, ""));
    for (let i = 0; i < text.length; i += SLICE) {
      state.write(text.length <= SLICE ? text : text.slice(i, i + SLICE));
      yield* state.drain();
    }
    options.onBytes?.(bytesRead);
  }
  if (decoder) state.write(decoder.end());
  state.close();
  if (controlChars > 0) options.onWarning?.(`${controlChars} control characters that XML forbids were removed.`);
  yield* state.drain();
}

type ChunkDecoder = { write(chunk: Uint8Array): string; end(): string };

/** Node's own UTF-8 decoder is the fast one; TextDecoder covers the rare site in another charset. */
function chunkDecoder(encoding: string): ChunkDecoder {
  if (encoding === "utf-8") {
    const utf8 = new StringDecoder("utf8");
    return { write: (chunk) => utf8.write(chunk as Buffer), end: () => utf8.end() };
  }
  const other = new TextDecoder(encoding, { fatal: false });
  return { write: (chunk) => other.decode(chunk, { stream: true }), end: () => other.decode() };
}

/** WordPress writes the blog's charset in the XML declaration; almost always UTF-8. */
function declaredEncoding(firstChunk: Uint8Array): string {
  const head = Buffer.from(firstChunk.buffer, firstChunk.byteOffset, Math.min(firstChunk.byteLength, 200)).toString(
    "latin1",
  );
  const label = /^\s*<\?xml[^>]*encoding=["']([A-Za-z0-9._-]+)["']/.exec(head)?.[1];
  if (!label) return "utf-8";
  try {
    return new TextDecoder(label).encoding;
  } catch {
    return "utf-8";
  }
}

/** The prefix this reader uses for a namespace, whatever prefix the file bound it to. */
function namespacePrefix(uri: string): string {
  if (uri === "") return "";
  if (/^https?:\/\/wordpress\.org\/export\/[^/]+\/excerpt\/$/.test(uri)) return "excerpt:";
  if (/^https?:\/\/wordpress\.org\/export\/[^/]+\/$/.test(uri)) return "wp:";
  if (uri === "http://purl.org/rss/1.0/modules/content/") return "content:";
  if (uri === "http://purl.org/dc/elements/1.1/") return "dc:";
  if (uri === "http://wellformedweb.org/CommentAPI/") return "wfw:";
  return `{${uri}}`;
}

class WxrParseState {
  // Namespace resolution is done once from the root's declarations rather than by the parser on every
  // element: WordPress binds wp:, content:, excerpt: and dc: there and nowhere else.
  private parser = new SaxesParser();
  private names = new Map<string, string>();
  private prefixes = new Map<string, string>();
  private queue: WxrRecord[] = [];
  private depth = 0;
  private site: WxrSite = emptySite();
  private siteSent = false;
  private siteField: keyof WxrSite | null = null;
  private siteText: string[] = [];
  // The record being built: its root and the path of open elements inside it.
  private stack: Node[] = [];
  private sawRoot = false;

  constructor(private warn: (message: string) => void) {
    this.parser.on("opentag", (tag) => this.openTag(tag));
    this.parser.on("closetag", () => this.closeTag());
    this.parser.on("text", (text) => this.text(text));
    this.parser.on("cdata", (text) => this.text(text));
    this.parser.on("error", (err) => this.error(err));
    // WordPress names itself in a comment before <rss>; its <generator> element comes only after the terms.
    this.parser.on("comment", (comment) => {
      const generator = this.depth === 0 && /generator="([^"]+)"/.exec(comment)?.[1];
      if (generator) this.site.generator ||= generator;
    });
  }

  write(text: string) {
    this.parser.write(text);
  }

  close() {
    this.parser.close();
    if (!this.sawRoot) throw new WxrError("The file is empty: it is not a WordPress export (WXR).");
    this.sendSite();
  }

  *drain(): Generator<WxrRecord> {
    const ready = this.queue;
    this.queue = [];
    yield* ready;
  }

  private error(err: Error) {
    const [, line, column, message] = /^(\d+):(\d+): (.*)$/s.exec(err.message) ?? [, "?", "?", err.message];
    const where = `line ${line}, column ${Number(column) + 1}`;
    // An entity HTML knows but XML does not (&nbsp; in an old title) stays as text for the HTML decoding
    // later; a stray non-character is dropped. Anything else means the file is broken or truncated.
    if (message === "undefined entity." || message === "disallowed character.") {
      return this.warn(`${where}: ${message.replace(/\.$/, "")} (kept going).`);
    }
    if (!this.sawRoot) throw new WxrError("The file is not a WordPress export (WXR): no XML document in it.");
    throw new WxrError(`The file is not a well-formed WordPress export: ${where}: ${message}`);
  }

  private canonicalName(name: string): string {
    let canonical = this.names.get(name);
    if (canonical === undefined) {
      const colon = name.indexOf(":");
      const prefix = colon < 0 ? "" : name.slice(0, colon);
      const mapped = colon < 0 ? "" : (this.prefixes.get(prefix) ?? `${prefix}:`);
      canonical = `${mapped}${name.slice(colon + 1)}`;
      this.names.set(name, canonical);
    }
    return canonical;
  }

  private openTag(tag: SaxesTag) {
    this.depth++;
    const name = this.canonicalName(tag.name);
    if (this.depth === 1) {
      this.sawRoot = true;
      if (name !== "rss") throw new WxrError(`The file is not a WordPress export (WXR): its root is <${tag.name}>.`);
      for (const [attr, uri] of Object.entries(tag.attributes)) {
        if (attr.startsWith("xmlns:")) this.prefixes.set(attr.slice(6), namespacePrefix(String(uri)));
      }
      this.names.clear();
      return;
    }
    if (this.stack.length > 0) {
      const node = makeNode(name, tag);
      const parent = this.stack[this.stack.length - 1];
      (parent.children ??= []).push(node);
      this.stack.push(node);
      return;
    }
    if (this.depth !== 3) return;
    if (RECORD_ELEMENTS.has(name)) {
      this.sendSite();
      this.stack.push(makeNode(name, tag));
    } else if (name in SITE_FIELDS && !this.siteSent) {
      this.siteField = SITE_FIELDS[name];
      this.siteText = [];
    }
  }

  private closeTag() {
    this.depth--;
    if (this.stack.length > 0) {
      const node = this.stack.pop()!;
      if (this.stack.length === 0) this.queue.push(toRecord(node));
      return;
    }
    if (this.siteField && this.depth === 2) {
      const value = this.siteText.join("").trim();
      if (value) this.site[this.siteField] = value;
      this.siteField = null;
    }
  }

  private text(text: string) {
    if (this.stack.length > 0) (this.stack[this.stack.length - 1].text ??= []).push(text);
    else if (this.siteField) this.siteText.push(text);
  }

  private sendSite() {
    if (this.siteSent) return;
    this.siteSent = true;
    this.queue.push({ kind: "site", site: this.site });
  }
}

function emptySite(): WxrSite {
  return {
    title: "",
    link: "",
    description: "",
    language: "",
    wxrVersion: "",
    baseSiteUrl: "",
    baseBlogUrl: "",
    generator: "",
  };
}

function makeNode(name: string, tag: SaxesTag): Node {
  let attrs: Record<string, string> | null = null;
  for (const key in tag.attributes) {
    if (key === "xmlns" || key.startsWith("xmlns:")) continue;
    (attrs ??= {})[key] = unpinned(String(tag.attributes[key]));
  }
  return { name, attrs, text: null, children: null };
}

function toRecord(node: Node): WxrRecord {
  switch (node.name) {
    case "item":
      return { kind: "item", item: toItem(node) };
    case "wp:author":
      return { kind: "author", author: toAuthor(fields(node)) };
    case "wp:category":
      return { kind: "category", category: toCategory(fields(node)) };
    case "wp:tag":
      return { kind: "tag", tag: toTag(fields(node)) };
    default:
      return { kind: "term", term: toTerm(fields(node)) };
  }
}

type Fields = Map<string, string>;

/** The text of each child element by name (the first one when a name repeats). */
function fields(node: Node): Fields {
  const map: Fields = new Map();
  if (node.children) for (const child of node.children) if (!map.has(child.name)) map.set(child.name, textOf(child));
  return map;
}

function textOf(node: Node): string {
  if (!node.text) return "";
  return node.text.length === 1 ? unpinned(node.text[0]) : node.text.join("");
}

/**
 * V8 cuts a substring as a view of the string it came from: a post id or slug kept by a caller would keep
 * the parser's whole input chunk alive with it. Short values are copied so a record owns its strings.
 */
function unpinned(text: string): string {
  return text.length < 2048 ? (" " + text).slice(1) : text;
}

const str = (f: Fields, name: string) => (f.get(name) ?? "").trim();
const int = (f: Fields, name: string) => {
  const n = Number.parseInt(str(f, name), 10);
  return Number.isFinite(n) ? n : null;
};

function toAuthor(f: Fields): WxrAuthor {
  return {
    id: int(f, "wp:author_id"),
    login: str(f, "wp:author_login"),
    email: str(f, "wp:author_email"),
    displayName: str(f, "wp:author_display_name"),
    firstName: str(f, "wp:author_first_name"),
    lastName: str(f, "wp:author_last_name"),
    description: str(f, "wp:author_description"),
  };
}

function toCategory(f: Fields): WxrCategory {
  return {
    termId: int(f, "wp:term_id"),
    slug: str(f, "wp:category_nicename"),
    parentSlug: str(f, "wp:category_parent"),
    name: str(f, "wp:cat_name"),
    description: str(f, "wp:category_description"),
  };
}

function toTag(f: Fields): WxrTag {
  return {
    termId: int(f, "wp:term_id"),
    slug: str(f, "wp:tag_slug"),
    name: str(f, "wp:tag_name"),
    description: str(f, "wp:tag_description"),
  };
}

function toTerm(f: Fields): WxrTerm {
  return {
    termId: int(f, "wp:term_id"),
    taxonomy: str(f, "wp:term_taxonomy"),
    slug: str(f, "wp:term_slug"),
    parentSlug: str(f, "wp:term_parent"),
    name: str(f, "wp:term_name"),
    description: str(f, "wp:term_description"),
  };
}

function toMeta(node: Node): WxrMeta {
  const f = fields(node);
  // Meta values are data, not text: keep their whitespace.
  return { key: str(f, "wp:meta_key"), value: f.get("wp:meta_value") ?? "" };
}

function toComment(node: Node): WxrComment {
  const f = fields(node);
  return {
    id: int(f, "wp:comment_id") ?? 0,
    author: str(f, "wp:comment_author"),
    authorEmail: str(f, "wp:comment_author_email"),
    authorUrl: str(f, "wp:comment_author_url"),
    authorIp: str(f, "wp:comment_author_IP"),
    date: str(f, "wp:comment_date"),
    dateGmt: str(f, "wp:comment_date_gmt"),
    content: f.get("wp:comment_content") ?? "",
    approved: str(f, "wp:comment_approved"),
    type: str(f, "wp:comment_type"),
    parent: int(f, "wp:comment_parent") ?? 0,
    userId: int(f, "wp:comment_user_id") ?? 0,
    meta: (node.children ?? []).filter((c) => c.name === "wp:commentmeta").map(toMeta),
  };
}

function toItem(node: Node): WxrItem {
  const f = fields(node);
  const item: WxrItem = {
    postId: int(f, "wp:post_id") ?? 0,
    title: str(f, "title"),
    link: str(f, "link"),
    guid: str(f, "guid"),
    pubDate: str(f, "pubDate"),
    creator: str(f, "dc:creator"),
    description: str(f, "description"),
    // Bodies keep their exact whitespace: classic content's blank lines are its paragraphs.
    content: f.get("content:encoded") ?? "",
    excerpt: f.get("excerpt:encoded") ?? "",
    postDate: str(f, "wp:post_date"),
    postDateGmt: str(f, "wp:post_date_gmt"),
    postModified: str(f, "wp:post_modified"),
    postModifiedGmt: str(f, "wp:post_modified_gmt"),
    commentStatus: str(f, "wp:comment_status"),
    pingStatus: str(f, "wp:ping_status"),
    postName: str(f, "wp:post_name"),
    status: str(f, "wp:status"),
    postParent: int(f, "wp:post_parent") ?? 0,
    menuOrder: int(f, "wp:menu_order") ?? 0,
    postType: str(f, "wp:post_type"),
    postPassword: f.get("wp:post_password") ?? "",
    isSticky: str(f, "wp:is_sticky") === "1",
    attachmentUrl: str(f, "wp:attachment_url"),
    terms: [],
    meta: [],
    comments: [],
  };
  for (const child of node.children ?? []) {
    if (child.name === "category") {
      item.terms.push({
        domain: child.attrs?.domain ?? "category",
        nicename: child.attrs?.nicename ?? "",
        name: textOf(child).trim(),
      });
    } else if (child.name === "wp:postmeta") item.meta.push(toMeta(child));
    else if (child.name === "wp:comment") item.comments.push(toComment(child));
  }
  return item;
}
