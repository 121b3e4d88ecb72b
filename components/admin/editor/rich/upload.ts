import { uploadStoryImageAction } from "@/lib/actions/story-images";
import { idleState } from "@/lib/actions/state";

export const IMAGE_TYPES = "image/jpeg,image/png,image/webp,image/avif,image/gif";

/** Uploads through the feature image's path (lib/data/uploads: decoded, metadata stripped, re-encoded). */
export async function uploadStoryImage(file: File): Promise<{ src: string } | { error: string }> {
  const form = new FormData();
  form.set("image", file);
  try {
    const result = await uploadStoryImageAction(idleState, form);
    if (result.status === "ok" && "src" in result && typeof result.src === "string") return { src: result.src };
    return { error: result.status === "error" ? result.message : "The image could not be uploaded." };
  } catch {
    return { error: "The image could not be uploaded: check the connection and try again." };
  }
}
