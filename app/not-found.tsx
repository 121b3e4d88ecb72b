import Link from "next/link";

// Outside the reader layout (e.g. an unknown /admin path); the site's own 404 lives in (site).
export default function NotFound() {
  return (
    <main className="mx-auto max-w-xl px-4 py-24 text-center">
      <h1 className="font-serif text-4xl font-black">Page not found</h1>
      <p className="mt-6">
        <Link href="/" className="font-semibold underline">
          Go to the front page
        </Link>
      </p>
    </main>
  );
}
