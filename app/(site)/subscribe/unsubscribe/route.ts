import { NextResponse, type NextRequest } from "next/server";
import { unsubscribe } from "@/lib/data/subscribers";
import { verifyMailToken } from "@/lib/mail/tokens";

// RFC 8058 one-click unsubscribe: mail clients POST `List-Unsubscribe=One-Click` to the address in the
// List-Unsubscribe header, with no page and no cookie. A GET (someone opening the link) shows the manage
// page instead, so a link scanner fetching it unsubscribes nobody.

const noStore = { "Cache-Control": "no-store" };

export async function POST(request: NextRequest) {
  const token = request.nextUrl.searchParams.get("token");
  const data = verifyMailToken(token);
  if (data?.p !== "manage")
    return new NextResponse("This unsubscribe link is not valid.\n", { status: 400, headers: noStore });
  await unsubscribe({ id: data.s, createdAt: data.c });
  // Also when the address was already erased: there is nothing left to send to.
  return new NextResponse("You are unsubscribed.\n", {
    status: 200,
    headers: { ...noStore, "Content-Type": "text/plain; charset=utf-8" },
  });
}

export function GET(request: NextRequest) {
  const target = new URL("/subscribe/manage", request.url);
  target.searchParams.set("token", request.nextUrl.searchParams.get("token") ?? "");
  return NextResponse.redirect(target, { status: 303, headers: noStore });
}
