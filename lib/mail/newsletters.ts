// The newsletters a reader can choose: the daily briefing, and one per section the editors enable in
// Settings. A list's key is stored per subscription: "daily", or "section:<slug>".

export const DAILY_LIST = "daily";

export type Newsletter = { key: string; name: string; description: string };

export const sectionList = (slug: string) => `section:${slug}`;

export function availableNewsletters(
  enabledSections: string[],
  sections: { slug: string; name: string }[],
): Newsletter[] {
  const enabled = new Set(enabledSections);
  return [
    { key: DAILY_LIST, name: "Daily briefing", description: "The lead and the top stories, every morning." },
    ...sections
      .filter((s) => enabled.has(s.slug))
      .map((s) => ({ key: sectionList(s.slug), name: s.name, description: `New stories in ${s.name}.` })),
  ];
}

/** Only keys of newsletters on offer, each once. */
export function chosenLists(requested: string[], offered: Newsletter[]): string[] {
  const keys = new Set(offered.map((n) => n.key));
  return [...new Set(requested)].filter((k) => keys.has(k));
}

/** The same answer whether the address is new, pending, subscribed or unsubscribed. */
export const SIGNUP_ANSWER = "Almost done: we sent you an email. Follow its link to confirm your subscription.";
