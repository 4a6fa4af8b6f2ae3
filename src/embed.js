/*
 * upprop embed loader. One <script src=".../embed.js" data-endpoint=...> tag is one petition
 * widget. This file is the only stable URL; the build writes the hashed bundle names into it,
 * and they load relative to this file's own URL, so those can be cached forever.
 * It defines no globals and adds nothing to the page but the <upprop-petition> element.
 */
(() => {
  "use strict";
  const script = document.currentScript;
  if (!script) return;
  const base = new URL(".", script.src);
  const bundle = new URL("__UPPROP_BUNDLE__", base).href;
  const wasm = new URL("__UPPROP_WASM__", base).href;

  // One module and one WebAssembly instance per page, however many tags embed a widget.
  const loads = (window[Symbol.for("upprop.loads")] ||= new Map());
  if (!loads.has(bundle)) {
    loads.set(bundle, import(bundle).then(async (module) => {
      await module.default({ module_or_path: wasm });
      return module;
    }));
  }

  const host = document.createElement("upprop-petition");
  Object.assign(host.dataset, script.dataset);

  const place = () => {
    const selector = script.dataset.target;
    const target = selector ? document.querySelector(selector) : null;
    if (selector && !target && document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", place, { once: true });
      return;
    }
    if (selector && !target) {
      console.error(`upprop: no element matches data-target="${selector}"; the petition is shown after its script tag`);
    }
    if (target) target.append(host);
    else script.after(host);
    loads.get(bundle)
      .then((module) => module.mount(host))
      .catch((error) => console.error("upprop: the petition widget could not load", error));
  };
  place();
})();
