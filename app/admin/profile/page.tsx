import type { Metadata } from "next";
import { PageTitle } from "@/components/admin/page-chrome";
import { ChangePasswordForm, ProfileForm } from "@/components/admin/profile-forms";
import { requireStaff } from "@/lib/auth/guards";
import { ROLE_LABELS } from "@/lib/auth/roles";
import { getAuthorForUser } from "@/lib/data/users";

export const metadata: Metadata = { title: "Profile" };

export default async function ProfilePage() {
  const user = await requireStaff("/admin/profile");
  const author = await getAuthorForUser(user.id);
  return (
    <>
      <PageTitle>Your profile</PageTitle>
      <p className="-mt-4 mb-8 text-sm text-neutral-600 dark:text-neutral-400">
        {user.email} · {ROLE_LABELS[user.role]}
      </p>
      <div className="grid gap-12 lg:grid-cols-2">
        <section aria-labelledby="profile-heading">
          <h2 id="profile-heading" className="mb-4 text-xl font-bold">
            Byline and bio
          </h2>
          <ProfileForm name={author?.name ?? user.name} bio={author?.bio ?? ""} />
        </section>
        <section aria-labelledby="password-heading">
          <h2 id="password-heading" className="mb-4 text-xl font-bold">
            Password
          </h2>
          <ChangePasswordForm />
        </section>
      </div>
    </>
  );
}
