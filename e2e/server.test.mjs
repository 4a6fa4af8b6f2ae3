// The whole path a newcomer walks on the demo: the widget on a partner page of another origin
// signs against the real upprop-server, the confirmation mail arrives (in the server's mail
// folder), its link confirms, and the count the widget shows rises.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { createHash } from "node:crypto";
import {
  startUppropServer, startHostServer, launchBrowser, scriptTag, hostPage, widgetsReady,
  fillSignature, decodeQuotedPrintable, firstViewRequests,
} from "./helpers.mjs";

let server, host, browser;

before(async () => {
  [server, host, browser] = await Promise.all([startUppropServer(), startHostServer(), launchBrowser()]);
});

after(async () => {
  await browser?.close();
  await Promise.all([server?.close(), host?.close()]);
});

async function confirmationMail(mailDir) {
  for (let waited = 0; waited < 10_000; waited += 100) {
    const files = await readdir(mailDir).catch(() => []);
    const eml = files.find((name) => name.endsWith(".eml"));
    if (eml) return decodeQuotedPrintable(await readFile(join(mailDir, eml), "utf8"));
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error("no mail within 10 s");
}

test("signing on a partner page, confirming by mail, and the count rising", async () => {
  const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
  const url = host.page(hostPage({ body: scriptTag(server.embedUrl, { endpoint: server.api, petition: "upprop-socialtjansten" }) }));
  await page.goto(url);
  await widgetsReady(page);
  const widget = page.locator("upprop-petition");
  await widget.getByText("0 av 100 har skrivit under", { exact: true }).waitFor();

  const posted = [];
  page.on("request", (request) => {
    if (request.method() === "POST" && request.url().endsWith("/signatures")) posted.push(JSON.parse(request.postData()));
  });
  await fillSignature(widget, { email: "anna.e2e@example.se" });
  await widget.locator('[name="consent_organizer"]').check();
  await widget.getByRole("button", { name: "Skriv under", exact: true }).click();
  await widget.getByRole("heading", { name: "Tack! Bekräfta din underskrift" }).waitFor();
  // The widget did the work the petition's challenge asks, for this very signing.
  const { challenge } = await (await fetch(`${server.api}/petitions/upprop-socialtjansten`)).json();
  assert.equal(posted.length, 1);
  const { id, proof } = posted[0];
  assert.equal(proof.salt, challenge.salt);
  assert.ok(proof.difficulty >= 16, JSON.stringify(proof));
  const digest = createHash("sha256").update(`${proof.salt}:${id}:${proof.nonce}`).digest();
  const zeroBits = [...digest].findIndex((byte) => byte !== 0) * 8 + Math.clz32(digest.find((byte) => byte !== 0)) - 24;
  assert.ok(zeroBits >= proof.difficulty, `${zeroBits} zero bits`);

  const mail = await confirmationMail(server.mailDir);
  assert.match(mail, /^To: anna\.e2e@example\.se/m);
  const confirm = mail.match(/http:\/\/127\.0\.0\.1:\d+\/confirm\/[A-Za-z0-9_-]+/)?.[0];
  assert.ok(confirm, mail);
  // A mail scanner opens the link first: that must not count.
  assert.equal((await fetch(confirm)).status, 200);
  assert.equal((await fetch(confirm, { method: "HEAD" })).status, 200);
  const signerTab = await browser.newPage({ viewport: { width: 390, height: 844 } });
  await signerTab.goto(confirm);
  await signerTab.getByRole("button", { name: "Bekräfta min underskrift" }).click();
  await signerTab.getByRole("heading", { name: "Tack! Din underskrift är bekräftad" }).waitFor();
  await signerTab.getByText("1 av 100 har skrivit under").waitFor();

  // The count is cacheable for 10 s, so the signer's own tab may lag; the next visitor sees it.
  const nextVisitor = await browser.newPage();
  await nextVisitor.goto(url);
  await widgetsReady(nextVisitor);
  await nextVisitor.locator("upprop-petition").getByText("1 av 100 har skrivit under", { exact: true }).waitFor();
  assert.doesNotMatch(server.log(), /anna\.e2e|\/confirm\/[A-Za-z0-9_-]{20}/, "no personal data or link secret in the log");
});

test("the demo page the server serves at / shows the widget under its own CSP", async () => {
  const page = await browser.newPage();
  const problems = [];
  page.on("console", (message) => {
    if (/Content.Security.Policy|Refused/i.test(message.text())) problems.push(message.text());
  });
  page.on("response", (response) => {
    const path = new URL(response.url()).pathname;
    if (response.status() >= 400 && path !== "/favicon.ico") problems.push(`${response.status()} ${path}`);
  });
  await page.goto(`${server.origin}/`);
  await widgetsReady(page);
  await page.locator("upprop-petition").getByText(/har skrivit under/).waitFor();
  assert.deepEqual(problems, []);
  assert.deepEqual(await firstViewRequests(page), ["link"], "the page's preload is the first view embed.js takes");
});
