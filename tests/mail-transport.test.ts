import { SMTPServer } from "smtp-server";
import { afterAll, describe, expect, it } from "vitest";
import { createMailTransport } from "@/lib/mail/transport";

// The transport opens its own TCP connections (Nagle off, lib/mail/transport.ts) and hands them to
// nodemailer: both kinds of SMTP_URL must still end up encrypted, with credentials, against a real server.

const servers: SMTPServer[] = [];
afterAll(async () => {
  await Promise.all(servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
});

async function startServer(secure: boolean) {
  const seen: { secure: boolean; user: string }[] = [];
  const server = new SMTPServer({
    secure,
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === "mailer" && auth.password === "s3cret") callback(null, { user: "mailer" });
      else callback(new Error("Invalid credentials"));
    },
    onData(stream, session, callback) {
      stream.resume();
      stream.on("end", () => {
        seen.push({ secure: session.secure, user: String(session.user) });
        callback();
      });
    },
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { port: (server.server.address() as { port: number }).port, seen };
}

const message = {
  from: "news@example.org",
  to: "reader@example.org",
  subject: "Hello",
  html: "<p>Hello</p>",
  text: "Hello",
  messageId: "<transport-test@example.org>",
};

describe("the SMTP transport", () => {
  it.each([
    { scheme: "smtps", secure: true, what: "speaks TLS from the first byte" },
    { scheme: "smtp", secure: false, what: "upgrades with STARTTLS before sending credentials" },
  ])("$scheme:// $what", async ({ scheme, secure }) => {
    const server = await startServer(secure);
    // The test server's certificate is self-signed.
    const url = `${scheme}://mailer:s3cret@127.0.0.1:${server.port}/?tls.rejectUnauthorized=false`;
    const transport = createMailTransport(url)!;
    await transport.send(message);
    transport.close();
    // Either way the session was encrypted by the time the credentials and the message crossed it.
    expect(server.seen).toEqual([{ secure: true, user: "mailer" }]);
  });

  it("a server that is not there fails the send with no SMTP answer", async () => {
    const server = await startServer(false);
    await new Promise<void>((resolve) => servers.pop()!.close(() => resolve()));
    const transport = createMailTransport(`smtp://127.0.0.1:${server.port}`)!;
    const failure = await transport.send(message).then(
      () => null,
      (error: { code?: string; responseCode?: number }) => error,
    );
    transport.close();
    expect(failure).toMatchObject({ code: "ECONNREFUSED" });
    expect(failure?.responseCode).toBeUndefined();
  });
});
