import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

// On PostgreSQL uploads are rows, not files: every app instance serves the same images. Runs in the
// postgres project (vitest.config.ts), on its scratch database.
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "uploads-pg-"));

beforeAll(() => {
  vi.stubEnv("DATA_DIR", dataDir);
});

afterAll(() => {
  vi.unstubAllEnvs();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** A photo as a phone takes it: a camera name and a GPS position in its EXIF. */
const phonePhoto = () =>
  sharp({ create: { width: 30, height: 20, channels: 3, background: "#3366cc" } })
    .jpeg()
    .withExif({ IFD0: { Make: "PhoneMaker" }, IFD3: { GPSLatitudeRef: "N", GPSLatitude: "41/1 0/1 54/1" } })
    .toBuffer();

const serve = async (name: string) => {
  const { GET } = await import("@/app/uploads/[name]/route");
  return GET(new Request(`http://localhost/uploads/${name}`), { params: Promise.resolve({ name }) });
};

describe("uploads on PostgreSQL", () => {
  it("stores an uploaded image in the database, not on disk, and serves it back without its EXIF", async () => {
    const { checkImageUpload, storeImageUpload, uploadExists } = await import("@/lib/data/uploads");
    const original = await phonePhoto();
    expect((await sharp(original).metadata()).exif).toBeDefined();
    const checked = await checkImageUpload(new File([new Uint8Array(original)], "phone.jpg", { type: "image/jpeg" }));
    if (!checked.ok) throw new Error(checked.error);
    const publicPath = await storeImageUpload(checked);
    expect(publicPath).toMatch(/^\/uploads\/[a-f0-9]{32}\.jpg$/);
    expect(fs.existsSync(path.join(dataDir, "uploads"))).toBe(false);
    expect(await uploadExists(publicPath)).toBe(true);

    const response = await serve(publicPath.slice("/uploads/".length));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("image/jpeg");
    expect(response.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    const served = Buffer.from(await response.arrayBuffer());
    expect(served.equals(checked.bytes)).toBe(true);
    expect(response.headers.get("content-length")).toBe(String(served.length));
    expect((await sharp(served).metadata()).exif).toBeUndefined();
  });

  it("answers 404 for names it never generated, however they are dressed", async () => {
    for (const name of ["0123456789abcdef0123456789abcdef.jpg", "../news.db", "upload_files", "x.jpg'--"])
      expect((await serve(name)).status, name).toBe(404);
  });

  it("removes an upload's row, after which it is gone for every instance", async () => {
    const { checkImageBytes, storeImageUpload, removeUpload, uploadExists } = await import("@/lib/data/uploads");
    const checked = await checkImageBytes(await phonePhoto());
    if (!checked.ok) throw new Error(checked.error);
    const publicPath = await storeImageUpload(checked);
    await removeUpload(publicPath);
    expect(await uploadExists(publicPath)).toBe(false);
    expect((await serve(publicPath.slice("/uploads/".length))).status).toBe(404);
  });
});
