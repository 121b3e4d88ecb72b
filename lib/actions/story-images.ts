"use server";

import { z } from "zod";
import { checkImageUpload, storeImageUpload } from "@/lib/data/uploads";
import { failure, ok, type ActionState } from "./state";
import { withRole } from "./wrappers";

/** An image placed in the story body: where it was stored, for the editor to put in a figure. */
export type StoryImageState = ActionState & { src?: string };

const StoryImageSchema = z.object({ image: z.instanceof(File, { message: "Choose an image." }) });

// The same path as the feature image: decoded and re-encoded without metadata by sharp, stored under a
// random name, served at /uploads/… through next/image at the same widths.
export const uploadStoryImageAction = withRole(
  "contributor",
  StoryImageSchema,
  async ({ image }, user): Promise<StoryImageState> => {
    if (image.size === 0) return failure("Choose an image.");
    const checked = await checkImageUpload(image);
    if (!checked.ok) return failure(checked.error);
    return {
      ...ok("Image uploaded."),
      src: await storeImageUpload(checked, { uploadedById: user.id, fileName: image.name }),
    };
  },
  { read: (form) => ({ image: form.get("image") }), invalid: "Choose an image." },
);
