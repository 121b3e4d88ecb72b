import { markdownToPlainText, renderMarkdown } from "@/lib/articles/markdown";
import { absoluteUrl, articlePath } from "@/lib/site";

// Email HTML is not web HTML: tables for layout, inline styles (many clients drop <style>), absolute
// links and images, a light and a dark scheme (clients that honour prefers-color-scheme get the dark one;
// the others invert our light colours, which is why nothing relies on a background image).

/** Filled in per recipient when an issue's stored HTML and text are sent. */
export const MANAGE_URL = "{{manage_url}}";
export const UNSUBSCRIBE_URL = "{{unsubscribe_url}}";

export type Brand = { siteTitle: string; tagline: string; postalAddress: string };

export type EmailStory = {
  slug: string;
  headline: string;
  dek: string;
  body?: string;
  byline: string;
  section: string | null;
  image: { path: string; alt: string } | null;
};

export type RenderedEmail = { subject: string; html: string; text: string };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Links and images in a story body point at the site, wherever the mail is read. */
export function absolutise(html: string): string {
  return html.replace(/(href|src)="(\/[^"]*)"/g, (_m, attr: string, path: string) => `${attr}="${absoluteUrl(path)}"`);
}

const FONT = "Georgia,'Times New Roman',serif";
const SANS = "-apple-system,'Segoe UI',Helvetica,Arial,sans-serif";

function layout(brand: Brand, preheader: string, content: string, footer: string): string {
  const home = absoluteUrl("/");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="color-scheme" content="light dark"><meta name="supported-color-schemes" content="light dark">
<title>${escapeHtml(brand.siteTitle)}</title>
<style>
@media (prefers-color-scheme: dark) {
  .bg { background:#111111 !important; } .card { background:#1c1c1c !important; }
  .ink, .ink a { color:#eeeeee !important; } .muted, .muted a { color:#b5b5b5 !important; } .rule { border-color:#444444 !important; }
  /* More specific than ".ink a": the button sits in the story's cell, and its label must stay dark on light. */
  .button, .ink a.button { background:#eeeeee !important; color:#111111 !important; }
}
.body img { max-width:100%; height:auto; } .body a { color:#9b1c1c; }
</style></head>
<body class="bg" style="margin:0;padding:0;background:#f3f1ec;">
<div style="display:none;max-height:0;overflow:hidden;">${escapeHtml(preheader)}</div>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" class="bg" style="background:#f3f1ec;">
<tr><td align="center" style="padding:24px 12px;">
<table role="presentation" width="600" cellpadding="0" cellspacing="0" class="card" style="width:100%;max-width:600px;background:#ffffff;">
<tr><td class="ink rule" style="padding:24px 32px 16px;border-bottom:3px solid #111111;font-family:${FONT};color:#111111;text-align:center;">
<a href="${home}" style="color:#111111;text-decoration:none;font-size:30px;font-weight:bold;">${escapeHtml(brand.siteTitle)}</a>
<div class="muted" style="font-family:${SANS};font-size:13px;color:#555555;margin-top:4px;">${escapeHtml(brand.tagline)}</div>
</td></tr>
<tr><td class="ink" style="padding:24px 32px;font-family:${FONT};font-size:18px;line-height:1.6;color:#111111;">${content}</td></tr>
<tr><td class="muted rule" style="padding:20px 32px 28px;border-top:1px solid #dddddd;font-family:${SANS};font-size:12px;line-height:1.5;color:#555555;">${footer}</td></tr>
</table></td></tr></table></body></html>`;
}

function newsletterFooter(brand: Brand, why: string): string {
  const address = brand.postalAddress ? `${escapeHtml(brand.postalAddress)}<br>` : "";
  return `${escapeHtml(why)}<br>${address}<a href="${MANAGE_URL}" style="color:#555555;">Manage your newsletters</a> · <a href="${UNSUBSCRIBE_URL}" style="color:#555555;">Unsubscribe</a>`;
}

function textFooter(brand: Brand, why: string): string {
  return ["--", why, brand.postalAddress, `Manage your newsletters: ${MANAGE_URL}`, `Unsubscribe: ${UNSUBSCRIBE_URL}`]
    .filter(Boolean)
    .join("\n");
}

function storyImage(story: EmailStory): string {
  if (!story.image) return "";
  return `<img src="${escapeHtml(absoluteUrl(story.image.path))}" alt="${escapeHtml(story.image.alt)}" width="536" style="display:block;width:100%;max-width:536px;height:auto;margin:0 0 16px;border:0;">`;
}

function button(href: string, label: string): string {
  return `<table role="presentation" cellpadding="0" cellspacing="0" style="margin:24px 0;"><tr><td class="button" style="background:#111111;border-radius:3px;"><a href="${escapeHtml(href)}" class="button" style="display:inline-block;padding:12px 22px;font-family:${SANS};font-size:16px;font-weight:bold;color:#ffffff;text-decoration:none;">${escapeHtml(label)}</a></td></tr></table>`;
}

const kicker = (text: string) =>
  `<div class="muted" style="font-family:${SANS};font-size:12px;letter-spacing:1px;text-transform:uppercase;color:#9b1c1c;font-weight:bold;margin-bottom:8px;">${escapeHtml(text)}</div>`;

/** A story sent as a newsletter: the whole story, with a link to read it on the site. */
export function renderStoryEmail(story: EmailStory, brand: Brand): RenderedEmail {
  const url = absoluteUrl(articlePath(story.slug));
  const why = `You receive this because you subscribed to ${brand.siteTitle}${story.section ? ` (${story.section})` : ""}.`;
  const content = [
    story.section ? kicker(story.section) : "",
    `<h1 style="font-family:${FONT};font-size:30px;line-height:1.2;margin:0 0 12px;"><a href="${escapeHtml(url)}" class="ink" style="color:#111111;text-decoration:none;">${escapeHtml(story.headline)}</a></h1>`,
    story.dek
      ? `<p class="muted" style="font-size:20px;color:#444444;margin:0 0 12px;">${escapeHtml(story.dek)}</p>`
      : "",
    story.byline
      ? `<p class="muted" style="font-family:${SANS};font-size:14px;color:#555555;margin:0 0 16px;">By ${escapeHtml(story.byline)}</p>`
      : "",
    storyImage(story),
    `<div class="body">${absolutise(renderMarkdown(story.body ?? ""))}</div>`,
    button(url, "Read on the site"),
  ].join("\n");
  const text = [
    story.headline.toUpperCase(),
    story.dek,
    story.byline ? `By ${story.byline}` : "",
    "",
    markdownToPlainText(story.body ?? ""),
    "",
    `Read on the site: ${url}`,
    "",
    textFooter(brand, why),
  ];
  return {
    subject: story.headline,
    html: layout(brand, story.dek || story.headline, content, newsletterFooter(brand, why)),
    text: text.join("\n"),
  };
}

/** The daily briefing: the lead with its picture, then the day's other top stories. */
export function renderBriefingEmail(stories: EmailStory[], brand: Brand, dateLabel: string): RenderedEmail {
  const [lead, ...rest] = stories;
  const link = (s: EmailStory) => escapeHtml(absoluteUrl(articlePath(s.slug)));
  const why = `You receive the Daily briefing because you subscribed to it at ${brand.siteTitle}.`;
  const content = [
    kicker(`Daily briefing · ${dateLabel}`),
    storyImage(lead),
    `<h1 style="font-family:${FONT};font-size:28px;line-height:1.2;margin:0 0 10px;"><a href="${link(lead)}" class="ink" style="color:#111111;text-decoration:none;">${escapeHtml(lead.headline)}</a></h1>`,
    lead.dek ? `<p class="muted" style="color:#444444;margin:0 0 20px;">${escapeHtml(lead.dek)}</p>` : "",
    ...rest.map(
      (s) =>
        `<div class="rule" style="border-top:1px solid #dddddd;padding:14px 0;">${s.section ? kicker(s.section) : ""}<a href="${link(s)}" class="ink" style="font-size:20px;font-weight:bold;color:#111111;text-decoration:none;">${escapeHtml(s.headline)}</a>${s.dek ? `<div class="muted" style="font-size:16px;color:#444444;margin-top:4px;">${escapeHtml(s.dek)}</div>` : ""}</div>`,
    ),
  ].join("\n");
  const text = [
    `DAILY BRIEFING · ${dateLabel}`,
    "",
    ...stories.flatMap((s) => [s.headline, s.dek, absoluteUrl(articlePath(s.slug)), ""].filter((l, i) => l || i === 3)),
    textFooter(brand, why),
  ];
  return {
    subject: `Daily briefing: ${lead.headline}`,
    html: layout(brand, lead.headline, content, newsletterFooter(brand, why)),
    text: text.join("\n"),
  };
}

/** The double opt-in: nothing else is sent to an address until its owner follows this link. */
export function renderConfirmationEmail(brand: Brand, confirmUrl: string, newsletters: string[]): RenderedEmail {
  const list = newsletters.length ? newsletters.join(", ") : "our newsletters";
  const content = [
    `<h1 style="font-family:${FONT};font-size:26px;margin:0 0 12px;">Confirm your subscription</h1>`,
    `<p style="margin:0 0 12px;">Someone — we hope you — asked to receive ${escapeHtml(list)} from ${escapeHtml(brand.siteTitle)} at this address.</p>`,
    button(confirmUrl, "Yes, subscribe me"),
    `<p class="muted" style="font-family:${SANS};font-size:14px;color:#555555;">The link works for 48 hours. If you did not ask for this, ignore this email: you will not hear from us again.</p>`,
  ].join("\n");
  const footer = brand.postalAddress ? escapeHtml(brand.postalAddress) : escapeHtml(brand.siteTitle);
  const text = [
    "Confirm your subscription",
    "",
    `Someone — we hope you — asked to receive ${list} from ${brand.siteTitle} at this address.`,
    "",
    `Yes, subscribe me: ${confirmUrl}`,
    "",
    "The link works for 48 hours. If you did not ask for this, ignore this email: you will not hear from us again.",
    "",
    "--",
    brand.postalAddress || brand.siteTitle,
  ];
  return {
    subject: `Confirm your subscription to ${brand.siteTitle}`,
    html: layout(brand, "One click to confirm", content, footer),
    text: text.join("\n"),
  };
}

/** Puts one recipient's links into an issue's stored HTML or text. */
export function personalise(body: string, links: { manage: string; unsubscribe: string }, html: boolean): string {
  const esc = html ? escapeHtml : (v: string) => v;
  return body.replaceAll(MANAGE_URL, esc(links.manage)).replaceAll(UNSUBSCRIBE_URL, esc(links.unsubscribe));
}
