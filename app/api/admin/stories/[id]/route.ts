import { adminMethodNotAllowed, getAdminStoryHandler, updateStoryHandler } from "@/lib/api/admin";

type Params = { params: Promise<{ id: string }> };

export async function GET(request: Request, { params }: Params) {
  return getAdminStoryHandler(request, (await params).id);
}
export async function PATCH(request: Request, { params }: Params) {
  return updateStoryHandler(request, (await params).id);
}
export const POST = adminMethodNotAllowed("GET, PATCH");
export const PUT = adminMethodNotAllowed("GET, PATCH");
export const DELETE = adminMethodNotAllowed("GET, PATCH");
