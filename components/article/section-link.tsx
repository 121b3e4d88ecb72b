import type { SectionRef } from "@/lib/data/articles";
import { sectionPath } from "@/lib/site";

const sizeClass = { xs: "text-xs", sm: "text-sm" } as const;

/** The section a story belongs to, as the small capitals link above its headline. */
export function SectionLink({
  section,
  size = "xs",
}: {
  section: Pick<SectionRef, "name" | "slug">;
  size?: keyof typeof sizeClass;
}) {
  return (
    <a
      href={sectionPath(section.slug)}
      className={`text-accent ${sizeClass[size]} font-bold tracking-widest uppercase dark:text-red-300`}
    >
      {section.name}
    </a>
  );
}
