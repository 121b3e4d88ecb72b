import { adminMethodNotAllowed, createStoryHandler } from "@/lib/api/admin";

export const POST = createStoryHandler;
export const GET = adminMethodNotAllowed("POST");
