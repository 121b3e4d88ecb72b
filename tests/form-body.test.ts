import { describe, expect, it } from "vitest";
import { readFormBody } from "@/lib/edge/form-body";

// The edge reads a no-JavaScript reply form itself (lib/edge/form-body.ts). What it reads must be what
// undici's parser (and so Next) reads from the same bytes; anything it is not sure of, it declines, and
// the post goes to Next as it came.

const FIELDS: [string, string][] = [
  ["$ACTION_REF_1", ""],
  ["$ACTION_1:0", '{"id":"40abc","bound":"$@1"}'],
  ["$ACTION_1:1", "[]"],
  ["$ACTION_KEY", "k1234"],
  ["articleId", "42"],
  ["parentId", ""],
  ["comment", 'First line,\r\nsecond — with ünïcödé, emoji 📰, a "quote", --dashes-- and \r\n\r\n a blank line.'],
  ["author", "Ayşe Yılmaz"],
  ["email", "ayse@example.org"],
  ["url", ""],
  ["comment", "a repeated field keeps both values"],
];

async function undici(body: Buffer, contentType: string) {
  return [...(await new Response(new Uint8Array(body), { headers: { "content-type": contentType } }).formData())];
}

const B = "b0undary";
const CT = `multipart/form-data; boundary=${B}`;
const named = (name: string) => `Content-Disposition: form-data; name="${name}"`;
/** A multipart body of `parts` (each its header lines, then its value), as bytes. */
const multipart = (parts: [string, string][], boundary = B) =>
  Buffer.from(
    parts.map(([head, value]) => `--${boundary}\r\n${head}\r\n\r\n${value}\r\n`).join("") + `--${boundary}--\r\n`,
  );

describe("a posted form's body, read at the edge", () => {
  it("reads every field of a browser's multipart form as undici does, values byte for byte", async () => {
    const form = new FormData();
    for (const [name, value] of FIELDS) form.append(name, value);
    const encoded = new Response(form);
    const body = Buffer.from(await encoded.arrayBuffer());
    const contentType = encoded.headers.get("content-type")!;
    const read = readFormBody(body, contentType);
    expect(read).not.toBeNull();
    expect([...read!]).toEqual(await undici(body, contentType));
    expect(read!.getAll("comment")).toEqual([FIELDS[6][1], FIELDS[10][1]]);
    // Chrome's and Firefox's boundaries too.
    for (const boundary of ["----WebKitFormBoundary7MA4YWxkTrZu0gW", "-".repeat(27) + "9051914041544843365972754266"]) {
      const body = multipart([[named("comment"), "x"]], boundary);
      const contentType = `multipart/form-data; boundary=${boundary}`;
      expect([...readFormBody(body, contentType)!]).toEqual(await undici(body, contentType));
    }
  });

  it("declines what it is not sure of, and what undici would read otherwise or refuse", () => {
    const declined: [string, Buffer, string?][] = [
      // A file, however small; a part with any header but its disposition.
      ["a file", multipart([[`${named("comment")}; filename="a.txt"`, "hello"]])],
      ["a typed part", multipart([[`${named("comment")}\r\nContent-Type: text/plain`, "x"]])],
      ["another header", multipart([[`${named("comment")}\r\nX-Extra: 1`, "x"]])],
      ["a folded header", multipart([[`${named("comment")}\r\n Content-Type: text/plain`, "x"]])],
      // Names a browser would have escaped, or none, or not ASCII (undici decodes them as UTF-8 and
      // drops a byte-order mark, so `\uFEFFcomment` would be a second `comment` there).
      ["an escaped name", multipart([[named("a%22b"), "x"]])],
      ["a quote in a name", multipart([[named('a\\"b'), "x"]])],
      ["no disposition", multipart([["Content-Type: text/plain", "x"]])],
      ["two dispositions", multipart([[`${named("a")}\r\n${named("b")}`, "x"]])],
      ["a UTF-8 name", multipart([[named("café"), "x"]])],
      [
        "a byte-order mark before a name",
        multipart([
          [named("\ufeffcomment"), "A"],
          [named("comment"), "B"],
        ]),
      ],
      ["a C1 control in a name", multipart([[named("a\x85b"), "x"]])],
      ["a disposition in capitals", multipart([['Content-Disposition: FORM-DATA; NAME="a"', "x"]])],
      ["no space after the semicolon", multipart([['Content-Disposition: form-data;name="a"', "x"]])],
      // Where the headers end, read differently by undici: a lone LF, a vertical tab, a no-break space.
      ["a lone LF ending the headers", multipart([[`${named("comment")}\n\n\r\nContent-Type: text/plain`, "hello"]])],
      ["a vertical tab after the name", multipart([[`${named("a")}\x0b`, "x"]])],
      ["a vertical tab before the header", multipart([[`\x0b${named("a")}`, "x"]])],
      ["a no-break space in the header's name", multipart([['Content-Disposition\xa0: form-data; name="a"', "x"]])],
      // Values undici reads otherwise or refuses: the boundary's text inside, a byte-order mark first.
      ["the bare boundary in a value", multipart([[named("a"), `x${B}y`]])],
      ["the boundary after a lone LF in a value", multipart([[named("a"), `x\n--${B}y`]])],
      ["a byte-order mark first in a value", multipart([[named("remember"), "\ufeffon"]])],
      // Cut short: no closing delimiter, no end of the headers, nothing after the first delimiter.
      ["no closing delimiter", Buffer.from(`--${B}\r\n${named("a")}\r\n\r\nx`)],
      ["no end of the headers", Buffer.from(`--${B}\r\n${named("a")}`)],
      ["a lone delimiter", Buffer.from(`--${B}`)],
      ["an empty body", Buffer.alloc(0)],
      // Anything before the first delimiter or after the last, or between parts.
      ["a preamble", Buffer.concat([Buffer.from("pre\r\n"), multipart([[named("a"), "x"]])])],
      ["an epilogue", Buffer.concat([multipart([[named("a"), "x"]]), Buffer.from("epilogue")])],
      ["garbage after a part", Buffer.from(`--${B}\r\n${named("a")}\r\n\r\nx\r\n--${B}XX`)],
      // A content type other than the one announced, or not as Next recognises an action post.
      ["another boundary", multipart([[named("a"), "x"]]), "multipart/form-data; boundary=other"],
      ["no boundary", multipart([[named("a"), "x"]]), "multipart/form-data"],
      ["capitals", multipart([[named("a"), "x"]]), `Multipart/Form-Data; boundary=${B}`],
      ["a quoted boundary", multipart([[named("a"), "x"]]), `multipart/form-data; boundary="${B}"`],
      ["a boundary with a comma", multipart([[named("a"), "x"]], "a,b"), "multipart/form-data; boundary=a,b"],
      ["a boundary with a backslash", multipart([[named("a"), "x"]], "a\\b"), "multipart/form-data; boundary=a\\b"],
      ["a no-break space after it", multipart([[named("a"), "x"]]), `${CT}\xa0`],
      ["a vertical tab before it", multipart([[named("a"), "x"]]), `multipart/form-data;\x0bboundary=${B}`],
      ["another parameter", multipart([[named("a"), "x"]]), `${CT}; charset=utf-8`],
      // Next takes no urlencoded action post without JavaScript: neither does the edge.
      ["urlencoded", Buffer.from("comment=hello&author=A"), "application/x-www-form-urlencoded"],
    ];
    for (const [what, body, contentType = CT] of declined) expect(readFormBody(body, contentType), what).toBeNull();
  });
});
