// A no-JavaScript reply form's fields, read straight from the body the edge holds. undici's way (a
// Response around the bytes, a web stream, its body mixin and multipart parser) was a tenth of a post's
// CPU. This reads only the form as browsers send it — multipart/form-data, text fields with plain ASCII
// names, no header but the disposition — and declines anything else, so that what it accepts reads the
// same as under Next's own parsing (undici). A declined post goes to Next as it came; Next reads it, or
// refuses it (Next takes no urlencoded action post without JavaScript, so neither does this).

// Exactly as Next recognises a multipart action post (case-sensitive `multipart/form-data`), with the
// boundary as an unquoted MIME token: letters, digits and '+_.- (what browsers and undici generate).
const MULTIPART = /^multipart\/form-data; ?boundary=([A-Za-z0-9'+_.-]{1,70})$/;
// A part's one header, as browsers write it for a text field: printable ASCII, no filename, the name
// without quote, backslash or percent sign (a browser escapes `"` and line breaks as %22, %0D, %0A).
const DISPOSITION = /^Content-Disposition: form-data; name="([\x20\x21\x23\x24\x26-\x5b\x5d-\x7e]*)"$/;
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** The fields of a multipart/form-data body as a browser posts it, or null when this does not read it. */
export function readFormBody(body: Buffer, contentType: string): FormData | null {
  const boundary = MULTIPART.exec(contentType)?.[1];
  return boundary === undefined ? null : readMultipart(body, boundary);
}

const CRLF = 0x0d0a;

/** RFC 7578: `--boundary`, then parts each after CRLF, each ended by CRLF `--boundary`, and `--` last. */
function readMultipart(body: Buffer, boundary: string): FormData | null {
  const bare = Buffer.from(boundary);
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
    const name = DISPOSITION.exec(body.toString("latin1", at + 2, headersEnd))?.[1];
    if (name === undefined) return null;
    const start = headersEnd + 4;
    const end = body.indexOf(delimiter, start);
    // undici looks for the boundary itself and wants CRLF `--` before it: a part holding the boundary's
    // text anywhere (or a value's leading byte-order mark, which it drops) is read differently there.
    if (end === -1 || body.indexOf(bare, at) !== end + 4) return null;
    if (body.subarray(start, start + 3).equals(BOM)) return null;
    form.append(name, body.toString("utf8", start, end));
    at = end + delimiter.length;
  }
}
