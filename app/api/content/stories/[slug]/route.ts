import { getStoryHandler, methodNotAllowed, preflight } from "@/lib/api/content";

export async function GET(request: Request, { params }: { params: Promise<{ slug: string }> }) {
  return getStoryHandler(request, (await params).slug);
}
export const OPTIONS = preflight;
export const POST = methodNotAllowed;
export const PUT = methodNotAllowed;
export const DELETE = methodNotAllowed;
