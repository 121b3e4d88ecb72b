import "server-only";
import { randomUUID } from "node:crypto";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { authSecret, servedOverHttps } from "@/lib/site";
import { clientIpFrom } from "@/lib/edge/client-ip";
import { revokeSession } from "@/lib/data/sessions";
import { authenticate } from "./credentials";

// Without NEXTAUTH_URL, next-auth v4 takes its origin from the Host header only when told to trust it;
// otherwise it assumes http://localhost:3000 and its own endpoints break on any other host.
process.env.AUTH_TRUST_HOST ??= "1";

export const SESSION_MAX_AGE_SECONDS = 8 * 60 * 60;

export const useSecureCookies = servedOverHttps();
export const SESSION_COOKIE = `${useSecureCookies ? "__Secure-" : ""}next-auth.session-token`;

export const authOptions: NextAuthOptions = {
  secret: authSecret(),
  useSecureCookies,
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
  pages: { signIn: "/login", error: "/login" },
  providers: [
    CredentialsProvider({
      name: "Email and password",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(credentials, req) {
        const headers = new Headers();
        for (const [key, value] of Object.entries(req.headers ?? {}))
          if (typeof value === "string") headers.set(key, value);
        const result = await authenticate(credentials?.email ?? "", credentials?.password ?? "", clientIpFrom(headers));
        if (!result.ok) throw new Error(result.message);
        return {
          id: String(result.user.id),
          email: result.user.email,
          name: result.user.name,
          sessionVersion: result.sessionVersion,
        };
      },
    }),
  ],
  callbacks: {
    // The token carries only the user id, session version and session id; role and active flag are
    // read from the database per request.
    async jwt({ token, user }) {
      if (user) {
        token.sub = String(user.id);
        token.ver = (user as { sessionVersion?: number }).sessionVersion ?? 0;
        token.sid = randomUUID();
      }
      return token;
    },
    async session({ session, token }) {
      return { ...session, userId: token.sub, ver: token.ver, sid: token.sid };
    },
  },
  events: {
    // NextAuth's own /api/auth/signout only clears the cookie; a copy of it must stop working too.
    async signOut({ token }) {
      if (typeof token?.sid === "string") await revokeSession(token.sid, Date.now() + SESSION_MAX_AGE_SECONDS * 1000);
    },
  },
};
