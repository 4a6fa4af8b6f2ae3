// Test harness: three real HTTP servers on loopback, each its own origin, as in production:
// the widget's assets (a CDN), a partner's host page, and the signature endpoint.
// Tests drive Debian's Chromium through playwright-core.
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { extname, join, normalize, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
export const DIST = process.env.UPPROP_DIST ?? join(here, "..", "dist");
const VENDOR = {
  "/vendor/bootstrap.css": join(here, "node_modules/bootstrap/dist/css/bootstrap.min.css"),
  "/vendor/tailwind-preflight.css": join(here, "node_modules/tailwindcss/preflight.css"),
};

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".wasm": "application/wasm",
  ".css": "text/css; charset=utf-8",
};

function listen(handler) {
  return new Promise((resolve) => {
    const server = createServer(handler);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      resolve({ server, origin: `http://127.0.0.1:${port}`, close: () => closeServer(server) });
    });
  });
}

function closeServer(server) {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(resolve));
}

/** Serves the trunk build with the CORS header a CDN hosting the widget must send. */
export async function startAssetServer(root = DIST) {
  const assets = await listen(async (req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url, "http://x").pathname));
    if (path.includes("..")) return res.writeHead(400).end();
    try {
      const body = await readFile(join(root, path));
      res.writeHead(200, {
        "content-type": TYPES[extname(path)] ?? "application/octet-stream",
        "access-control-allow-origin": "*",
      });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  return { ...assets, embedUrl: `${assets.origin}/embed.js` };
}

/** A partner's site: pages registered by path, plus vendored CSS frameworks. */
export async function startHostServer() {
  const pages = new Map();
  const host = await listen(async (req, res) => {
    const path = new URL(req.url, "http://x").pathname;
    if (VENDOR[path]) {
      res.writeHead(200, { "content-type": TYPES[".css"] });
      return res.end(await readFile(VENDOR[path]));
    }
    if (!pages.has(path)) return res.writeHead(404).end();
    const { html, headers } = pages.get(path);
    res.writeHead(200, { "content-type": TYPES[".html"], ...headers });
    res.end(html);
  });
  let next = 0;
  return {
    ...host,
    /** Registers a page, served with extra response `headers` (a CSP, say); returns its URL. */
    page(html, headers = {}) {
      const path = `/page-${next++}.html`;
      pages.set(path, { html, headers });
      return `${host.origin}${path}`;
    },
  };
}

/**
 * The signature endpoint. It records every POST and answers with the status and body set by
 * `answerWith`; by default 202 `{ status: "pending_confirmation" }`, as the reference server
 * does. `GET …/petitions/{slug}?lang=` answers the petitions of `content/` (or those set by
 * `contentIs`) in that language as the reference server does, with `signatures` only when
 * `countsAre` set some (a custom endpoint need not count), and 404 `petition_not_found` for
 * another slug. CORS is allowed for any origin, as for a public endpoint.
 */
export async function startEndpoint() {
  const received = [];
  let answer = { status: 202, body: { status: "pending_confirmation" }, headers: {}, delay: 0 };
  const nextAnswers = [];
  let challenge = null;
  let counts = null;
  let closed = false;
  let signers = [];
  let countReads = 0;
  const bundled = await contentFiles();
  let petitions = bundled;
  const cors = {
    "access-control-allow-origin": "*",
    "access-control-allow-methods": "POST",
    "access-control-allow-headers": "content-type",
    "access-control-expose-headers": "retry-after",
  };
  const endpoint = await listen((req, res) => {
    if (req.method === "OPTIONS") return res.writeHead(204, cors).end();
    if (req.method === "GET" && req.url.includes("/signers")) {
      const limit = Number(new URL(req.url, "http://x").searchParams.get("limit") ?? 10);
      res.writeHead(200, { ...cors, "content-type": "application/json" });
      return res.end(JSON.stringify({ signers: signers.slice(0, limit) }));
    }
    if (req.method === "GET") {
      countReads += 1;
      const url = new URL(req.url, "http://x");
      const slug = decodeURIComponent(url.pathname.split("/").pop());
      const petition = petitions.find((p) => p.slug === slug);
      if (slug === "nedtagen") {
        res.writeHead(410, { ...cors, "content-type": "application/json" });
        return res.end(JSON.stringify({ error: { code: "petition_unpublished", message: "The organiser has taken this petition down." } }));
      }
      if (!petition) {
        res.writeHead(404, { ...cors, "content-type": "application/json" });
        return res.end(JSON.stringify({ error: { code: "petition_not_found", message: "There is no petition with this name." } }));
      }
      const locale = /^en/i.test(url.searchParams.get("lang") ?? "") ? "en" : "sv";
      res.writeHead(200, { ...cors, "content-type": "application/json" });
      return res.end(JSON.stringify({
        petition: localized(petition, locale), ...(counts && { signatures: counts }), closed, ...(challenge && { challenge }),
      }));
    }
    let raw = "";
    req.setEncoding("utf8");
    req.on("data", (chunk) => (raw += chunk));
    req.on("end", async () => {
      received.push({ method: req.method, path: req.url, headers: req.headers, body: JSON.parse(raw) });
      const { status, body, headers, delay } = nextAnswers.shift() ?? answer;
      if (delay) await new Promise((resolve) => setTimeout(resolve, delay));
      res.writeHead(status, { ...cors, "content-type": "application/json", ...headers });
      res.end(JSON.stringify(body));
    });
  });
  return {
    ...endpoint,
    api: `${endpoint.origin}/api/v1`,
    received,
    /** Answers the next POSTs with `status` and `body`, plus `headers`, after `delay` ms. */
    answerWith(status, body, { headers = {}, delay = 0 } = {}) {
      answer = { status, body, headers, delay };
    },
    /** Answers the next POST alone so; later ones as before. */
    answerNextWith(status, body, { headers = {}, delay = 0 } = {}) {
      nextAnswers.push({ status, body, headers, delay });
    },
    /** Serves `value` as the petition's proof-of-work challenge (none by default). */
    challengeIs(value) {
      challenge = value;
    },
    /** Resolves once `count` POSTs have arrived. */
    async posts(count) {
      while (received.length < count) await new Promise((resolve) => setTimeout(resolve, 20));
    },
    /** How many times the counts were asked for. */
    countReads: () => countReads,
    countsAre(confirmed, goal = null) {
      counts = confirmed === null ? null : { confirmed, goal };
    },
    /** Lists these public signers at `…/signers`. */
    signersAre(list) {
      signers = list;
    },
    /** Says the petition has closed (or not). */
    closedIs(value) {
      closed = value;
    },
    /** Serves `list` (content files' JSON) instead of `content/`; no argument restores it. */
    contentIs(list = bundled) {
      petitions = list;
    },
  };
}

/** The petitions in the repository's `content/` folder. */
export async function contentFiles() {
  const { readdir } = await import("node:fs/promises");
  const folder = join(here, "..", "content");
  const names = (await readdir(folder)).filter((name) => name.endsWith(".json"));
  return Promise.all(names.map(async (name) => JSON.parse(await readFile(join(folder, name), "utf8"))));
}

/** A content file's petition in one language, as `GET …/petitions/{slug}?lang=` shows it. */
export function localized(petition, locale) {
  const { slug, organizer, hashtags, links, memorial } = petition;
  return { slug, locale, organizer, hashtags, links, memorial, text: petition[locale] };
}

/** An address on which nothing listens: a server that was started and stopped. */
export async function unreachableOrigin() {
  const { origin, close } = await listen((_, res) => res.end());
  await close();
  return origin;
}

export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

/** Debian's Chromium, headless; `args` are further command-line switches. */
export function launchBrowser(args = []) {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: [...CHROMIUM_ARGS, ...args],
  });
}

const escapeAttribute = (value) => String(value).replaceAll("&", "&amp;").replaceAll('"', "&quot;");

/** The embed snippet of the README, with the given data- attributes. */
export function scriptTag(src, data) {
  const attributes = Object.entries(data)
    .map(([key, value]) => ` data-${key}="${escapeAttribute(value)}"`)
    .join("");
  return `<script src="${escapeAttribute(src)}" async${attributes}></script>`;
}

/**
 * The hints the README's snippet puts in a page's head: a connection to the server opened
 * early, and its first view of `petition` fetched while embed.js downloads.
 */
export function snippetHints(server, petition) {
  return `<link rel="preconnect" href="${server.origin}">` +
    `<link rel="preload" as="fetch" crossorigin href="${server.origin}/p/${petition}/widget?lang=sv">`;
}

/** How each request for the server's first view was made ("link": a preload; "fetch": embed.js's own). */
export function firstViewRequests(page) {
  return page.evaluate(() => performance.getEntriesByType("resource")
    .filter((entry) => new URL(entry.name).pathname.endsWith("/widget"))
    .map((entry) => entry.initiatorType));
}

export function hostPage({ head = "", body }) {
  return `<!doctype html><html lang="sv"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Partner</title>${head}</head>
<body>${body}</body></html>`;
}

/** Records the page's layout shifts that no input caused, from its first paint on. */
export function watchLayoutShifts(page) {
  return page.addInitScript(() => {
    window.shifts = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.shifts.push(entry.value);
    }).observe({ type: "layout-shift", buffered: true });
  });
}

/** The cumulative layout shift recorded since `watchLayoutShifts`. */
export function layoutShift(page) {
  return page.evaluate(() => window.shifts.reduce((sum, value) => sum + value, 0));
}

/** Waits until every widget on the page works (`ready` on its host) and shows its form. */
export async function widgetsReady(page, count = 1) {
  await page.locator("upprop-petition[ready] form").nth(count - 1).waitFor();
}

/** Waits until the widget `widget` (a locator of one `upprop-petition`, in any frame) works,
 * not only the server's first view it adopts. */
export async function started(widget) {
  await widget.evaluate((host) => new Promise((resolve) => {
    const look = () => (host.hasAttribute("ready") ? resolve() : setTimeout(look, 50));
    look();
  }));
}

/** Fills the form of `widget` (a locator of one `upprop-petition`) like a signer would. */
export async function fillSignature(widget, fields = {}) {
  const values = {
    first_name: "Anna",
    last_name: "Svensson",
    email: "anna.svensson@example.se",
    postal_code: "123 45",
    comment: "För barnen.",
    ...fields,
  };
  for (const [name, value] of Object.entries(values)) {
    await widget.locator(`[name="${name}"]`).fill(value);
  }
}

const ADMIN_TOKEN = "e2e-admin-token-0123456789";
/** The address `startUppropServer` lists as an organiser, who may sign in at /admin. */
export const ORGANIZER = "organisator@brinnforbarnen.se";

/** The confirmation mails in `mailDir` so far, decoded, oldest first. */
export async function mails(mailDir) {
  const { readdir, readFile, stat } = await import("node:fs/promises");
  const names = (await readdir(mailDir).catch(() => [])).filter((name) => name.endsWith(".eml"));
  const files = await Promise.all(names.map(async (name) => {
    const path = join(mailDir, name);
    return { path, time: (await stat(path)).mtimeMs };
  }));
  files.sort((a, b) => a.time - b.time);
  return Promise.all(files.map(async ({ path }) => decodeQuotedPrintable(await readFile(path, "utf8"))));
}

/** The confirmation link in a decoded mail. */
export const confirmLink = (mail) => mail.match(/http:\/\/127\.0\.0\.1:\d+\/confirm\/[A-Za-z0-9_-]+/)?.[0];

/** The mail to `address` in `mailDir`, once it has come. */
export async function mailTo(mailDir, address) {
  for (let waited = 0; waited < 10_000; waited += 100) {
    const mail = (await mails(mailDir)).find((text) => text.match(/^To: (.*)$/m)?.[1].trim() === address);
    if (mail) return mail;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no mail to ${address} within 10 s`);
}

/** The part of a decoded mail with `type` (`text/plain`, `text/html`). */
export function mailPart(mail, type) {
  const found = mail.match(new RegExp(`Content-Type: ${type}; charset=utf-8\\r?\\n(?:[^\\r\\n]+\\r?\\n)*\\r?\\n([\\s\\S]*?)\\r?\\n--`));
  if (!found) throw new Error(`no ${type} part in ${mail}`);
  return found[1];
}

/** Waits for the `count`th mail in `mailDir` and returns it. */
export async function nthMail(mailDir, count) {
  for (let waited = 0; waited < 10_000; waited += 100) {
    const all = await mails(mailDir);
    if (all.length >= count) return all[count - 1];
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no mail number ${count} within 10 s`);
}

/**
 * The reference server (upprop-server), built and started by cargo on a free port with a fresh
 * SQLite database and a mail folder, serving the trunk build from DIST; `args` are further flags.
 */
export async function startUppropServer({ args = [], contentDir = join(here, "..", "content") } = {}) {
  const { mkdtemp, rm } = await import("node:fs/promises");
  const { tmpdir } = await import("node:os");
  const { spawn } = await import("node:child_process");
  const work = await mkdtemp(join(tmpdir(), "upprop-e2e-"));
  const mailDir = join(work, "mail");
  const child = spawn(
    "cargo",
    [
      "run", "--quiet", "--package", "upprop-server", "--",
      "--listen", "127.0.0.1:0",
      "--database-url", `sqlite://${join(work, "upprop.db")}?mode=rwc`,
      "--mail-dir", mailDir,
      "--dist-dir", DIST,
      "--content-dir", contentDir,
      "--admin-token", ADMIN_TOKEN,
      "--organizers", ORGANIZER,
      // A test fills the form faster than any person can.
      "--min-fill-ms", "0",
      ...args,
    ],
    { cwd: join(here, ".."), env: { ...process.env, NO_COLOR: "1", RUST_LOG: "info" }, stdio: ["ignore", "pipe", "pipe"] },
  );
  let log = "";
  const origin = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start:\n${log}`)), 300_000);
    const read = (chunk) => {
      log += chunk;
      const match = log.match(/serving the API and the demo page on (http:\/\/127\.0\.0\.1:\d+)/);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout.on("data", read);
    child.stderr.on("data", read);
    child.on("exit", (code) => reject(new Error(`the server exited with ${code}:\n${log}`)));
  });
  return {
    origin,
    api: `${origin}/api/v1`,
    /** The organiser's CSV of confirmed signatures. */
    async exportCsv(petition = "upprop-socialtjansten") {
      const response = await fetch(`${origin}/api/v1/admin/petitions/${petition}/signatures.csv`, {
        headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      });
      return response.text();
    },
    /** The header the organiser's endpoints ask for. */
    adminHeaders: { authorization: `Bearer ${ADMIN_TOKEN}` },
    embedUrl: `${origin}/embed.js`,
    mailDir,
    log: () => log,
    async close() {
      child.kill("SIGINT");
      await new Promise((resolve) => child.once("exit", resolve));
      await rm(work, { recursive: true, force: true });
    },
  };
}

const CONTENT = JSON.parse(await readFile(join(here, "..", "content", "upprop-socialtjansten.json"), "utf8"));

/**
 * Signs `upprop-socialtjansten` through the API as the widget would (the required consent
 * given, and the updates consent as `updates` says), then presses the button behind the
 * confirmation link in the mail.
 */
/**
 * Signs through the API as the widget does (`email` defaults to the first name at
 * example.se) and returns the confirmation mail once it has come.
 */
export async function sign(server, { first_name, last_name, email = `${first_name.toLowerCase()}@example.se`, public: shown = false, updates = false, postal_code = "752 20", url = "https://partner.example/" }) {
  const count = (await mails(server.mailDir)).length;
  const [organizer, news] = CONTENT.sv.consents;
  const signed = await fetch(`${server.api}/petitions/upprop-socialtjansten/signatures`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      id: crypto.randomUUID(), first_name, last_name, email,
      postal_code, comment: "", public: shown, locale: "sv",
      consents: [
        { id: organizer.id, text: organizer.text, given: true },
        { id: news.id, text: news.text, given: updates },
      ],
      source: { url },
    }),
  });
  if (signed.status !== 202) throw new Error(`signing answered ${signed.status}`);
  return nthMail(server.mailDir, count + 1);
}

/** Signs as `sign` does, and confirms from the mail. */
export async function signAndConfirm(server, signer) {
  const mail = await sign(server, signer);
  await pressConfirm(confirmLink(mail));
}

/**
 * Opens the page behind a confirmation link and presses its button, as a signer does: the
 * button sends the digest of what the page showed.
 */
export async function pressConfirm(link) {
  const page = await (await fetch(link)).text();
  const shown = page.match(/name="shown" value="([^"]*)"/)?.[1] ?? "";
  return fetch(link, { method: "POST", body: new URLSearchParams({ shown }) });
}

/** The text of a quoted-printable body, as lettre writes mail. */
export function decodeQuotedPrintable(text) {
  const bytes = [];
  const joined = text.replace(/=\r?\n/g, "");
  for (let i = 0; i < joined.length; i++) {
    if (joined[i] === "=" && /^[0-9A-F]{2}$/i.test(joined.slice(i + 1, i + 3))) {
      bytes.push(parseInt(joined.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(joined[i], "utf8"));
    }
  }
  return Buffer.from(bytes).toString("utf8");
}

const axeSource = await (await import("node:fs/promises")).readFile(
  (await import("node:module")).createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/**
 * axe's WCAG 2.1 AA findings and best practices on the whole page, open shadow roots
 * included; or, `within` a selector (the widget on a host page), its WCAG findings alone: the
 * host page's landmarks and headings are the host's.
 */
export async function audit(page, within) {
  await page.addScriptTag({ content: axeSource });
  return page.evaluate(async (within) => {
    const wcag = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
    const [context, runOnly] = within ? [document.querySelector(within), wcag] : [document, [...wcag, "best-practice"]];
    const result = await window.axe.run(context, { runOnly });
    return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  }, within);
}
