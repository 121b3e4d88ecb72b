import { adminMethodNotAllowed, uploadImageHandler } from "@/lib/api/admin";

export const POST = uploadImageHandler;
export const GET = adminMethodNotAllowed("POST");
