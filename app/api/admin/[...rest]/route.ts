import { adminNotFound } from "@/lib/api/admin";

export const GET = adminNotFound;
export const POST = adminNotFound;
export const PATCH = adminNotFound;
