import { handOver } from "@/lib/hand-over.mjs";

// The job runner lives in Next's module graph (instrumentation.ts starts it); server.ts, stopping,
// waits for the attempts in flight through the stop the runner hands over here.
export const jobsStop = handOver<() => Promise<void>>("jobs.stop");
