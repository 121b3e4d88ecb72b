// The publication's static pages as the seed ships them: what every newsroom has to say about itself.
export type SeedPage = { slug: string; title: string; body: string };

export const PAGES: SeedPage[] = [
  {
    slug: "about",
    title: "About",
    body: `The Meridian Post is an independent newsroom covering Istanbul, Türkiye and the region around it, in English.

## Who we are

We are a small team of reporters and editors, funded by our readers. No owner, advertiser or party tells us what to cover.

## How to reach us

Tips, corrections and letters are welcome. Write to the newsroom at [newsroom@example.org](mailto:newsroom@example.org).`,
  },
  {
    slug: "corrections-policy",
    title: "Corrections policy",
    body: `We correct our mistakes promptly and in the open.

## How we correct

- A factual error is corrected in the story, and a note under the story says what changed and when.
- A correction never silently rewrites what we published: the note stays with the story.
- A story that cannot be corrected is withdrawn, with a note explaining why.

## Asking for a correction

Write to [corrections@example.org](mailto:corrections@example.org) with the story's address and what you believe is wrong. An editor answers every request.`,
  },
];
