"use client";

import { ActionForm } from "@/components/admin/action-form";
import { SubmitButton } from "@/components/ui/button";
import { FormField, inputClass } from "@/components/ui/form-field";
import { addMenuItemAction, moveMenuItemAction, removeMenuItemAction } from "@/lib/actions/menus";
import { MENU_NAMES, type MenuName } from "@/lib/domain";

const MENU_LABELS: Record<MenuName, string> = { header: "Header", footer: "Footer" };

/** Move up, move down and remove for one entry; the buttons name the entry for screen-reader users. */
export function MenuItemControls({
  itemId,
  label,
  canMoveUp,
  canMoveDown,
}: {
  itemId: number;
  label: string;
  canMoveUp: boolean;
  canMoveDown: boolean;
}) {
  return (
    <div className="flex flex-wrap gap-2">
      {canMoveUp ? (
        <ActionForm action={moveMenuItemAction} hidden={{ itemId, direction: "up" }}>
          <SubmitButton variant="secondary" size="sm">
            Move up<span className="sr-only">: {label}</span>
          </SubmitButton>
        </ActionForm>
      ) : null}
      {canMoveDown ? (
        <ActionForm action={moveMenuItemAction} hidden={{ itemId, direction: "down" }}>
          <SubmitButton variant="secondary" size="sm">
            Move down<span className="sr-only">: {label}</span>
          </SubmitButton>
        </ActionForm>
      ) : null}
      <ActionForm action={removeMenuItemAction} hidden={{ itemId }}>
        <SubmitButton variant="secondary" size="sm">
          Remove<span className="sr-only">: {label}</span>
        </SubmitButton>
      </ActionForm>
    </div>
  );
}

function MenuChoice({ errors }: { errors?: string[] }) {
  return (
    <FormField label="Menu" errors={errors}>
      {(control) => (
        <select {...control} name="menu" className={inputClass}>
          {MENU_NAMES.map((m) => (
            <option key={m} value={m}>
              {MENU_LABELS[m]}
            </option>
          ))}
        </select>
      )}
    </FormField>
  );
}

type Option = { id: number; name: string };

/** Adds a section or a page (the one `kind` names) to the end of the chosen menu. */
export function AddEntryForm({ kind, options }: { kind: "section" | "page"; options: Option[] }) {
  const noun = kind === "section" ? "section" : "page";
  const field = kind === "section" ? "sectionId" : "pageId";
  return (
    <ActionForm action={addMenuItemAction} className="space-y-3" label={`Add a ${noun}`}>
      {(state) => (
        <>
          <input type="hidden" name="kind" value={kind} />
          <MenuChoice errors={state.fieldErrors?.menu} />
          <FormField label={kind === "section" ? "Section" : "Page"} errors={state.fieldErrors?.[field]}>
            {(control) => (
              <select {...control} name={field} className={inputClass}>
                {options.map((o) => (
                  <option key={o.id} value={o.id}>
                    {o.name}
                  </option>
                ))}
              </select>
            )}
          </FormField>
          <SubmitButton pendingLabel="Adding…">Add {noun}</SubmitButton>
        </>
      )}
    </ActionForm>
  );
}

/** Adds a link of the editor's own (a partner site, the newsletter) to the chosen menu. */
export function AddLinkForm() {
  return (
    <ActionForm action={addMenuItemAction} className="space-y-3" label="Add a custom link">
      {(state) => (
        <>
          <input type="hidden" name="kind" value="link" />
          <MenuChoice errors={state.fieldErrors?.menu} />
          <FormField label="Link text" errors={state.fieldErrors?.label}>
            {(control) => (
              <input
                {...control}
                name="label"
                maxLength={60}
                defaultValue={state.values?.label}
                className={inputClass}
              />
            )}
          </FormField>
          <FormField
            label="Address"
            hint="An address on this site (/subscribe) or one starting with https://."
            errors={state.fieldErrors?.url}
          >
            {(control) => <input {...control} name="url" defaultValue={state.values?.url} className={inputClass} />}
          </FormField>
          <SubmitButton pendingLabel="Adding…">Add link</SubmitButton>
        </>
      )}
    </ActionForm>
  );
}
