// The reply form without a reload (public/reader.js loads this once the reader reaches the form). The
// form is WordPress's plain post, and the server's answer is the page as a reader without JavaScript
// gets it: the story with the new comment (after a redirect) or the form with its errors. This sends
// the same post with fetch, puts the answer's comments section in place of this one, and moves focus
// to the new comment or to the error summary. Anything unexpected: the plain post, as without it.
(() => {
  const ids = (root) =>
    Array.from(root.querySelectorAll('#comments li[id^="comment-"]'), (li) => Number(li.id.slice(8)));

  async function post(event) {
    const form = event.currentTarget;
    event.preventDefault();
    if (form.dataset.posting) return;
    form.dataset.posting = "1";
    const button = event.submitter || form.querySelector('[type="submit"]');
    if (button) {
      button.disabled = true;
      button.textContent = "Posting…";
    }
    const before = new Set(ids(document));
    let response, answer, comments;
    try {
      response = await fetch(form.action, { method: "POST", body: new FormData(form), credentials: "same-origin" });
      answer = new DOMParser().parseFromString(await response.text(), "text/html");
      comments = answer.getElementById("comments");
      if (!response.ok || !comments) throw new Error(`unexpected answer ${response.status}`);
    } catch {
      // The plain post: the browser shows whatever the server answers, as without JavaScript.
      HTMLFormElement.prototype.submit.call(form);
      return;
    }
    document.getElementById("comments").replaceWith(document.adoptNode(comments));
    const added = ids(document).filter((id) => !before.has(id));
    const newest = added.length ? Math.max(...added) : null;
    // Where the plain post would have landed (fetch keeps no fragment of a redirect): the new comment,
    // the form with its errors, or the comments when the new one is not shown (spam).
    const summary = document.querySelector('#respond [role="alert"][tabindex="-1"]');
    const url = new URL(response.url);
    const hash = newest ? `#comment-${newest}` : summary ? "" : "#comments";
    const samePage = url.pathname === location.pathname;
    history[samePage ? "replaceState" : "pushState"](null, "", `${url.pathname}${url.search}${hash}`);
    if (!samePage) document.title = answer.title;
    const target = summary || document.querySelector(hash || "#respond");
    target?.scrollIntoView({ block: summary ? "center" : "start" });
    target?.focus({ preventScroll: true });
    document.querySelector("#respond form")?.addEventListener("submit", post);
  }

  document.querySelector("#respond form")?.addEventListener("submit", post);
})();
