// The names uploads are stored under, shared by the data layer and the db:copy tool (which cannot
// import the server-only lib/data): 32 random hex digits and the extension of the decoded format.
export const UPLOAD_NAME_PATTERN = /^[a-f0-9]{32}\.(jpg|png|webp|avif|gif)$/;

export const UPLOAD_CONTENT_TYPES: Record<string, string> = {
  jpg: "image/jpeg",
  png: "image/png",
  webp: "image/webp",
  avif: "image/avif",
  gif: "image/gif",
};

/** The content type of a stored upload's name (only call with a name that matched the pattern). */
export const uploadContentType = (name: string): string => UPLOAD_CONTENT_TYPES[name.split(".").pop()!];

const UPLOAD_IN_TEXT = /\/uploads\/[a-f0-9]{32}\.(?:jpg|png|webp|avif|gif)/g;

/** The uploaded images a piece of stored text (a body, a path, a revision snapshot) refers to. */
export function uploadPathsIn(text: string | null | undefined): string[] {
  return text ? [...new Set(text.match(UPLOAD_IN_TEXT))] : [];
}
