import { describe, expect, it } from "vitest";
import { renderMarkdown } from "@/lib/articles/markdown";
import { bodyToMarkdown, convertBody, parseBody } from "@/lib/wordpress/body";
import { commentToText, htmlToText } from "@/lib/wordpress/text";
import { wpautop } from "@/lib/wordpress/wpautop";

const SITE = "https://oldsite.example";
const UPLOADS = `${SITE}/wp-content/uploads`;

/** What a reader sees: the converted body through the publication's own Markdown renderer. */
function rendered(content: string, options: Parameters<typeof convertBody>[1] = {}): string {
  return renderMarkdown(convertBody(content, { siteUrl: SITE, ...options }).markdown);
}

describe("wpautop (classic content)", () => {
  it("turns blank lines into paragraphs and single newlines into line breaks", () => {
    expect(wpautop("First line\nsecond line\n\nSecond paragraph.")).toBe(
      "<p>First line<br />\nsecond line</p>\n<p>Second paragraph.</p>\n",
    );
  });

  it("leaves block elements unwrapped and does not break a tag written over several lines", () => {
    expect(wpautop('<h3>Head</h3>\nAfter\n\n<ul>\n<li>a</li>\n</ul>\n<img src="x"\n  alt="y" />')).toBe(
      '<h3>Head</h3>\n<p>After</p>\n<ul>\n<li>a</li>\n</ul>\n<p><img src="x"\n  alt="y" /></p>\n',
    );
  });

  it("keeps <pre> as it is and puts paragraphs inside a blockquote", () => {
    expect(wpautop("<pre>a\n\nb</pre>\n\n<blockquote>One\n\nTwo</blockquote>")).toBe(
      "<pre>a\n\nb</pre>\n<blockquote><p>One</p>\n<p>Two</p></blockquote>\n",
    );
  });

  it("turns two <br>s into a paragraph break and leaves empty content empty", () => {
    expect(wpautop("One<br><br>Two")).toBe("<p>One</p>\n<p>Two</p>\n");
    expect(wpautop("  \n\n ")).toBe("");
  });
});

describe("converting a post body", () => {
  it("converts classic content: paragraphs, line breaks, headings, lists, quotes, links", () => {
    const html = rendered(
      'Intro with <em>emphasis</em>\nand a break.\n\n<h1>Big</h1>\n<h5>Small</h5>\n<ol>\n<li>one</li>\n<li>two</li>\n</ol>\n<blockquote>Said.</blockquote>\n\nSee <a href="https://elsewhere.example/x" target="_blank">this</a>.',
    );
    expect(html).toBe(
      [
        "<p>Intro with <em>emphasis</em><br />and a break.</p>",
        "<h2>Big</h2>",
        "<h4>Small</h4>",
        "<ol>\n<li>one</li>\n<li>two</li>\n</ol>",
        "<blockquote>\n<p>Said.</p>\n</blockquote>",
        '<p>See <a href="https://elsewhere.example/x" rel="noopener">this</a>.</p>\n',
      ].join("\n"),
    );
  });

  it("converts block content without adding paragraphs or line breaks of its own, and leaves out dynamic blocks", () => {
    const content = `<!-- wp:paragraph -->
<p>One
still one.</p>
<!-- /wp:paragraph -->

<!-- wp:heading {"level":3} -->
<h3 class="wp-block-heading">Three</h3>
<!-- /wp:heading -->

<!-- wp:archives /-->`;
    const converted = convertBody(content);
    // A newline inside a block paragraph is a space to the browser, not a line break (no wpautop here).
    expect(renderMarkdown(converted.markdown)).toBe("<p>One still one.</p>\n<h3>Three</h3>\n");
    expect(converted.droppedBlocks).toEqual(new Map([["archives", 1]]));
  });

  it("turns a [caption] into a figure with its caption, which the site's sanitiser lets through", () => {
    const html = rendered(
      `[caption id="attachment_5" align="alignleft" width="300"]<a href="${UPLOADS}/2024/01/a.jpg"><img src="${UPLOADS}/2024/01/a-300x200.jpg" alt="Quay" width="300" height="200" /></a> The <strong>quay</strong> at dawn[/caption]`,
      { rewriteImage: () => "/uploads/0123456789abcdef0123456789abcdef.jpg" },
    );
    expect(html).toBe(
      '<figure><img src="/uploads/0123456789abcdef0123456789abcdef.jpg" alt="Quay" loading="lazy" srcset="' +
        [640, 828, 1200, 1920]
          .map((w) => `/_next/image?url=%2Fuploads%2F0123456789abcdef0123456789abcdef.jpg&amp;w=${w}&amp;q=75 ${w}w`)
          .join(", ") +
        '" sizes="(min-width: 1024px) 896px, 100vw" /><figcaption>The <strong>quay</strong> at dawn</figcaption></figure>',
    );
  });

  it("takes a caption from the caption attribute too, and turns a block image with a caption into a figure", () => {
    expect(rendered(`[caption caption="From the attribute"]<img src="${UPLOADS}/b.jpg" alt="" />[/caption]`)).toContain(
      "<figcaption>From the attribute</figcaption>",
    );
    const block = `<!-- wp:image {"id":7} --><figure class="wp-block-image"><img src="${UPLOADS}/c.jpg" alt="C"/><figcaption class="wp-element-caption">Block caption</figcaption></figure><!-- /wp:image -->`;
    expect(rendered(block)).toBe(
      `<figure><img src="${UPLOADS}/c.jpg" alt="C" loading="lazy" /><figcaption>Block caption</figcaption></figure>`,
    );
  });

  it("turns embeds into links: embed blocks, [embed], media shortcodes, iframes and bare URL lines", () => {
    const content = `<!-- wp:embed {"url":"https://www.youtube.com/watch?v=abc","type":"video"} -->
<figure class="wp-block-embed"><div class="wp-block-embed__wrapper">
https://www.youtube.com/watch?v=abc
</div><figcaption>Trial run</figcaption></figure>
<!-- /wp:embed -->
<!-- wp:paragraph --><p>[embed width="500"]https://vimeo.com/1[/embed]</p><!-- /wp:paragraph -->
<!-- wp:paragraph --><p>[video src="https://media.example/v.mp4"]</p><!-- /wp:paragraph -->
<!-- wp:html --><iframe src="https://maps.example/embed?q=1" width="600"></iframe><!-- /wp:html -->
<!-- wp:paragraph -->
<p>https://twitter.com/someone/status/1</p>
<!-- /wp:paragraph -->`;
    const converted = convertBody(content);
    expect(converted.embeds).toBe(5);
    const links = [...renderMarkdown(converted.markdown).matchAll(/<a href="([^"]+)"/g)].map((m) => m[1]);
    expect(links).toEqual([
      "https://www.youtube.com/watch?v=abc",
      "https://vimeo.com/1",
      "https://media.example/v.mp4",
      "https://maps.example/embed?q=1",
      "https://twitter.com/someone/status/1",
    ]);
    expect(converted.markdown).toContain("Trial run");
  });

  it("turns a classic bare URL line into a link but leaves a URL inside a sentence alone", () => {
    const converted = convertBody("Watch:\n\nhttps://www.youtube.com/watch?v=x\n\nRead https://example.org/a today.");
    expect(converted.embeds).toBe(1);
    expect(renderMarkdown(converted.markdown)).toBe(
      '<p>Watch:</p>\n<p><a href="https://www.youtube.com/watch?v=x" rel="noopener">https://www.youtube.com/watch?v=x</a></p>\n<p>Read <a href="https://example.org/a" rel="noopener">https://example.org/a</a> today.</p>\n',
    );
  });

  it("keeps unknown shortcodes as text and counts them, but not bracketed prose or escaped ones", () => {
    const converted = convertBody(
      'Tips: [contact-form-7 id="42" title="Tips"]\n\n[gallery ids="1,2"]\n\n[my_widget]\n\n[note]hidden?[/note]\n\nHe said [sic] it twice [1]. Write [[gallery]] to show one.',
    );
    expect(Object.fromEntries(converted.unknownShortcodes)).toEqual({
      "contact-form-7": 1,
      gallery: 1,
      my_widget: 1,
      note: 1,
    });
    expect(renderMarkdown(converted.markdown)).toBe(
      [
        '<p>Tips: [contact-form-7 id="42" title="Tips"]</p>',
        '<p>[gallery ids="1,2"]</p>',
        "<p>[my_widget]</p>",
        "<p>[note]hidden?[/note]</p>",
        "<p>He said [sic] it twice [1]. Write [gallery] to show one.</p>\n",
      ].join("\n"),
    );
  });

  it("lists the images, with their path under wp-content/uploads, and rewrites them to the stored copies", () => {
    const content = `<p><img src="${UPLOADS}/2024/05/a-1024x683.jpg" alt="A"></p><p><img src="https://cdn.example/b.png" alt="B"></p><p><img src="${UPLOADS}/2024/05/gone.jpg" alt="Gone"></p><p><img src="/wp-content/uploads/2023/01/c%20d.jpg" alt="C"></p>`;
    const parsed = parseBody(content);
    expect(parsed.images).toEqual([
      { url: `${UPLOADS}/2024/05/a-1024x683.jpg`, uploadsPath: "2024/05/a-1024x683.jpg" },
      { url: "https://cdn.example/b.png", uploadsPath: null },
      { url: `${UPLOADS}/2024/05/gone.jpg`, uploadsPath: "2024/05/gone.jpg" },
      { url: "/wp-content/uploads/2023/01/c%20d.jpg", uploadsPath: "2023/01/c d.jpg" },
    ]);
    const markdown = bodyToMarkdown(parsed, (image) =>
      image.uploadsPath === "2024/05/gone.jpg"
        ? null
        : image.uploadsPath
          ? `/uploads/${image.uploadsPath.length}.jpg`
          : undefined,
    );
    expect(markdown).toBe("![A](/uploads/22.jpg)\n\n![B](https://cdn.example/b.png)\n\n![C](/uploads/15.jpg)");
  });

  it("drops WordPress's link around an image to its full size, and keeps a link to a page", () => {
    const md = convertBody(
      `<p><a href="${UPLOADS}/a.jpg"><img src="${UPLOADS}/a-300x200.jpg" alt="A"></a></p><p><a href="https://example.org/story"><img src="${UPLOADS}/b.jpg" alt="B"></a></p>`,
    ).markdown;
    expect(md).toBe(`![A](${UPLOADS}/a-300x200.jpg)\n\n[![B](${UPLOADS}/b.jpg)](https://example.org/story)`);
  });

  it("makes links to stories on the old site site-relative, so the redirects answer them", () => {
    const md = convertBody(
      `<p><a href="https://www.oldsite.example/2020/01/02/story/#more">old</a> <a href="${UPLOADS}/report.pdf">pdf</a> <a href="https://other.example/">other</a> <a name="anchor">here</a></p>`,
      { siteUrl: SITE },
    ).markdown;
    expect(md).toBe(`[old](/2020/01/02/story/#more) [pdf](${UPLOADS}/report.pdf) [other](https://other.example/) here`);
  });

  it("keeps tables as HTML the renderer allows, and code as code", () => {
    const html = rendered(
      '<!-- wp:table --><figure class="wp-block-table"><table><thead><tr><th>Route</th></tr></thead><tbody><tr><td>Island\n\nferry</td></tr></tbody></table></figure><!-- /wp:table --><pre class="wp-block-code"><code>let a = 1;\nlet b = 2;</code></pre><pre>plain\n  indented</pre>',
    );
    // A blank line would end the HTML block in Markdown and spill the rest of the table out as text.
    expect(html).toContain(
      "<table><thead><tr><th>Route</th></tr></thead><tbody><tr><td>Island ferry</td></tr></tbody></table>",
    );
    expect(html).toContain("<pre><code>let a = 1;\nlet b = 2;\n</code></pre>");
    expect(html).toContain("<pre><code>plain\n  indented\n</code></pre>");
  });

  it("turns emoji images into their characters and strikethrough into Markdown", () => {
    const md = convertBody(
      '<p>Great <img draggable="false" role="img" class="emoji wp-smiley" alt="🎉" src="https://s.w.org/images/core/emoji/15/svg/1f389.svg"> <del>old</del> <s>gone</s> H<sub>2</sub>O</p>',
    ).markdown;
    expect(md).toBe("Great 🎉 ~~old~~ ~~gone~~ H<sub>2</sub>O");
  });

  it("leaves out scripts, event handlers and javascript: links an attacker planted in a post", () => {
    const converted = convertBody(
      '<p>Hi<script>alert(1)</script><img src="x.jpg" onerror="alert(2)"><a href="javascript:alert(3)">click</a><style>p{}</style><svg onload="alert(4)"><circle/></svg></p><img src="javascript:alert(5)">',
    );
    const html = renderMarkdown(converted.markdown);
    expect(html).not.toMatch(/alert|script|onerror|onload|javascript/i);
    expect(html).toContain("click");
    expect(converted.images).toEqual([]);
  });

  it("converts the fixture's block and classic posts into what readers see", async () => {
    const fs = await import("node:fs");
    const path = await import("node:path");
    const { readWxr } = await import("@/lib/wordpress/wxr-reader");
    const bodies = new Map<number, string>();
    const file = path.join(import.meta.dirname, "fixtures/wordpress/export.xml");
    for await (const r of readWxr(fs.createReadStream(file)))
      if (r.kind === "item") bodies.set(r.item.postId, r.item.content);
    const block = rendered(bodies.get(101)!, { siteUrl: "https://harbourgazette.example" });
    expect(block).toContain('<a href="/2024/04/02/winter-service/">winter notice</a>');
    expect(block).toContain("<h2>What changes</h2>");
    expect(block).toContain(
      '<figcaption>The quay at dawn. Photo: <a href="https://photos.example.org/kaan" rel="noopener">Kaan</a></figcaption>',
    );
    expect(block).toContain("<blockquote>\n<p>We listened to the fishermen.</p>");
    const classic = rendered(bodies.get(102)!, { siteUrl: "https://harbourgazette.example" });
    expect(classic).toContain(
      "<p>The council opened the new bridge on Monday after <em>three years</em> of work.<br />The mayor cut the ribbon at noon.</p>",
    );
    expect(classic).toContain(
      '<figcaption>Council members vote on the <a href="/2023/10/bridge-budget/">bridge budget</a></figcaption>',
    );
    expect(classic).toContain("<h3>Traffic</h3>");
  });
});

describe("titles, excerpts and comments as text", () => {
  it("decodes entities and drops tags from titles and excerpts", () => {
    expect(htmlToText("Tom &amp; Jerry&#8217;s <em>big</em>\n day &lt;3")).toBe("Tom & Jerry’s big day <3");
    expect(htmlToText("<p>The new bridge is <strong>open</strong>.</p>")).toBe("The new bridge is open.");
  });

  it("keeps a comment's paragraphs and line breaks, and a link's address beside its words", () => {
    expect(
      commentToText(
        'Finally!\n\nI commute at 7 &amp; the <a href="https://example.org/t" rel="nofollow ugc">old timetable</a> was late.<br />Thanks<p>Bye</p><script>x()</script>',
      ),
    ).toBe("Finally!\n\nI commute at 7 & the old timetable (https://example.org/t) was late.\nThanks\n\nBye");
    expect(commentToText('<a href="https://example.org/">https://example.org/</a>')).toBe("https://example.org/");
  });
});
