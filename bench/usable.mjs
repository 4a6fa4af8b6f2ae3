// Time to a usable signing form, on loopback under Lighthouse's mobile throttling (4× CPU,
// 150 ms round trip, 1.6 Mbit/s down, 750 kbit/s up, cold cache), in Debian's Chromium:
//   landing, no JS   the landing page /p/{slug} with JavaScript off (what a crawler or a
//                    locked-down phone gets)
//   landing, JS      the same page with JavaScript: the form is usable as served; the widget
//                    then adopts it (the "widget took over" column: until it works)
//   partner page     the script-tag widget on a page of another origin, with the README's
//                    snippet: its place reserved, and the hints that fetch the first view early
//     without hints  the same page without the hints
// "Usable" is: the e-mail field is visible and takes typed text. Median of RUNS runs (5).
// Also: bytes transferred, cumulative layout shift, total blocking time (the part of each long
// task beyond 50 ms) and the longest task.
//   eager compile    the partner page again, in a Chromium whose V8 compiles the widget's code
//                    before it runs (--no-wasm-lazy-compilation, off the main thread) instead of
//                    each function on the main thread when first called: not a setting a
//                    reader's browser has, but the part of the blocking time that is compiling.
// Run from the repository root after `trunk build --release`:
//   node bench/usable.mjs
import { startUppropServer, startHostServer, launchBrowser } from "../e2e/helpers.mjs";
import { PETITION, PHONE_VIEWPORT, partnerPage, throttleAsMobile } from "./mobile.mjs";

const RUNS = Number(process.env.RUNS ?? 5);

const [server, host, browser, eager] = await Promise.all([
  startUppropServer(), startHostServer(), launchBrowser(), launchBrowser(["--js-flags=--no-wasm-lazy-compilation"]),
]);
const [partner, partnerWithoutHints] = [partnerPage(server, host), partnerPage(server, host, { hints: false })];

// `widget` is the element whose shadow root holds the e-mail field.
const cases = [
  { name: "landing, no JS", url: `${server.origin}/p/${PETITION}`, javaScript: false, widget: "#sign upprop-petition" },
  { name: "landing, JS", url: `${server.origin}/p/${PETITION}`, javaScript: true, widget: "#sign upprop-petition", takeover: true },
  { name: "partner page", url: partner, javaScript: true, widget: "upprop-petition" },
  { name: "  without hints", url: partnerWithoutHints, javaScript: true, widget: "upprop-petition" },
  { name: "eager compile", url: partner, javaScript: true, widget: "upprop-petition", browser: eager },
];
const TYPED = "a@example.se";

/** Runs `expression` in the page's main world through CDP, retrying while the page navigates. */
async function evaluate(cdp, expression) {
  for (;;) {
    const answer = await cdp.send("Runtime.evaluate", { expression, returnByValue: true }).catch(() => null);
    if (answer && !answer.exceptionDetails) return answer.result.value;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/**
 * Waits until the e-mail field is visible, then types into it as a person would (CDP's
 * Input.insertText, as Playwright's fill does) until it holds the text. On pages with
 * JavaScript the wait is a light poll of the page's own: Playwright's locators would first
 * evaluate its injected script in the page, a long task of its own (70-110 ms at 4x) that
 * the page's blocking time would wrongly count.
 */
async function typeIntoField(page, cdp, widget, javaScript) {
  if (!javaScript) {
    await page.locator(`${widget} [name=email]`).first().fill(TYPED, { timeout: 60_000 });
    return;
  }
  const field = `document.querySelector(${JSON.stringify(widget)})?.shadowRoot?.querySelector("[name=email]")`;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const focused = await evaluate(cdp, `(() => {
      const field = ${field};
      if (!field || field.disabled || !field.checkVisibility() || field.getBoundingClientRect().height === 0) return false;
      field.focus();
      return field.getRootNode().activeElement === field;
    })()`);
    if (focused) {
      await cdp.send("Input.insertText", { text: TYPED });
      if (await evaluate(cdp, `${field}?.value === ${JSON.stringify(TYPED)}`)) return;
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`no usable e-mail field in ${widget}`);
}

async function measure({ url, javaScript, widget, takeover, browser: chromium = browser }) {
  const context = await chromium.newContext({ javaScriptEnabled: javaScript, viewport: PHONE_VIEWPORT });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await throttleAsMobile(cdp);
  let bytes = 0;
  cdp.on("Network.loadingFinished", (event) => (bytes += event.encodedDataLength));
  if (javaScript) {
    await page.addInitScript(() => {
      window.bench = { shift: 0, blocking: 0, longest: 0 };
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.bench.shift += entry.value;
      }).observe({ type: "layout-shift", buffered: true });
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) {
          window.bench.blocking += Math.max(0, entry.duration - 50);
          window.bench.longest = Math.max(window.bench.longest, entry.duration);
        }
      }).observe({ type: "longtask", buffered: true });
    });
  }
  const start = Date.now();
  page.goto(url).catch(() => {});
  await typeIntoField(page, cdp, widget, javaScript);
  const usable = Date.now() - start;
  let tookOver = null;
  if (takeover) {
    // The widget works: `ready` on its host (before issue 25: the server's form, with its
    // hidden signing id, replaced by the widget's).
    const host = `document.querySelector(${JSON.stringify(widget)})`;
    const form = `${host}?.shadowRoot?.querySelector("form")`;
    while (!(await evaluate(cdp, `!!${form} && (${host}.hasAttribute("ready") || !${form}.querySelector('input[name="id"]'))`))) {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    tookOver = Date.now() - start;
  }
  await page.waitForLoadState("networkidle").catch(() => {});
  await page.waitForTimeout(500);
  const { shift, blocking, longest } = javaScript ? await evaluate(cdp, "window.bench") : { shift: 0, blocking: 0, longest: 0 };
  await context.close();
  return { usable, tookOver, bytes, shift, blocking, longest };
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

const rows = [];
for (const scenario of cases) {
  const runs = [];
  for (let run = 0; run < RUNS; run++) runs.push(await measure(scenario));
  rows.push({
    name: scenario.name,
    usable: median(runs.map((r) => r.usable)),
    tookOver: scenario.takeover ? median(runs.map((r) => r.tookOver)) : null,
    kib: median(runs.map((r) => r.bytes)) / 1024,
    cls: median(runs.map((r) => r.shift)),
    tbt: median(runs.map((r) => r.blocking)),
    longest: median(runs.map((r) => r.longest)),
  });
}
await Promise.all([browser.close(), eager.close()]);
await Promise.all([server.close(), host.close()]);

const pad = (value, width) => String(value).padStart(width);
console.log(`Mobile throttling (4x CPU, 150 ms RTT, 1.6 Mbit/s), cold cache, median of ${RUNS}`);
console.log(`${"page".padEnd(16)}${pad("usable ms", 11)}${pad("widget ms", 11)}${pad("KiB", 8)}${pad("CLS", 8)}${pad("TBT ms", 8)}${pad("longest ms", 12)}`);
for (const row of rows) {
  console.log(
    `${row.name.padEnd(16)}${pad(row.usable, 11)}${pad(row.tookOver ?? "-", 11)}${pad(row.kib.toFixed(1), 8)}` +
    `${pad(row.cls.toFixed(3), 8)}${pad(Math.round(row.tbt), 8)}${pad(Math.round(row.longest), 12)}`,
  );
}
