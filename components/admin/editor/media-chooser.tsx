"use client";

import { useCallback, useId, useRef, useState } from "react";
import { browseMediaAction, type LibraryImage } from "@/lib/actions/media";
import { idleState } from "@/lib/actions/state";
import { buttonClass } from "@/components/ui/button-class";
import { inputClass } from "@/components/ui/form-field";

type Listing = { images: LibraryImage[]; nextBefore: number | null; error: string | null; loading: boolean };

const EMPTY: Listing = { images: [], nextBefore: null, error: null, loading: false };

async function browse(search: string, before: number | null) {
  const form = new FormData();
  form.set("search", search);
  form.set("before", before ? String(before) : "");
  try {
    const result = await browseMediaAction(idleState, form);
    if (result.status === "ok" && "images" in result && result.images)
      return { images: result.images, nextBefore: result.nextBefore ?? null };
    return { error: result.status === "error" ? result.message : "The library could not be read." };
  } catch {
    return { error: "The library could not be read: check the connection and try again." };
  }
}

/**
 * "Choose from library": a native modal <dialog> (focus moves in, Escape closes, focus returns to the
 * button that opened it) listing the library newest first, with a search. Choosing an image hands it,
 * with the library's alt text, caption and credit, to `onChoose`.
 */
export function MediaChooser({
  label,
  onChoose,
  disabled = false,
}: {
  /** The opening button's text, which is also the dialog's name. */
  label: string;
  onChoose: (image: LibraryImage) => void;
  disabled?: boolean;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const headingId = useId();
  const [search, setSearch] = useState("");
  const [listing, setListing] = useState<Listing>(EMPTY);
  const [open, setOpen] = useState(false);

  const load = useCallback(async (query: string, before: number | null) => {
    setListing((l) => ({ ...l, loading: true, error: null }));
    const result = await browse(query, before);
    setListing((l) =>
      "error" in result
        ? { ...l, loading: false, error: result.error ?? null }
        : {
            images: before ? [...l.images, ...result.images] : result.images,
            nextBefore: result.nextBefore,
            error: null,
            loading: false,
          },
    );
  }, []);

  const close = () => {
    dialog.current?.close();
  };

  return (
    <>
      <button
        type="button"
        disabled={disabled}
        className={buttonClass("secondary", "sm")}
        onClick={() => {
          setSearch("");
          setListing(EMPTY);
          setOpen(true);
          dialog.current?.showModal();
          void load("", null);
        }}
      >
        {label}
      </button>
      <dialog
        ref={dialog}
        aria-labelledby={headingId}
        onClose={() => setOpen(false)}
        className="m-auto w-[min(56rem,95vw)] rounded-lg p-0 font-sans text-neutral-900 shadow-xl backdrop:bg-black/50 dark:bg-neutral-900 dark:text-neutral-100"
      >
        <div className="flex max-h-[85vh] flex-col gap-3 p-5">
          <div className="flex items-center justify-between gap-3">
            <h2 id={headingId} className="text-lg font-bold">
              {label}
            </h2>
            <button type="button" className={buttonClass("secondary", "sm")} onClick={close}>
              Cancel
            </button>
          </div>
          <LibrarySearch value={search} onChange={setSearch} onSearch={() => void load(search, null)} />
          <p aria-live="polite" className="text-sm text-neutral-600 dark:text-neutral-400">
            {listing.error ??
              (listing.loading ? "Loading images…" : listing.images.length === 0 && open ? "No images match." : "")}
          </p>
          <LibraryGrid
            images={listing.images}
            onChoose={(image) => {
              close();
              onChoose(image);
            }}
          />
          {listing.nextBefore ? (
            <button
              type="button"
              disabled={listing.loading}
              className={`${buttonClass("secondary", "sm")} self-start`}
              onClick={() => void load(search, listing.nextBefore)}
            >
              More images
            </button>
          ) : null}
        </div>
      </dialog>
    </>
  );
}

/** The chooser's search box and button. */
function LibrarySearch({
  value,
  onChange,
  onSearch,
}: {
  value: string;
  onChange: (value: string) => void;
  onSearch: () => void;
}) {
  const searchId = useId();
  return (
    <div
      role="search"
      className="flex items-end gap-2"
      onKeyDown={(e) => {
        // The dialog sits inside the story's form: Enter searches instead of saving the story.
        if (e.key === "Enter") {
          e.preventDefault();
          onSearch();
        }
      }}
    >
      <div className="flex-1">
        <label htmlFor={searchId} className="block text-sm font-semibold">
          Search the library
        </label>
        <input
          id={searchId}
          type="search"
          value={value}
          maxLength={200}
          onChange={(e) => onChange(e.target.value)}
          className={inputClass}
        />
      </div>
      <button type="button" className={buttonClass("secondary")} onClick={onSearch}>
        Search
      </button>
    </div>
  );
}

/** The chooser's images: one button each, named by the image's alt text (or its file name). */
function LibraryGrid({ images, onChoose }: { images: LibraryImage[]; onChoose: (image: LibraryImage) => void }) {
  return (
    <ul aria-label="Library images" className="grid grid-cols-2 gap-3 overflow-y-auto sm:grid-cols-4">
      {images.map((image) => (
        <li key={image.id}>
          <button
            type="button"
            onClick={() => onChoose(image)}
            className="flex w-full flex-col gap-1 rounded border border-neutral-200 p-1 text-left text-xs hover:border-neutral-900 focus-visible:outline-2 dark:border-neutral-700"
          >
            {/* eslint-disable-next-line @next/next/no-img-element -- a thumbnail in a chooser; the button names it */}
            <img src={image.path} alt="" className="aspect-[4/3] w-full rounded bg-neutral-200 object-cover" />
            <span className="line-clamp-2 break-all">
              <span className="sr-only">Choose </span>
              {image.alt || image.fileName}
            </span>
          </button>
        </li>
      ))}
    </ul>
  );
}
