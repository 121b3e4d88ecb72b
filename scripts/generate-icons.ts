// npm run generate:icons — draws the publication's mark (no font, no remote asset: the letter is a
// path) and writes the favicon, the Apple touch icon and the logo used by JSON-LD and the manifest.
// The outputs are committed; run again only when the mark changes.
import fs from "node:fs";
import path from "node:path";
import sharp from "sharp";

const root = path.join(import.meta.dirname, "..");

/** A serif "M" on the masthead's near-black, as a path, so it renders the same everywhere. */
export const MARK_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512">
  <rect width="512" height="512" rx="96" fill="#171717"/>
  <path fill="#ffffff" d="M96 128h92l68 170 68-170h92v24l-28 6v196l28 6v24H280v-24l30-6V206l-70 178h-22l-72-180v150l32 6v24H96v-24l30-6V158l-30-6z"/>
  <rect x="96" y="410" width="320" height="14" fill="#b91c1c"/>
</svg>
`;

fs.writeFileSync(path.join(root, "app", "icon.svg"), MARK_SVG);
const png = (size: number) =>
  sharp(Buffer.from(MARK_SVG), { density: 300 }).resize(size, size).png({ compressionLevel: 9 });
await png(180).toFile(path.join(root, "app", "apple-icon.png"));
fs.mkdirSync(path.join(root, "public", "brand"), { recursive: true });
for (const size of [192, 512]) await png(size).toFile(path.join(root, "public", "brand", `logo-${size}.png`));
console.log("Wrote app/icon.svg, app/apple-icon.png, public/brand/logo-192.png, public/brand/logo-512.png");
