import sharp, { type Sharp } from "sharp";

export type StillOrAnimatedFormat = "jpeg" | "png" | "webp" | "avif" | "gif";

const ENCODE: Record<StillOrAnimatedFormat, (image: Sharp) => Sharp> = {
  jpeg: (image) => image.jpeg({ quality: 90 }),
  png: (image) => image.png(),
  webp: (image) => image.webp({ quality: 90 }),
  avif: (image) => image.avif({ quality: 70 }),
  gif: (image) => image.gif(),
};

/**
 * The image re-encoded in its own format with no metadata: a phone photo's EXIF carries where it was
 * taken (GPS), the device and its serial number. The EXIF orientation is applied first, since it goes
 * with the rest. Every frame of an animated GIF or WebP is kept, with its timing.
 */
export async function withoutMetadata(bytes: Buffer, format: StillOrAnimatedFormat): Promise<Buffer> {
  // Only GIF and WebP encoders write animation; elsewhere frames would come out stacked as one tall image.
  const animated = format === "gif" || format === "webp";
  const image = sharp(bytes, { animated, limitInputPixels: 50_000_000 }).autoOrient();
  return ENCODE[format](image).toBuffer();
}
