import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import exifReader from "exif-reader";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { idleState } from "@/lib/actions/state";
import type { SessionUser } from "@/lib/auth/roles";
import { getArticleForEdit } from "@/lib/data/admin-articles";
import { createUser } from "@/lib/data/users";
import { cleanStoredUploads } from "@/lib/images/clean-stored-uploads";
import { makeArticle } from "./support/factories";
import { signInAs } from "./support/session";

vi.mock("@/lib/auth/session", () => import("./support/session"));

const { saveArticleAction } = await import("@/lib/actions/articles");
const { GET: serveUpload } = await import("@/app/uploads/[name]/route");

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "uploads-metadata-"));
let editor: SessionUser;

beforeAll(async () => {
  vi.stubEnv("DATA_DIR", dataDir);
  const u = await createUser({
    email: "photo-desk@example.com",
    name: "Photo desk",
    role: "editor",
    passwordHash: "x",
  });
  editor = { id: u.id, email: u.email, name: u.name, role: u.role };
});
afterAll(() => {
  vi.unstubAllEnvs();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

// Where a phone puts the photographer: 41°0'54"N 28°58'36"E.
const GPS = { GPSLatitudeRef: "N", GPSLatitude: "41/1 0/1 54/1", GPSLongitudeRef: "E", GPSLongitude: "28/1 58/1 36/1" };

/** 40×20: left half red, right half blue, stored sideways with EXIF orientation 6 (turn 90° clockwise). */
async function phonePhoto(format: "jpeg" | "png" | "webp"): Promise<Buffer> {
  const pixels = await sharp({ create: { width: 40, height: 20, channels: 3, background: "#ff0000" } })
    .composite([{ input: { create: { width: 20, height: 20, channels: 3, background: "#0000ff" } }, left: 20, top: 0 }])
    .png()
    .toBuffer();
  return sharp(pixels)
    .toFormat(format)
    .withExif({ IFD0: { Make: "PhoneMaker", Model: "Phone 12" }, IFD3: GPS })
    .withMetadata({ orientation: 6 })
    .toBuffer();
}

/** Uploads the image as an editor would, then fetches it back the way a reader's browser does. */
async function uploadAndServe(bytes: Buffer, name: string, type: string): Promise<Response> {
  signInAs(editor);
  const article = await makeArticle();
  const form = new FormData();
  const fields = { id: String(article.id), slug: article.slug, headline: "H", body: "B", status: "published" };
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  form.set("baseVersion", String(article.version));
  form.set("featureImageAlt", "A photo");
  form.append("featureImage", new File([new Uint8Array(bytes)], name, { type }));
  const saved = await saveArticleAction(idleState, form);
  expect(saved.status).toBe("ok");
  const stored = (await getArticleForEdit(article.id))!.featureImagePath!;
  const response = await serveUpload(new Request(`http://localhost${stored}`), {
    params: Promise.resolve({ name: stored.replace("/uploads/", "") }),
  });
  expect(response.status).toBe(200);
  return response;
}

describe("uploaded photos", () => {
  it("are served without EXIF, so a phone photo does not give away where it was taken", async () => {
    const photo = await phonePhoto("jpeg");
    expect(exifReader((await sharp(photo).metadata()).exif!).GPSInfo).toMatchObject({ GPSLatitude: [41, 0, 54] });

    const served = Buffer.from(await (await uploadAndServe(photo, "IMG_0001.jpg", "image/jpeg")).arrayBuffer());

    const meta = await sharp(served).metadata();
    expect(meta.format).toBe("jpeg");
    expect(meta.exif).toBeUndefined();
    expect(served.includes(Buffer.from("Exif\0\0"))).toBe(false);
    expect(served.includes(Buffer.from("PhoneMaker"))).toBe(false);
  });

  it("come out upright: the EXIF orientation is applied before it is dropped", async () => {
    const served = Buffer.from(
      await (await uploadAndServe(await phonePhoto("jpeg"), "side.jpg", "image/jpeg")).arrayBuffer(),
    );

    const { data, info } = await sharp(served).raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height]).toEqual([20, 40]);
    expect((await sharp(served).metadata()).orientation).toBeUndefined();
    const pixel = (x: number, y: number) => [...data.subarray((y * info.width + x) * 3, (y * info.width + x) * 3 + 3)];
    const red = ([r, g, b]: number[]) => r > 200 && g < 60 && b < 60;
    const blue = ([r, g, b]: number[]) => b > 200 && r < 60 && g < 60;
    expect(red(pixel(10, 5))).toBe(true);
    expect(blue(pixel(10, 34))).toBe(true);
  });

  it("keep their format, and PNG and WebP lose their EXIF too", async () => {
    for (const [format, type] of [
      ["png", "image/png"],
      ["webp", "image/webp"],
    ] as const) {
      const photo = await phonePhoto(format);
      expect((await sharp(photo).metadata()).exif).toBeDefined();
      const response = await uploadAndServe(photo, `photo.${format}`, type);
      expect(response.headers.get("Content-Type")).toBe(type);
      const meta = await sharp(Buffer.from(await response.arrayBuffer())).metadata();
      expect(meta.format).toBe(format);
      expect(meta.exif).toBeUndefined();
      expect([meta.width, meta.height]).toEqual([20, 40]);
    }
  });

  it("stay animated when they are animated GIFs", async () => {
    const frames = await Promise.all(
      ["#ff0000", "#00ff00", "#0000ff"].map((c) =>
        sharp({ create: { width: 10, height: 10, channels: 3, background: c } })
          .raw()
          .toBuffer(),
      ),
    );
    const gif = await sharp(Buffer.concat(frames), { raw: { width: 10, height: 30, channels: 3, pageHeight: 10 } })
      .gif({ delay: [200, 300, 400], loop: 0 })
      .toBuffer();

    const response = await uploadAndServe(gif, "loop.gif", "image/gif");

    const meta = await sharp(Buffer.from(await response.arrayBuffer()), { animated: true }).metadata();
    expect(meta.format).toBe("gif");
    expect(meta.pages).toBe(3);
    expect(meta.delay).toEqual([200, 300, 400]);
    expect(meta.loop).toBe(0);
  });
});

describe("images uploaded before uploads were cleaned", () => {
  it("lose their metadata in place, by rename, so backups keep what they had", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "old-uploads-"));
    const backup = fs.mkdtempSync(path.join(os.tmpdir(), "old-uploads-backup-"));
    try {
      fs.writeFileSync(path.join(dir, "a".repeat(32) + ".jpg"), await phonePhoto("jpeg"));
      const plain = await sharp({ create: { width: 4, height: 4, channels: 3, background: "#00ff00" } })
        .png()
        .toBuffer();
      fs.writeFileSync(path.join(dir, "b".repeat(32) + ".png"), plain);
      fs.linkSync(path.join(dir, "a".repeat(32) + ".jpg"), path.join(backup, "a".repeat(32) + ".jpg"));
      const plainInode = fs.statSync(path.join(dir, "b".repeat(32) + ".png")).ino;

      expect(await cleanStoredUploads(dir)).toEqual(["a".repeat(32) + ".jpg"]);

      const cleaned = await sharp(path.join(dir, "a".repeat(32) + ".jpg")).metadata();
      expect(cleaned.exif).toBeUndefined();
      expect([cleaned.width, cleaned.height]).toEqual([20, 40]);
      expect(fs.statSync(path.join(dir, "b".repeat(32) + ".png")).ino).toBe(plainInode);
      expect((await sharp(path.join(backup, "a".repeat(32) + ".jpg")).metadata()).exif).toBeDefined();
      expect(fs.readdirSync(dir).sort()).toEqual(["a".repeat(32) + ".jpg", "b".repeat(32) + ".png"]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
      fs.rmSync(backup, { recursive: true, force: true });
    }
  });
});
