// How much of the widget's code runs before its form is ready, and so is compiled then: V8
// compiles a WebAssembly function on the main thread the first time it is called, so every
// function the widget calls on its way to a usable form is compiled inside its long task
// (bench/usable.mjs's "eager compile" row shows what that costs in blocking time).
// Builds the wasm as trunk does (same wasm-opt settings, names kept), lets binaryen's
// log-execution pass record each function's first call, and opens the partner page in
// Chromium until the widget has taken over the server's first view, then types one letter.
// Prints the bytes of code run by then, by crate, and the largest functions.
// Run from the repository root after `trunk build --release`:
//   node bench/startup-code.mjs
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const work = mkdtempSync(join(tmpdir(), "upprop-startup-code-"));
const built = join(process.env.CARGO_TARGET_DIR ?? join(root, "target"), "wasm32-unknown-unknown/wasm-release/upprop.wasm");
const FEATURES = ["--enable-bulk-memory", "--enable-nontrapping-float-to-int", "--enable-sign-ext", "--enable-mutable-globals"];
const run = (command, args) => execFileSync(command, args, { maxBuffer: 1 << 30 }).toString();

// The shipped optimisation, with the names kept, then the calls that record first calls.
run("wasm-bindgen", ["--target", "web", "--keep-debug", "--out-dir", work, built]);
const chosen = readFileSync(join(root, "index.html"), "utf8").match(/data-wasm-opt-params="([^"]*)"/)[1];
const named = join(work, "named.wasm");
const logged = join(work, "logged.wasm");
run("wasm-opt", [...FEATURES, "--debuginfo", "-Oz", ...chosen.split(/\s+/), join(work, "upprop_bg.wasm"), "-o", named]);
run("wasm-opt", [...FEATURES, "--debuginfo", "--log-execution", named, "-o", logged]);

/** Each defined function's name and body size, from the binary's code and name sections. */
function functionSizes(bytes) {
  let at = 8;
  const leb = () => {
    let value = 0;
    for (let shift = 0; ; shift += 7) {
      const byte = bytes[at++];
      value += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return value;
    }
  };
  const text = () => {
    const length = leb();
    at += length;
    return Buffer.from(bytes.subarray(at - length, at)).toString("utf8");
  };
  let imported = 0;
  const bodies = [];
  const names = new Map();
  while (at < bytes.length) {
    const id = bytes[at++];
    const end = leb() + at;
    if (id === 2) {
      for (let count = leb(); count > 0; count--) {
        text();
        text();
        const kind = bytes[at++];
        if (kind === 0) (imported++, leb());
        else if (kind === 1) (at++, bytes[at++] & 1 ? (leb(), leb()) : leb());
        else if (kind === 2) (bytes[at++] & 1 ? (leb(), leb()) : leb());
        else if (kind === 3) at += 2;
        else (at++, leb());
      }
    } else if (id === 10) {
      for (let count = leb(); count > 0; count--) {
        const size = leb();
        bodies.push(size);
        at += size;
      }
    } else if (id === 0 && text() === "name") {
      while (at < end) {
        const kind = bytes[at++];
        const subsectionEnd = leb() + at;
        if (kind === 1) for (let count = leb(); count > 0; count--) names.set(leb(), text());
        at = subsectionEnd;
      }
    }
    at = end;
  }
  return new Map(bodies.map((size, index) => [names.get(imported + index) ?? `#${imported + index}`, size]));
}
const sizes = functionSizes(readFileSync(named));

// log-execution numbers its calls in order; the text format says which function each is in.
const owner = new Map();
{
  const wat = run("wasm-dis", [logged]);
  const logger = wat.match(/\(import "[^"]*" "log_execution" \(func \$(\S+)/)[1];
  let current;
  let pending = false;
  for (const line of wat.split("\n")) {
    const trimmed = line.trim();
    if (trimmed.startsWith("(func $")) current = trimmed.split(/\s+/)[1].slice(1);
    else if (trimmed === `(call $${logger}`) pending = true;
    else if (pending) {
      const id = trimmed.match(/^\(i32\.const (\d+)\)/);
      if (id) owner.set(Number(id[1]), current.replace(/^"|"$/g, ""));
      pending = false;
    }
  }
}

// A copy of the build that loads the recording module; nothing precompressed in it.
const dist = join(work, "dist");
cpSync(join(root, "dist"), dist, { recursive: true });
for (const file of readdirSync(dist)) if (/\.(br|gz)$/.test(file)) rmSync(join(dist, file));
const shipped = readdirSync(dist);
cpSync(logged, join(dist, shipped.find((file) => file.endsWith("_bg.wasm"))));
const glue = readFileSync(join(work, "upprop.js"), "utf8").replace(
  /const import0 = \{\n(\s*)__proto__: null,/,
  "const import0 = {\n$1__proto__: null,\n$1log_execution: (id) => (globalThis.uppropFirstCalls ||= new Set()).add(id),",
);
if (!glue.includes("log_execution")) throw new Error("the JS glue's imports have changed shape");
writeFileSync(join(dist, shipped.find((file) => /^upprop-[0-9a-f]+\.js$/.test(file))), glue);

process.env.UPPROP_DIST = dist;
const { startUppropServer, startHostServer, launchBrowser } = await import("../e2e/helpers.mjs");
const { PHONE_VIEWPORT, partnerPage } = await import("./mobile.mjs");
const [server, host, browser] = await Promise.all([startUppropServer(), startHostServer(), launchBrowser()]);
const page = await (await browser.newContext({ viewport: PHONE_VIEWPORT })).newPage();
await page.goto(partnerPage(server, host));
await page.waitForFunction(() => {
  const host = document.querySelector("upprop-petition");
  const form = host?.shadowRoot?.querySelector("form");
  return form && (host.hasAttribute("ready") || !form.querySelector('input[name="id"]'));
}, null, { timeout: 120_000 });
const called = () => page.evaluate(() => [...(globalThis.uppropFirstCalls ?? [])]);
const ready = new Set((await called()).map((id) => owner.get(id)));
await page.locator("upprop-petition [name=first_name]").pressSequentially("A");
await page.waitForTimeout(500);
const typed = new Set((await called()).map((id) => owner.get(id)).filter((name) => !ready.has(name)));
await browser.close();
await Promise.all([server.close(), host.close()]);
rmSync(work, { recursive: true, force: true });

const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;
const bytesOf = (names) => [...names].reduce((sum, name) => sum + (sizes.get(name) ?? 0), 0);
const all = bytesOf(sizes.keys());
const crate = (name) => name.match(/^<?(upprop_core|upprop|tachys|reactive_graph|leptos\w*|wasm_bindgen\w*|js_sys|web_sys|dlmalloc|hashbrown|serde\w*|sha2)\b/)?.[1] ?? "std, core, alloc and the rest";
const byCrate = new Map();
for (const name of ready) byCrate.set(crate(name), (byCrate.get(crate(name)) ?? 0) + (sizes.get(name) ?? 0));

console.log(`Code of the widget's wasm (function bodies, as shipped): ${sizes.size} functions, ${kib(all)}`);
console.log(`Run before the form is ready:  ${ready.size} functions, ${kib(bytesOf(ready))} (${Math.round((100 * bytesOf(ready)) / all)}%)`);
console.log(`Run first by the first keypress: ${typed.size} functions, ${kib(bytesOf(typed))}`);
console.log("\nRun before the form is ready, by crate:");
for (const [name, bytes] of [...byCrate].sort((a, b) => b[1] - a[1])) console.log(`${kib(bytes).padStart(11)}  ${name}`);
console.log("\nThe largest of them:");
for (const name of [...ready].sort((a, b) => (sizes.get(b) ?? 0) - (sizes.get(a) ?? 0)).slice(0, 12)) {
  console.log(`${String(sizes.get(name) ?? 0).padStart(7)} B  ${name.slice(0, 110)}`);
}
