// What a reader page does with JavaScript. Reader pages carry no framework (lib/edge/reader-page.ts):
// everything works as plain HTML, and this file (loaded on every reader page, a few hundred bytes)
// only moves focus where a plain post lands, and loads the reply form's enhancement
// (comment-form.js) once the reader reaches or focuses the form.
(() => {
  const script = document.currentScript;
  // A post that landed on the form's error summary or on the new comment: focus it, so keyboard and
  // screen-reader users start there (the summary is the GOV.UK pattern; WordPress leaves focus at the top).
  const summary = document.querySelector('#respond [role="alert"][tabindex="-1"]');
  const comment = /^#comment-\d+$/.test(location.hash) ? document.querySelector(location.hash) : null;
  (summary || comment)?.focus();

  const form = document.querySelector("#respond form");
  const src = script?.dataset.commentForm;
  if (!form || !src) return;
  let observer = null;
  let loaded = false;
  const enhancement = document.createElement("script");
  enhancement.src = src;
  enhancement.onload = () => (loaded = true);
  const load = () => {
    if (!observer) return;
    observer.disconnect();
    observer = null;
    document.head.append(enhancement);
  };
  form.addEventListener("focusin", load, { once: true });
  // A post sent before the enhancement has arrived waits for it (or goes plain if it cannot load), so
  // with JavaScript every post is the enhanced one.
  form.addEventListener("submit", (event) => {
    if (loaded) return;
    event.preventDefault();
    load();
    const again = () => (form.requestSubmit ? form.requestSubmit(event.submitter) : form.submit());
    enhancement.addEventListener("load", again, { once: true });
    enhancement.addEventListener("error", () => form.submit(), { once: true });
  });
  if (!("IntersectionObserver" in window)) return void ((observer = { disconnect() {} }), load());
  observer = new IntersectionObserver((seen) => seen.some((s) => s.isIntersecting) && load(), {
    rootMargin: "400px",
  });
  observer.observe(form);
})();
