// The proof of work as a phone meets it: the widget's solve time in Debian's Chromium at 4×
// CPU slowdown (Lighthouse's mobile setting), and what a forger gains per CPU core at the same
// difficulty (`cargo run --release -p xtask -- forge`, native, one thread).
// The widget is given a kept, unsent signature (as after a reload), so it solves at once, with
// no typing in between: the time from its form appearing to its POST leaving. The same is
// measured at 0 bits (no work), and the difference of the medians is the solve; the rest is
// the widget finishing its first render and sending. Median and 90th percentile of RUNS runs
// (15). Run from the repository root after `trunk build --release`:
//   node bench/pow.mjs [DIFFICULTY=16]
import { execFileSync } from "node:child_process";
import { readFile } from "node:fs/promises";
import { startUppropServer, startHostServer, launchBrowser, scriptTag, hostPage } from "../e2e/helpers.mjs";

const RUNS = Number(process.env.RUNS ?? 15);
const DIFFICULTY = process.argv[2] ?? "16";
const PETITION = "upprop-socialtjansten";
const content = JSON.parse(await readFile(new URL("../content/upprop-socialtjansten.json", import.meta.url), "utf8"));

const [host, browser] = await Promise.all([startHostServer(), launchBrowser()]);
let server, page, signaturesUrl;

async function solveOnce(run) {
  const context = await browser.newContext();
  const tab = await context.newPage();
  const cdp = await context.newCDPSession(tab);
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
  const consent = content.sv.consents[0];
  const kept = JSON.stringify({
    id: crypto.randomUUID(), first_name: "Bänk", last_name: "Märk", email: `bench${run}@example.se`,
    postal_code: "", comment: "", public: false, locale: "sv",
    consents: [{ id: consent.id, text: consent.text, given: true }], source: { url: page },
  });
  await tab.addInitScript(([key, body]) => {
    sessionStorage.setItem(key, body);
    window.formSeen = null;
    const look = () => {
      if (document.querySelector("upprop-petition")?.shadowRoot?.querySelector("form")) window.formSeen = performance.now();
      else requestAnimationFrame(look);
    };
    requestAnimationFrame(look);
  }, [`upprop:unsent:${signaturesUrl}`, kept]);
  const posted = tab.waitForResponse((response) => response.request().method() === "POST" && response.url() === signaturesUrl, { timeout: 120_000 });
  await tab.goto(page);
  await posted;
  const ms = await tab.evaluate((url) => {
    // A resource entry is written once its answer has come; its start is when the POST left.
    const post = performance.getEntriesByType("resource").find((entry) => entry.name === url);
    return post.startTime - window.formSeen;
  }, signaturesUrl);
  await context.close();
  return ms;
}

/** The times from form to POST at `difficulty`, sorted. */
async function timesAt(difficulty) {
  server = await startUppropServer({ args: ["--proof-difficulty", difficulty, "--signatures-per-minute", "0"] });
  page = host.page(hostPage({ body: scriptTag(server.embedUrl, { endpoint: server.api, petition: PETITION }) }));
  signaturesUrl = `${server.api}/petitions/${PETITION}/signatures`;
  const times = [];
  for (let run = 0; run < RUNS; run++) times.push(await solveOnce(run));
  await server.close();
  return times.sort((a, b) => a - b);
}

const at = (times, q) => times[Math.min(times.length - 1, Math.floor(q * times.length))];
const baseline = await timesAt("0");
const times = await timesAt(DIFFICULTY);
await browser.close();
await host.close();
const forge = execFileSync("cargo", ["run", "--release", "--quiet", "--package", "xtask", "--", "forge", DIFFICULTY], { encoding: "utf8" }).trim();
const solve = (q) => Math.max(0, at(times, q) - at(baseline, 0.5)).toFixed(0);
console.log(`proof of work at difficulty ${DIFFICULTY} (${RUNS} runs; form to POST ${at(times, 0.5).toFixed(0)} ms, at 0 bits ${at(baseline, 0.5).toFixed(0)} ms)`);
console.log(`widget solve, 4x CPU slowdown: median ${solve(0.5)} ms, p90 ${solve(0.9)} ms, max ${solve(1)} ms`);
console.log(`forger, native: ${forge}`);
