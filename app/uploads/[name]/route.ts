import { readUpload } from "@/lib/data/uploads";

// Uploaded feature images are public once an article uses them, and their names are random and never
// reused, so they can be cached for a year.
export async function GET(_request: Request, { params }: { params: Promise<{ name: string }> }) {
  const upload = await readUpload((await params).name);
  if (!upload) return new Response("Not found", { status: 404 });
  return new Response(new Uint8Array(upload.bytes), {
    headers: {
      "Content-Type": upload.contentType,
      "Content-Length": String(upload.bytes.length),
      "Cache-Control": "public, max-age=31536000, immutable",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
