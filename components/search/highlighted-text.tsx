import type { Highlighted } from "@/lib/data/search";

/** Matched words in <mark>; every piece is a React text node, so markup in a story is shown as text. */
export function HighlightedText({ pieces }: { pieces: Highlighted }) {
  return (
    <>
      {pieces.map((piece, i) =>
        piece.mark ? (
          <mark key={i} className="rounded-sm bg-yellow-200 px-0.5 text-inherit dark:bg-yellow-700 dark:text-white">
            {piece.text}
          </mark>
        ) : (
          <span key={i}>{piece.text}</span>
        ),
      )}
    </>
  );
}
