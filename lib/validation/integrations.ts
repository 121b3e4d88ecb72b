import { z } from "zod";
import { API_KEY_KINDS, ROLES, WEBHOOK_EVENTS } from "@/lib/domain";

const id = z.coerce.number().int().positive();
const name = z.string().trim().min(1, "Enter a name.").max(120, "The name is too long.");

export const CreateApiKeySchema = z.object({
  name,
  kind: z.enum(API_KEY_KINDS, "Choose the kind of key."),
  // Admin keys act as a contributor, author or editor: never as an administrator.
  role: z.enum(ROLES).exclude(["administrator"]).optional(),
});

export const IdSchema = z.object({ id });

export const CreateWebhookSchema = z.object({
  name: z.string().trim().max(120, "The name is too long.").default(""),
  url: z.string().trim().min(1, "Enter the address that receives the events.").max(2000, "The address is too long."),
  events: z.array(z.enum(WEBHOOK_EVENTS)).min(1, "Choose at least one event."),
});

export const SetWebhookActiveSchema = z.object({ id, active: z.enum(["true", "false"]) });
