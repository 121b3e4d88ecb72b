// A posted form's fields, read straight from the body the edge holds. undici's way (a Response around
// the bytes, a web stream, its body mixin and multipart parser) was a tenth of a no-JavaScript comment
// post's CPU. This reads only what the reply form sends — text fields with plain names — and is strict:
// a file, a quoted or percent-encoded name, a header it does not know, a body cut short gives null, and
// the edge leaves the post to Next, which parses any form fully.

const URLENCODED = /^application\/x-www-form-urlencoded\s*(?:;|$)/i;
const MULTIPART = /^multipart\/form-data\s*;\s*boundary=(?:"([^"\r\n]{1,70})"|([^\s;"]{1,70}))\s*$/i;
// A field's name as a browser writes it: no quote, backslash, percent sign or control character (a
// browser escapes `"` and line breaks as %22, %0D, %0A, which this leaves to Next), and no filename;
// spelled as browsers spell it (undici refuses `form-data;name=`).
const DISPOSITION = /^form-data; name="([^"\\%\x00-\x1f\x7f]*)"$/i;
const TEXT = /^text\/plain(?:\s*;\s*charset=(?:"utf-8"|utf-8))?$/i;

/** The fields of a form posted as multipart/form-data or urlencoded, or null when this does not read it. */
export function readFormBody(body: Buffer, contentType: string): FormData | null {
  if (URLENCODED.test(contentType)) {
    const form = new FormData();
    for (const [name, value] of new URLSearchParams(body.toString("utf8"))) form.append(name, value);
    return form;
  }
  const boundary = MULTIPART.exec(contentType);
  return boundary ? readMultipart(body, boundary[1] ?? boundary[2]) : null;
}

const CRLF = 0x0d0a;

/** RFC 7578: `--boundary`, then parts each after CRLF, each ended by CRLF `--boundary`, and `--` last. */
function readMultipart(body: Buffer, boundary: string): FormData | null {
  const first = Buffer.from(`--${boundary}`);
  const delimiter = Buffer.from(`\r\n--${boundary}`);
  if (body.length < first.length || !body.subarray(0, first.length).equals(first)) return null;
  const form = new FormData();
  let at = first.length;
  for (;;) {
    if (body.length < at + 2) return null;
    // The closing delimiter, last in the body as a browser sends it (undici refuses an epilogue).
    if (body[at] === 0x2d && body[at + 1] === 0x2d) {
      const rest = body.length - at - 2;
      return rest === 0 || (rest === 2 && body.readUInt16BE(at + 2) === CRLF) ? form : null;
    }
    if (body.readUInt16BE(at) !== CRLF) return null;
    const headersEnd = body.indexOf("\r\n\r\n", at + 2, "latin1");
    if (headersEnd === -1) return null;
    const name = partName(body.toString("latin1", at + 2, headersEnd));
    if (name === null) return null;
    const end = body.indexOf(delimiter, headersEnd + 4);
    if (end === -1) return null;
    form.append(name, body.toString("utf8", headersEnd + 4, end));
    at = end + delimiter.length;
  }
}

/** The part's field name, when its headers are those of a text field and nothing else. */
function partName(headers: string): string | null {
  let name: string | null = null;
  for (const line of headers.split("\r\n")) {
    const colon = line.indexOf(":");
    if (colon <= 0) return null;
    const field = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (field === "content-disposition" && name === null) {
      const match = DISPOSITION.exec(value);
      if (!match) return null;
      name = match[1];
    } else if (field !== "content-type" || !TEXT.test(value)) {
      return null;
    }
  }
  return name;
}
