import { describe, expect, it } from "vitest";
import { readFormBody } from "@/lib/edge/form-body";

// The edge reads a no-JavaScript reply form itself (lib/edge/form-body.ts). What it reads must be what
// undici's parser (and so Next) reads from the same bytes; anything it is not sure of, it declines.

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

async function encoded(fields: [string, string][], as: "multipart" | "urlencoded") {
  const body =
    as === "urlencoded"
      ? new URLSearchParams(fields)
      : fields.reduce((form, [name, value]) => (form.append(name, value), form), new FormData());
  const response = new Response(body);
  return {
    body: Buffer.from(await response.arrayBuffer()),
    contentType: response.headers.get("content-type")!,
  };
}

async function undici(body: Buffer, contentType: string) {
  return [...(await new Response(new Uint8Array(body), { headers: { "content-type": contentType } }).formData())];
}

const multipart = (parts: string[], boundary = "b0undary") => ({
  body: Buffer.from(parts.map((part) => `--${boundary}\r\n${part}\r\n`).join("") + `--${boundary}--\r\n`),
  contentType: `multipart/form-data; boundary=${boundary}`,
});

describe("a posted form's body, read at the edge", () => {
  for (const as of ["multipart", "urlencoded"] as const)
    it(`reads every field of a ${as} form as undici does, values byte for byte`, async () => {
      const { body, contentType } = await encoded(FIELDS, as);
      const form = readFormBody(body, contentType);
      expect(form).not.toBeNull();
      expect([...form!]).toEqual(await undici(body, contentType));
      expect(form!.getAll("comment")).toEqual([FIELDS[6][1], FIELDS[10][1]]);
    });

  it("reads a quoted boundary and a text/plain part", async () => {
    const body = Buffer.from(
      '--"b q"\r\nContent-Disposition: form-data; name="a"\r\nContent-Type: text/plain; charset=utf-8\r\n\r\none\r\n--"b q"--\r\nepilogue',
    );
    const contentType = 'multipart/form-data; boundary="\\"b q\\""';
    // A boundary with a quote in it is not a boundary this reads; an ordinary quoted one is.
    expect(readFormBody(body, contentType)).toBeNull();
    const plain = Buffer.from(
      '--b q\r\nContent-Disposition: form-data; name="a"\r\nContent-Type: text/plain; charset=utf-8\r\n\r\none\r\n--b q--\r\n',
    );
    const form = readFormBody(plain, 'multipart/form-data; boundary="b q"');
    expect([...form!]).toEqual(await undici(plain, 'multipart/form-data; boundary="b q"'));
  });

  it("declines what it is not sure of, and Next reads it instead", () => {
    const declined = [
      // A file, however small.
      multipart(['Content-Disposition: form-data; name="comment"; filename="a.txt"\r\n\r\nhello']),
      // A part of another type, or with a header of its own.
      multipart(['Content-Disposition: form-data; name="comment"\r\nContent-Type: text/html\r\n\r\n<b>x</b>']),
      multipart(['Content-Disposition: form-data; name="comment"\r\nX-Extra: 1\r\n\r\nhello']),
      // Names a browser would have escaped, or none at all, or two dispositions.
      multipart(['Content-Disposition: form-data; name="a%22b"\r\n\r\nx']),
      multipart(['Content-Disposition: form-data; name="a\\"b"\r\n\r\nx']),
      multipart(["Content-Type: text/plain\r\n\r\nx"]),
      multipart(['Content-Disposition: form-data; name="a"\r\nContent-Disposition: form-data; name="b"\r\n\r\nx']),
      // Cut short: no closing delimiter, no end of the headers, nothing after the first delimiter.
      {
        body: Buffer.from('--b0undary\r\nContent-Disposition: form-data; name="a"\r\n\r\nx'),
        contentType: "multipart/form-data; boundary=b0undary",
      },
      {
        body: Buffer.from('--b0undary\r\nContent-Disposition: form-data; name="a"'),
        contentType: "multipart/form-data; boundary=b0undary",
      },
      { body: Buffer.from("--b0undary"), contentType: "multipart/form-data; boundary=b0undary" },
      // Another boundary than the one announced, or none announced, or another type altogether.
      {
        ...multipart(['Content-Disposition: form-data; name="a"\r\n\r\nx']),
        contentType: "multipart/form-data; boundary=other",
      },
      { ...multipart(['Content-Disposition: form-data; name="a"\r\n\r\nx']), contentType: "multipart/form-data" },
      { ...multipart(['Content-Disposition: form-data; name="a"\r\n\r\nx']), contentType: "text/plain" },
      // Anything after the closing delimiter, or a disposition spelled as no browser does (undici refuses both).
      {
        body: Buffer.from('--bq\r\nContent-Disposition: form-data; name="a"\r\n\r\nx\r\n--bq--\r\nepilogue'),
        contentType: "multipart/form-data; boundary=bq",
      },
      multipart(['Content-Disposition: form-data;name="a"\r\n\r\nx']),
      // Garbage between parts.
      {
        body: Buffer.from('--b0undary\r\nContent-Disposition: form-data; name="a"\r\n\r\nx\r\n--b0undaryXX'),
        contentType: "multipart/form-data; boundary=b0undary",
      },
    ];
    for (const { body, contentType } of declined) expect(readFormBody(body, contentType), body.toString()).toBeNull();
  });
});
