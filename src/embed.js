/*
 * upprop embed loader. One <script src=".../embed.js" data-endpoint=...> tag is one petition
 * widget. This file is the only stable URL; the build writes the hashed bundle names into it,
 * and they load relative to this file's own URL, so those can be cached forever.
 * It defines no globals and adds nothing to the page but the <upprop-petition> element (or,
 * with data-mode="iframe", an iframe). If the widget cannot start (WebAssembly refused by the
 * page's CSP, an old browser, a failed download), a plain link to the petition's landing page
 * takes its place, so a reader always has a way to sign.
 */
(() => {
  "use strict";
  const script = document.currentScript;
  if (!script) return;
  const data = script.dataset;
  const base = new URL(".", script.src);
  const bundle = new URL("__UPPROP_BUNDLE__", base).href;
  const wasm = new URL("__UPPROP_WASM__", base).href;
  const english = /^en\b/i.test(data.lang || document.documentElement.lang || "");

  // The reference server serves the API under /api/v1 and the petition's pages beside it.
  const serverPage = (path) => {
    const endpoint = (data.endpoint || "").trim().replace(/\/+$/, "");
    if (!endpoint.endsWith("/api/v1") || !data.petition) return null;
    const page = new URL(`${endpoint.slice(0, -"/api/v1".length)}/${path}/${encodeURIComponent(data.petition)}`, document.baseURI);
    if (english) page.searchParams.set("lang", "en");
    return page;
  };

  const place = (element) => {
    const selector = data.target;
    const target = selector ? document.querySelector(selector) : null;
    if (selector && !target) {
      console.error(`upprop: no element matches data-target="${selector}"; the petition is shown after its script tag`);
    }
    if (target?.localName === "upprop-petition") return target;
    if (target) target.append(element);
    else script.after(element);
    return element;
  };

  // Inside a frame sandboxed to scripts alone (WordPress embeds a pasted link so) the origin
  // is opaque, forms cannot post and links cannot open: only WordPress's host script can take
  // the reader to the landing page, when the frame asks it to (its "link" message).
  const sandboxed = self.origin === "null";
  const wordpressSecret = /^#\?secret=([A-Za-z0-9]+)$/.exec(location.hash)?.[1];
  const tellWordPress = (message, value) =>
    wordpressSecret && window.parent.postMessage({ message, value, secret: wordpressSecret }, "*");

  const fallback = (element) => {
    // A form the page rendered itself (the landing page's) keeps working without the widget.
    if (element !== host) return;
    const shown = element.shadowRoot;
    if (shown?.querySelector("form") && !sandboxed) {
      // The server's first view signs on its own: show all of it, and make its one button work.
      // The markup's names are core's (`markup`), written in by `cargo xtask dist`.
      shown.querySelector("article")?.classList.add("__UPPROP_EXPANDED__");
      shown.querySelector(".__UPPROP_SHOW_ALL__")?.setAttribute("hidden", "");
      shown.querySelector(".__UPPROP_JUMP__")?.addEventListener("click", () => shown.querySelector('[name="__UPPROP_FIRST_FIELD__"]')?.focus());
      return;
    }
    const landing = data.shareUrl || serverPage("p")?.href;
    const notice = document.createElement("p");
    if (landing) {
      const link = document.createElement("a");
      link.href = landing;
      link.textContent = english ? "Sign the petition" : "Skriv under namninsamlingen";
      if (wordpressSecret) {
        link.addEventListener("click", (event) => {
          event.preventDefault();
          tellWordPress("link", landing);
        });
      }
      notice.append(link);
    } else {
      notice.textContent = english ? "The petition could not be shown here." : "Namninsamlingen kunde inte visas här.";
    }
    element.replaceWith(notice);
  };

  const asFrame = () => {
    const src = data.frameUrl ? new URL(data.frameUrl, document.baseURI) : serverPage("embed");
    if (!src) {
      console.error("upprop: data-mode=\"iframe\" needs data-endpoint ending in /api/v1, or data-frame-url");
      return;
    }
    const frame = document.createElement("iframe");
    frame.src = src.href;
    frame.title = english ? "Petition" : "Namninsamling";
    frame.allow = "clipboard-write; web-share";
    // As high as the widget's first view until the frame says; as wide as the host's column.
    frame.style.cssText = "display:block;width:100%;border:0;height:640px";
    // The frame says how tall it is; only its height is ever sent, and only it is believed.
    window.addEventListener("message", (event) => {
      if (event.source !== frame.contentWindow || event.origin !== src.origin) return;
      const height = event.data?.type === "upprop:height" ? Number(event.data.height) : NaN;
      if (Number.isFinite(height)) frame.style.height = `${Math.min(Math.max(height, 100), 20000)}px`;
    });
    place(frame);
  };

  if (data.mode === "iframe") return asFrame();

  const host = document.createElement("upprop-petition");

  // Everything the widget needs, requested at once and in parallel: the module, the wasm and
  // the petition's content with its count. Nothing waits for anything else to arrive first.
  // One module and one WebAssembly instance per page, however many tags embed a widget.
  const loads = (window[Symbol.for("upprop.loads")] ||= new Map());
  const load = () => {
    if (!loads.has(bundle)) {
      const module = fetch(wasm);
      module.catch(() => {}); // a failed download is reported by the import's initialisation
      loads.set(bundle, import(bundle).then(async (exports) => {
        await exports.default({ module_or_path: module });
        return exports;
      }));
    }
    return loads.get(bundle);
  };
  // The endpoint's answer (an error's JSON too: the widget explains an unknown petition), or
  // null when there is none to read; the widget decides what it can show.
  const content = () => {
    const endpoint = (data.endpoint || "").trim().replace(/\/+$/, "");
    const url = data.content || (endpoint && data.petition &&
      `${endpoint}/petitions/${encodeURIComponent(data.petition.trim())}?lang=${encodeURIComponent(data.lang || "sv")}`);
    if (!url) return Promise.resolve(null);
    return fetch(new URL(url, document.baseURI)).then((answer) => answer.json()).catch(() => null);
  };

  // The reference server also renders the widget's first view as HTML: shown at once while the
  // widget downloads, then adopted by the widget as it is, with nothing moving; and a form
  // that signs by itself if the widget never starts. Only from this script's own server, whose
  // HTML is trusted as this script is.
  const firstView = (() => {
    const page = serverPage("p");
    if (!page || page.origin !== base.origin || data.view === "form") return null;
    page.pathname += "/widget";
    page.searchParams.set("lang", data.lang || "sv");
    return fetch(page).then((answer) => (answer.ok ? answer.text() : null)).catch(() => null);
  })();

  const start = (ready) => {
    const element = place(host);
    Object.assign(element.dataset, data);
    if (data.reportHeight !== undefined && window.parent !== window) reportHeight();
    firstView?.then((html) => {
      if (html && !element.shadowRoot) element.attachShadow({ mode: "open" }).innerHTML = html;
    });
    if (!ready) return (firstView ?? Promise.resolve()).then(() => fallback(element));
    ready
      .then(([module, answer]) => module.mount(element, answer))
      .catch(async (error) => {
        console.error("upprop: the petition widget could not start", error);
        await firstView;
        fallback(element);
      });
  };

  // Inside an iframe: tell the embedding page the page's height at every step (the first
  // view, the widget, the whole appeal, the thanks), and nothing else: to embed.js as
  // `upprop:height`, to WordPress's host script as its "height" message, sent again when it
  // says it is ready.
  const reportHeight = () => {
    const send = () => {
      const height = Math.ceil(document.body.getBoundingClientRect().height);
      window.parent.postMessage({ type: "upprop:height", height }, "*");
      tellWordPress("height", height);
    };
    // At once too: a browser may not lay out a frame that the host still hides (WordPress
    // does, until the frame speaks), and there observes nothing.
    send();
    new ResizeObserver(send).observe(document.body);
    window.addEventListener("message", (event) => {
      if (event.source === window.parent && event.data?.message === "ready" &&
        event.data.secret === wordpressSecret) send();
    });
  };

  // With a first view coming, the widget's download waits for it: on a slow line the two would
  // share the bandwidth, and the first view is what makes the form usable.
  const ready = typeof WebAssembly === "object"
    ? Promise.all([firstView ? firstView.then(load) : load(), content()])
    : null;
  ready?.catch(() => {}); // handled in start, which may wait for the page to be parsed
  if (data.target && !document.querySelector(data.target) && document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", () => start(ready), { once: true });
  } else {
    start(ready);
  }
})();
