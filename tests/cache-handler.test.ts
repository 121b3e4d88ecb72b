import { describe, expect, it } from "vitest";
import MemoryCacheHandler from "@/lib/cache/cache-handler.mjs";

const page = (tags: string[], html = "<p>page</p>") => ({
  kind: "APP_PAGE",
  html,
  headers: { "x-next-cache-tags": tags.join(",") },
});

describe("the in-memory page cache", () => {
  it("serves a stored page until one of its tags is invalidated", async () => {
    const cache = new MemoryCacheHandler({});
    await cache.set("/articles/a", page(["site", "article:a"]), { cacheControl: { revalidate: 60 } });
    await cache.set("/articles/b", page(["site", "article:b"]), { cacheControl: { revalidate: 60 } });
    expect((await cache.get("/articles/a", { kind: "APP_PAGE" }))?.value.html).toBe("<p>page</p>");

    await new Promise((r) => setTimeout(r, 2));
    await cache.revalidateTag(["article:a"]);
    expect(await cache.get("/articles/a", { kind: "APP_PAGE" })).toBeNull();
    expect(await cache.get("/articles/b", { kind: "APP_PAGE" })).not.toBeNull();
  });

  it("invalidates data entries by their own tags and by the page's implicit tags", async () => {
    const cache = new MemoryCacheHandler({});
    await cache.set(
      "data-1",
      { kind: "FETCH", data: { body: "{}" }, revalidate: 60 },
      { fetchCache: true, tags: ["comments:7"] },
    );
    await cache.set(
      "data-2",
      { kind: "FETCH", data: { body: "{}" }, revalidate: 60 },
      { fetchCache: true, tags: ["site"] },
    );
    await new Promise((r) => setTimeout(r, 2));
    await cache.revalidateTag("comments:7");
    await cache.revalidateTag("_N_T_/world");
    expect(await cache.get("data-1", { kind: "FETCH", tags: ["comments:7"] })).toBeNull();
    expect(await cache.get("data-2", { kind: "FETCH", tags: ["site"], softTags: ["_N_T_/world"] })).toBeNull();
  });

  it("an entry stored after an invalidation is served", async () => {
    const cache = new MemoryCacheHandler({});
    await cache.revalidateTag("article:c");
    await new Promise((r) => setTimeout(r, 2));
    await cache.set("/articles/c", page(["article:c"]), {});
    expect(await cache.get("/articles/c", { kind: "APP_PAGE" })).not.toBeNull();
  });
});

describe("a render racing an editor's change", () => {
  it("is not stored as fresh when the change came after the render began", async () => {
    const cache = new MemoryCacheHandler({});
    expect(await cache.get("/articles/race", { kind: "APP_PAGE" })).toBeNull(); // the render begins
    await new Promise((r) => setTimeout(r, 2));
    await cache.revalidateTag("article:race"); // the editor saves while it renders
    await new Promise((r) => setTimeout(r, 2));
    await cache.set("/articles/race", page(["article:race"]), { cacheControl: { revalidate: 60 } });
    expect(await cache.get("/articles/race", { kind: "APP_PAGE" })).toBeNull();

    // The next render began after the change, so it is kept.
    await cache.set("/articles/race", page(["article:race"]), { cacheControl: { revalidate: 60 } });
    expect(await cache.get("/articles/race", { kind: "APP_PAGE" })).not.toBeNull();
  });

  it("a render that began after the change is served", async () => {
    const cache = new MemoryCacheHandler({});
    await cache.revalidateTag("article:calm");
    await new Promise((r) => setTimeout(r, 2));
    expect(await cache.get("/articles/calm", { kind: "APP_PAGE" })).toBeNull();
    await cache.set("/articles/calm", page(["article:calm"]), { cacheControl: { revalidate: 60 } });
    expect(await cache.get("/articles/calm", { kind: "APP_PAGE" })).not.toBeNull();
  });
});
