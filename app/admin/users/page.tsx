import type { Metadata } from "next";
import { ActionForm } from "@/components/admin/action-form";
import { PageTitle } from "@/components/admin/filter-tabs";
import { CreateUserForm, ResetPasswordForm, RoleForm } from "@/components/admin/user-forms";
import { SubmitButton } from "@/components/ui/button";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { setUserActiveAction } from "@/lib/actions/users";
import { requireRole } from "@/lib/auth/guards";
import { listUsers } from "@/lib/data/users";

export const metadata: Metadata = { title: "Users" };

export default async function UsersPage() {
  const me = await requireRole("administrator", "/admin/users");
  const users = listUsers();
  return (
    <>
      <PageTitle>Users</PageTitle>
      <div className="overflow-x-auto">
        <table className="w-full min-w-[720px] text-left text-sm">
          <caption className="sr-only">Newsroom accounts</caption>
          <thead className="border-b border-neutral-300 dark:border-neutral-700">
            <tr>
              <th scope="col" className="py-2 pr-3">Name</th>
              <th scope="col" className="py-2 pr-3">Email</th>
              <th scope="col" className="py-2 pr-3">Role</th>
              <th scope="col" className="py-2 pr-3">Status</th>
              <th scope="col" className="py-2">Password</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-neutral-200 dark:divide-neutral-800">
            {users.map((u) => (
              <tr key={u.id} className="align-top">
                <td className="py-2 pr-3 font-semibold">
                  {u.name}
                  {u.id === me.id ? <span className="ml-1 text-xs font-normal text-neutral-500">(you)</span> : null}
                </td>
                <td className="py-2 pr-3">{u.email}</td>
                <td className="py-2 pr-3">
                  <RoleForm id={u.id} name={u.name} role={u.role} />
                </td>
                <td className="py-2 pr-3">
                  <div className="flex flex-wrap items-center gap-2">
                    <span>{u.active ? "Active" : "Deactivated"}</span>
                    <ActionForm action={setUserActiveAction} hidden={{ id: u.id, active: u.active ? "false" : "true" }}>
                      {u.active ? (
                        <ConfirmButton title={`Deactivate ${u.name}?`} description="They are signed out at once and can no longer sign in." confirmLabel="Deactivate">
                          Deactivate
                        </ConfirmButton>
                      ) : (
                        <SubmitButton size="sm" variant="secondary" pendingLabel="Working…">
                          Reactivate
                        </SubmitButton>
                      )}
                    </ActionForm>
                  </div>
                </td>
                <td className="py-2">
                  <details>
                    <summary className="cursor-pointer font-semibold underline">Reset password</summary>
                    <ResetPasswordForm id={u.id} name={u.name} />
                  </details>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <section aria-labelledby="add-user" className="mt-10 max-w-3xl">
        <h2 id="add-user" className="mb-4 text-xl font-bold">
          Add user
        </h2>
        <CreateUserForm />
      </section>
    </>
  );
}
