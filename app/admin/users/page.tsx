import type { Metadata } from "next";
import { ActionForm } from "@/components/admin/action-form";
import { AdminTable, PageTitle } from "@/components/admin/page-chrome";
import { CreateUserForm, ResetPasswordForm, RoleForm } from "@/components/admin/user-forms";
import { SubmitButton } from "@/components/ui/button";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { setUserActiveAction } from "@/lib/actions/users";
import { requireRole } from "@/lib/auth/guards";
import { listUsers } from "@/lib/data/users";

export const metadata: Metadata = { title: "Users" };

export default async function UsersPage() {
  const me = await requireRole("administrator", "/admin/users");
  const users = await listUsers();
  return (
    <>
      <PageTitle>Users</PageTitle>
      <AdminTable
        caption="Newsroom accounts"
        columns={["Name", "Email", "Role", "Status", "Password"]}
        minWidthClass="min-w-[720px]"
      >
        {users.map((u) => (
          <tr key={u.id} className="align-top">
            <td className="py-2 pr-3 font-semibold">
              {u.name}
              {u.id === me.id ? (
                <span className="ml-1 text-xs font-normal text-neutral-500 dark:text-neutral-400">(you)</span>
              ) : null}
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
                    <ConfirmButton
                      title={`Deactivate ${u.name}?`}
                      description="They are signed out at once and can no longer sign in."
                      confirmLabel="Deactivate"
                    >
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
      </AdminTable>
      <section aria-labelledby="add-user" className="mt-10 max-w-3xl">
        <h2 id="add-user" className="mb-4 text-xl font-bold">
          Add user
        </h2>
        <CreateUserForm />
      </section>
    </>
  );
}
