import { NotFoundMessage } from "@/components/layout/not-found-message";

// Next 16 sends a reader's 404 as an empty shell its client runtime fills in from the RSC payload;
// reader pages carry no runtime, so the edge answers with /page-not-found instead (lib/edge/reader-page.ts).
// This boundary still renders the message wherever Next itself does render it.
export default function NotFound() {
  return <NotFoundMessage />;
}
