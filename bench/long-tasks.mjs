// What the partner page's long tasks are made of: opens bench/usable.mjs's partner page (the
// README's snippet, mobile throttling, cold cache) with a Chromium trace running, and prints
// each task of the renderer's main thread over 50 ms, with what took most of it (layout,
// style, script, lazy WebAssembly compiles) and, for a layout, how many objects it laid out.
// With FIRST_VIEW=form, the server's first view arrives cut down to its form (no lead, story,
// demands or aside): what the appeal's own text costs the first layout.
// Run from the repository root after `trunk build --release`:
//   node bench/long-tasks.mjs            RUNS=3 by default
//   FIRST_VIEW=form node bench/long-tasks.mjs
import { startUppropServer, startHostServer, launchBrowser } from "../e2e/helpers.mjs";
import { PHONE_VIEWPORT, partnerPage, throttleAsMobile } from "./mobile.mjs";

const RUNS = Number(process.env.RUNS ?? 3);
const LONG_TASK_US = 50_000;
// The parts of the first view that are the appeal's text rather than the form.
const APPEAL_TEXT = [
  /<p class="lead">.*?<\/p>/s, /<details class="story">.*?<\/details>/s,
  /<section class="demands".*?<\/section>/s, /<aside.*?<\/aside>/s,
];
// Trace events worth naming inside a task (the rest are the scheduler's own wrappers).
const PARTS = new Set([
  "Layout", "UpdateLayoutTree", "PrePaint", "Paint", "Commit", "ParseHTML", "EvaluateScript",
  "FunctionCall", "TimerFire", "wasm.CompileLazy", "V8.ParseProgram", "LocalWindowProxy::Initialize",
]);

const [server, host, browser] = await Promise.all([startUppropServer(), startHostServer(), launchBrowser()]);
const url = partnerPage(server, host);

/** The widget works: \`ready\` on its host (before issue 25: the server's form, with its hidden
 * signing id, replaced by the widget's). */
const tookOver = `(() => {
  const host = document.querySelector("upprop-petition");
  const form = host?.shadowRoot?.querySelector("form");
  return !!form && (host.hasAttribute("ready") || !form.querySelector('input[name="id"]'));
})()`;

async function trace() {
  const context = await browser.newContext({ viewport: PHONE_VIEWPORT });
  const page = await context.newPage();
  if (process.env.FIRST_VIEW === "form") {
    await page.route(/\/widget\?lang=/, async (route) => {
      const response = await route.fetch();
      const html = APPEAL_TEXT.reduce((text, part) => text.replace(part, ""), await response.text());
      await route.fulfill({ response, body: html });
    });
  }
  const cdp = await context.newCDPSession(page);
  await throttleAsMobile(cdp);
  const events = [];
  cdp.on("Tracing.dataCollected", ({ value }) => events.push(...value));
  const complete = new Promise((resolve) => cdp.once("Tracing.tracingComplete", resolve));
  await cdp.send("Tracing.start", {
    categories: "devtools.timeline,disabled-by-default-devtools.timeline,v8,v8.wasm,disabled-by-default-v8.compile",
    transferMode: "ReportEvents",
  });
  await page.goto(url);
  // Polled through CDP: Playwright's own waiting would evaluate its injected script in the
  // page, a long task of its own.
  for (const deadline = Date.now() + 60_000; Date.now() < deadline;) {
    const answer = await cdp.send("Runtime.evaluate", { expression: tookOver, returnByValue: true }).catch(() => null);
    if (answer?.result?.value) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await page.waitForTimeout(1_000);
  await cdp.send("Tracing.end");
  await complete;
  await context.close();
  return events;
}

for (let run = 1; run <= RUNS; run++) {
  const events = await trace();
  // The page's main thread: the renderer thread that laid the page out.
  const threads = events.filter((event) => event.name === "thread_name" && event.args.name === "CrRendererMain");
  const main = threads.find((thread) => events.some((event) => event.pid === thread.pid && event.tid === thread.tid && event.name === "Layout"));
  const onMain = events.filter((event) => event.pid === main.pid && event.tid === main.tid && event.ph === "X");
  const start = Math.min(...onMain.map((event) => event.ts));
  console.log(`run ${run}${process.env.FIRST_VIEW === "form" ? " (first view: the form only)" : ""}`);
  for (const task of onMain.filter((event) => event.name === "RunTask" && event.dur > LONG_TASK_US).sort((a, b) => a.ts - b.ts)) {
    const inside = onMain.filter((event) => event !== task && event.ts >= task.ts && event.ts + event.dur <= task.ts + task.dur);
    const totals = new Map();
    for (const event of inside.filter((event) => PARTS.has(event.name))) {
      totals.set(event.name, (totals.get(event.name) ?? 0) + event.dur);
    }
    const parts = [...totals].sort((a, b) => b[1] - a[1]).slice(0, 5).map(([name, us]) => `${name} ${Math.round(us / 1000)}`);
    const layouts = inside.filter((event) => event.name === "Layout" && event.args?.beginData?.totalObjects)
      .map((event) => `${event.args.beginData.totalObjects} objects`);
    const at = Math.round((task.ts - start) / 1000);
    console.log(`  at ${String(at).padStart(5)} ms: ${String(Math.round(task.dur / 1000)).padStart(4)} ms  ${parts.join(", ")}${layouts.length ? `  (laid out ${layouts.join(", ")})` : ""}`);
  }
}
await browser.close();
await Promise.all([server.close(), host.close()]);
