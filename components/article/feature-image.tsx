import Image from "next/image";
import type { FeatureImage as FeatureImageData } from "@/lib/data/articles";

export function FeatureImage({
  image,
  priority = false,
  sizes,
  withCaption = true,
}: {
  image: FeatureImageData;
  priority?: boolean;
  sizes: string;
  withCaption?: boolean;
}) {
  const picture = (
    <div className="relative aspect-[16/9] overflow-hidden bg-neutral-200 dark:bg-neutral-800">
      <Image src={image.path} alt={image.alt} fill sizes={sizes} priority={priority} className="object-cover" />
    </div>
  );
  if (!withCaption || (!image.caption && !image.credit)) return picture;
  return (
    <figure>
      {picture}
      <figcaption className="mt-2 text-sm text-neutral-600 dark:text-neutral-400">
        {image.caption}
        {image.credit ? (
          <span className="ml-1 text-xs tracking-wide text-neutral-500 dark:text-neutral-400 uppercase">
            {image.credit}
          </span>
        ) : null}
      </figcaption>
    </figure>
  );
}
