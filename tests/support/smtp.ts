import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from "smtp-server";

// A real SMTP server for the newsletter tests (nodemailer's smtp-server on port 0), with credentials,
// that records every message it accepts with 250, parsed. `answer` can refuse a recipient (5xx at RCPT) or
// a message (4xx/5xx after DATA), the way a receiving server does.

export type Received = { to: string; mail: ParsedMail; raw: string };
type Answer = (to: string) => { code: number; message: string } | null;

export type TestSmtp = {
  url: string;
  received: Received[];
  /**
   * The recipient of every message accepted, in order, recorded the moment the server decides to answer
   * 250 (before parsing, so a client that dies next cannot outrun it).
   */
  accepted: string[];
  /** Client connections open now. */
  connections(): number;
  /** Resolves once `condition` holds, checked whenever a message is accepted or a connection closes. */
  until(condition: () => boolean, what: string | (() => string), timeoutMs?: number): Promise<void>;
  /** `hold` returning true: new messages get no answer at all (their sender waits, as for a slow server). */
  answer: { rcpt?: Answer; data?: Answer; hold?: () => boolean };
  /** Waits until `count` messages were accepted. */
  waitFor(count: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
};

function refusal(code: number, message: string) {
  return Object.assign(new Error(message), { responseCode: code });
}

export async function startTestSmtp(): Promise<TestSmtp> {
  const received: Received[] = [];
  const accepted: string[] = [];
  const answer: TestSmtp["answer"] = {};
  const waiters: (() => void)[] = [];
  const wake = () => {
    for (const w of waiters.splice(0)) w();
  };
  let open = 0;
  const server = new SMTPServer({
    authOptional: false,
    allowInsecureAuth: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    size: 10 * 1024 * 1024,
    onConnect(_session, callback) {
      open++;
      callback();
    },
    onClose() {
      open--;
      wake();
    },
    onAuth(auth, _session, callback) {
      if (auth.username === "mailer" && auth.password === "s3cret") callback(null, { user: "mailer" });
      else callback(new Error("Invalid credentials"));
    },
    onRcptTo(address, _session, callback) {
      const refused = answer.rcpt?.(address.address);
      callback(refused ? refusal(refused.code, refused.message) : undefined);
    },
    onData(stream: SMTPServerDataStream, session: SMTPServerSession, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", async () => {
        if (answer.hold?.()) return;
        const to = session.envelope.rcptTo[0]?.address ?? "";
        const refused = answer.data?.(to);
        if (refused) return callback(refusal(refused.code, refused.message));
        accepted.push(to);
        wake();
        const raw = Buffer.concat(chunks).toString("utf8");
        received.push({ to, raw, mail: await simpleParser(raw) });
        callback();
        wake();
      });
    },
  });
  async function until(condition: () => boolean, what: string | (() => string), timeoutMs = 20_000) {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
      if (Date.now() > deadline) throw new Error(`Timed out waiting for ${typeof what === "string" ? what : what()}`);
      // Woken by the server's events; the timer only bounds the wait for the deadline.
      await new Promise<void>((resolve) => {
        waiters.push(resolve);
        setTimeout(resolve, 200);
      });
    }
  }
  // A sender killed mid-conversation (the crash test's kill -9) resets its connections: the server reports
  // that as an error event, which with no listener would crash the test process. Anything else is shown.
  server.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "ECONNRESET" && error.code !== "EPIPE") console.error("test SMTP server:", error);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.server.address() as { port: number }).port;
  return {
    url: `smtp://mailer:s3cret@127.0.0.1:${port}`,
    received,
    answer,
    accepted,
    connections: () => open,
    until,
    waitFor: (count, timeoutMs = 20_000) =>
      until(
        () => received.length >= count,
        () => `${count} messages (received ${received.length})`,
        timeoutMs,
      ),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
