import type { MenuLink } from "@/lib/data/menus";

/** A menu entry: a plain link (reader pages have no client router); an outside one without the opener. */
export function MenuAnchor({ link, className }: { link: MenuLink; className: string }) {
  return (
    <a href={link.href} className={className} rel={link.href.startsWith("/") ? undefined : "noopener"}>
      {link.label}
    </a>
  );
}
