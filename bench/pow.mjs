// The proof of work as a phone meets it: the widget's solve time in Debian's Chromium at 4×
// CPU slowdown (Lighthouse's mobile setting), and what a forger gains per CPU core at the same
// difficulty (`cargo run --release -p xtask -- forge`, native, one thread).
// The widget is given a kept, unsent signature (as after a reload), so it solves at once, with
// no typing in between: the time from its form appearing to its POST leaving is the solve.
// Median and 90th percentile of RUNS runs (15). Run from the repository root after
// `trunk build --release`:  node bench/pow.mjs [DIFFICULTY=16]
import { execFileSync } from "node:child_process";
import { readFile } from "node:fs/promises";
import { startUppropServer, startHostServer, launchBrowser, scriptTag, hostPage } from "../e2e/helpers.mjs";

const RUNS = Number(process.env.RUNS ?? 15);
const DIFFICULTY = process.argv[2] ?? "16";
const PETITION = "upprop-socialtjansten";
const content = JSON.parse(await readFile(new URL("../content/upprop-socialtjansten.json", import.meta.url), "utf8"));

const [server, host, browser] = await Promise.all([
  startUppropServer({ args: ["--proof-difficulty", DIFFICULTY, "--signatures-per-minute", "0"] }),
  startHostServer(),
  launchBrowser(),
]);
const page = host.page(hostPage({ body: scriptTag(server.embedUrl, { endpoint: server.api, petition: PETITION }) }));
const signaturesUrl = `${server.api}/petitions/${PETITION}/signatures`;

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

const times = [];
for (let run = 0; run < RUNS; run++) times.push(await solveOnce(run));
await browser.close();
await Promise.all([server.close(), host.close()]);
times.sort((a, b) => a - b);
const at = (q) => times[Math.min(times.length - 1, Math.floor(q * times.length))];
const forge = execFileSync("cargo", ["run", "--release", "--quiet", "--package", "xtask", "--", "forge", DIFFICULTY], { encoding: "utf8" }).trim();
console.log(`proof of work at difficulty ${DIFFICULTY} (${RUNS} runs)`);
console.log(`widget solve, 4x CPU slowdown: median ${at(0.5).toFixed(0)} ms, p90 ${at(0.9).toFixed(0)} ms, max ${times.at(-1).toFixed(0)} ms`);
console.log(`forger, native: ${forge}`);
