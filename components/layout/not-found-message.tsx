/** What a reader sees for an address with nothing behind it. */
export function NotFoundMessage() {
  return (
    <div className="mx-auto max-w-xl py-16 text-center">
      <p className="text-accent text-sm font-bold tracking-widest uppercase dark:text-red-300">Error 404</p>
      <h1 className="mt-2 font-serif text-4xl font-black">Page not found</h1>
      <p className="mt-4 text-neutral-700 dark:text-neutral-300">
        The story you were looking for may have moved, or it was never published.
      </p>
      <p className="mt-6 flex justify-center gap-6 font-semibold">
        <a href="/" className="underline">
          Go to the front page
        </a>
        <a href="/search" className="underline">
          Search stories
        </a>
      </p>
    </div>
  );
}
