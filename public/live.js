// A live story's updates as they happen (components/live/live-blog.tsx renders the page; the stream is
// lib/live/hub.ts). New updates wait behind "N new updates" so the page never moves under the reader;
// edits, pins and deletions apply in place. Without this script the page is complete on every load.
(() => {
  const root = document.querySelector("[data-live-stream]");
  if (!root || !window.EventSource) return;
  const $ = (s) => root.querySelector(s);
  const list = $("#live-updates");
  const keys = $("#live-key-events");
  const notice = $("[data-live-notice]");
  const seen = new Map();
  let waiting = [];
  for (const li of list.children) seen.set(li.id, +li.dataset.changed);
  const parse = (html) => {
    const t = document.createElement("template");
    t.innerHTML = html;
    return t.content.firstElementChild;
  };
  // Pinned first, then newest first: the order the server renders.
  const place = (el) => {
    if (el.hasAttribute("data-pinned")) return list.prepend(el);
    for (const li of list.children)
      if (!li.hasAttribute("data-pinned") && +li.dataset.at < +el.dataset.at) return li.before(el);
    list.append(el);
  };
  const setKey = (id, html) => {
    const old = keys.querySelector(`[data-key="${id}"]`);
    if (!html) old?.remove();
    else if (old) old.replaceWith(parse(html));
    else keys.prepend(parse(html));
    keys.parentElement.hidden = !keys.children.length;
  };
  const show = () => {
    const n = waiting.length;
    notice.hidden = !n;
    notice.textContent = n === 1 ? "1 new update" : `${n} new updates`;
  };
  notice.onclick = () => {
    for (const w of waiting.sort((a, b) => a.at - b.at)) {
      place(parse(w.html));
      setKey(w.id, w.key);
    }
    waiting = [];
    show();
    $("[data-live-empty]")?.remove();
    const first = list.firstElementChild;
    first?.scrollIntoView({ behavior: matchMedia("(prefers-reduced-motion: reduce)").matches ? "auto" : "smooth" });
    first?.setAttribute("tabindex", "-1");
    first?.focus({ preventScroll: true });
  };
  const source = new EventSource(`${root.dataset.liveStream}?since=${root.dataset.since}`);
  source.onmessage = (e) => {
    const ev = JSON.parse(e.data);
    if (ev.kind === "coverage") {
      if (!ev.live) source.close();
      return;
    }
    const id = `update-${ev.id}`;
    if ((seen.get(id) ?? 0) > ev.at) return;
    seen.set(id, ev.at);
    const old = document.getElementById(id);
    const pending = waiting.find((w) => w.id === ev.id);
    if (pending || !old) {
      waiting = waiting.filter((w) => w !== pending);
      if (ev.html) waiting.push(ev);
      return show();
    }
    old.remove();
    if (ev.html) place(parse(ev.html));
    setKey(ev.id, ev.key);
  };
})();
