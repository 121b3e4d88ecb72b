"use server";

// Who may call these: anyone (publicAction). They are the reader's signup, confirm and manage forms; the
// confirm and manage actions act only on the address a signed token names (HMAC with the auth secret), and
// signup answers the same whatever the address's state. The newsroom's subscriber actions use withRole.

import { headers } from "next/headers";
import { z } from "zod";
import { ipGroup } from "@/lib/auth/ip-group";
import { clientIpFrom } from "@/lib/edge/client-ip";
import { sectionsForNewsletters } from "@/lib/data/newsletter-options";
import { getSettingsUncached } from "@/lib/data/settings";
import {
  admitSignup,
  confirmSubscription,
  requestSubscription,
  unsubscribe,
  updateSubscriptions,
} from "@/lib/data/subscribers";
import { availableNewsletters, chosenLists, SIGNUP_ANSWER } from "@/lib/mail/newsletters";
import { verifyMailToken } from "@/lib/mail/tokens";
import { failure, invalid, keptValues, ok } from "./state";
import { publicAction } from "./wrappers";

// Public by design: readers subscribe, confirm and manage without an account. The rules live here:
// a honeypot and a per-client limit on signups, and a signed link for everything that changes an address.

const LINK_INVALID = "This link is not valid or has expired. Please sign up again.";

const SignupSchema = z.object({
  email: z
    .string()
    .trim()
    .max(254, "That address is too long.")
    .pipe(z.email("Enter your email address, like name@example.com.")),
  newsletters: z.array(z.string().max(100)).max(50),
  // The honeypot: hidden from people, filled in by bots.
  website: z.string().max(500).optional(),
});

async function offeredNewsletters() {
  const [settings, sections] = await Promise.all([getSettingsUncached(), sectionsForNewsletters()]);
  return availableNewsletters(settings.newsletterSections, sections);
}

export const subscribeAction = publicAction(
  SignupSchema,
  async (input, form) => {
    if (input.website) return ok(SIGNUP_ANSWER);
    const lists = chosenLists(input.newsletters, await offeredNewsletters());
    if (!lists.length) return invalid(form, { newsletters: ["Choose at least one newsletter."] });
    const client = ipGroup(clientIpFrom(await headers()));
    if (!(await admitSignup(client)))
      return failure("Too many signups from your network. Please try again in an hour.", {}, keptValues(form));
    await requestSubscription(input.email, lists);
    return ok(SIGNUP_ANSWER);
  },
  { read: (form) => ({ ...Object.fromEntries(form), newsletters: form.getAll("newsletters") }) },
);

const TokenSchema = z.object({ token: z.string().max(2000) });

export const confirmSubscriptionAction = publicAction(TokenSchema, async ({ token }) => {
  const data = verifyMailToken(token);
  if (data?.p !== "confirm") return failure(LINK_INVALID);
  const lists = chosenLists(data.l, await offeredNewsletters());
  const done = await confirmSubscription({ id: data.s, createdAt: data.c }, lists);
  return done ? ok("You are subscribed. Thank you!") : failure(LINK_INVALID);
});

const ManageSchema = TokenSchema.extend({
  newsletters: z.array(z.string().max(100)).max(50),
  intent: z.enum(["save", "unsubscribe"]),
});

export const manageSubscriptionAction = publicAction(
  ManageSchema,
  async ({ token, newsletters, intent }) => {
    const data = verifyMailToken(token);
    if (data?.p !== "manage") return failure(LINK_INVALID);
    const ref = { id: data.s, createdAt: data.c };
    if (intent === "unsubscribe") {
      return (await unsubscribe(ref))
        ? ok("You are unsubscribed from every newsletter. You will receive nothing more from us.")
        : failure(LINK_INVALID);
    }
    const lists = chosenLists(newsletters, await offeredNewsletters());
    if (!(await updateSubscriptions(ref, lists))) return failure(LINK_INVALID);
    return ok(lists.length ? "Your newsletters are saved." : "You are unsubscribed from every newsletter.");
  },
  { read: (form) => ({ ...Object.fromEntries(form), newsletters: form.getAll("newsletters") }) },
);
