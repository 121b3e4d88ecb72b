import type { MenuLink } from "@/lib/data/menus";
import { IntentLink } from "./intent-link";

/** A menu entry: an address on this site through the router, an outside one as a plain link. */
export function MenuAnchor({ link, className }: { link: MenuLink; className: string }) {
  if (link.href.startsWith("/"))
    return (
      <IntentLink href={link.href} className={className}>
        {link.label}
      </IntentLink>
    );
  return (
    <a href={link.href} className={className} rel="noopener">
      {link.label}
    </a>
  );
}
