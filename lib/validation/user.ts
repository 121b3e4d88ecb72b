import { z } from "zod";
import { ROLES } from "@/lib/domain";

export const PASSWORD_MIN = 10;
const password = z
  .string()
  .min(PASSWORD_MIN, `Use at least ${PASSWORD_MIN} characters.`)
  .max(200, "The password is too long.");

export const CreateUserSchema = z.object({
  name: z.string().trim().min(1, "Enter a name.").max(120, "The name is too long."),
  email: z.string().trim().max(320).pipe(z.email("Please enter a valid email address.")),
  role: z.enum(ROLES, "Choose a role."),
  password,
});

export const ChangeRoleSchema = z.object({
  id: z.coerce.number().int().positive(),
  role: z.enum(ROLES, "Choose a role."),
});
export const SetActiveSchema = z.object({ id: z.coerce.number().int().positive(), active: z.enum(["true", "false"]) });
export const ResetPasswordSchema = z.object({ id: z.coerce.number().int().positive(), password });

export const ChangePasswordSchema = z
  .object({
    currentPassword: z.string().min(1, "Enter your current password."),
    newPassword: password,
    confirmPassword: z.string(),
  })
  .refine((v) => v.newPassword === v.confirmPassword, {
    path: ["confirmPassword"],
    message: "The passwords do not match.",
  });

export const ProfileSchema = z.object({
  name: z.string().trim().min(1, "Enter your name.").max(120, "The name is too long."),
  bio: z.string().trim().max(2000, "The bio is too long (2,000 characters at most)."),
});
