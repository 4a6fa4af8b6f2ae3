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
  fillSignature, decodeQuotedPrintable, firstViewRequests, audit, mailTo, confirmLink,
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
  const confirm = confirmLink(mail);
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

test("a mistyped address: the form suggests what it means, the thanks names it, and the correction counts once", async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, bypassCSP: true });
  const page = await context.newPage();
  await page.goto(host.page(hostPage({ body: scriptTag(server.embedUrl, { endpoint: server.api, petition: "upprop-socialtjansten" }) })));
  await widgetsReady(page);
  const widget = page.locator("upprop-petition");
  const counted = async () => (await (await fetch(`${server.api}/petitions/upprop-socialtjansten`)).json()).signatures.confirmed;
  const before = await counted();

  await fillSignature(widget, { email: "karin.typo@g.commail" });
  const suggestion = widget.locator(".suggestion");
  await suggestion.getByRole("button", { name: "karin.typo@gmail.com" }).waitFor();
  assert.equal(await suggestion.textContent(), "Menade du karin.typo@gmail.com?");
  assert.equal(await suggestion.getAttribute("aria-live"), "polite");
  // Said again only when it changes: typing on towards the same meaning leaves it as it is.
  await widget.locator('[name="email"]').fill("karin.typo@gmial.co");
  await suggestion.getByRole("button", { name: "karin.typo@gmail.com" }).evaluate((button) => { button.dataset.seen = "yes"; });
  await widget.locator('[name="email"]').press("m");
  assert.equal(await widget.locator('[name="email"]').inputValue(), "karin.typo@gmial.com");
  assert.equal(await suggestion.locator("button").getAttribute("data-seen"), "yes", "not rewritten");
  // It follows what is typed: a real domain puts it away.
  await widget.locator('[name="email"]').fill("karin.typo@brinnforbarnen.se");
  assert.equal(await suggestion.textContent(), "");
  await widget.locator('[name="email"]').fill("karin.typo@g.commail");
  await suggestion.getByRole("button").waitFor();
  await widget.locator('[name="consent_organizer"]').check();
  // The signer does not see it, and signs with the typo: it is only a suggestion.
  await widget.getByRole("button", { name: "Skriv under", exact: true }).click();
  const thanks = widget.locator(".thank-you");
  await thanks.getByRole("heading", { name: "Tack! Bekräfta din underskrift" }).waitFor();
  assert.equal(await widget.getByRole("heading", { name: "Skriv på denna namninsamling" }).count(), 0, "the form's heading goes with the form");
  assert.match(await thanks.textContent(), /Vi har skickat ett mejl till karin\.typo@g\.commail\. .*Menade du karin\.typo@gmail\.com\?.*skräpposten/);
  assert.ok(await thanks.evaluate((element) => element.getRootNode().activeElement === element), "the thanks has the focus");
  assert.notEqual(await thanks.evaluate((element) => getComputedStyle(element).outlineStyle), "none", "and shows it");
  assert.deepEqual(await audit(page, "upprop-petition"), [], "the thanks at 390 px");
  const typoMail = await mailTo(server.mailDir, "karin.typo@g.commail");

  // Back to the form as it was sent, the address focused, to be corrected.
  await thanks.getByRole("button", { name: "Rätta adressen eller skicka igen" }).click();
  assert.equal(await thanks.count(), 0);
  const email = widget.locator('[name="email"]');
  assert.ok(await email.evaluate((field) => field.getRootNode().activeElement === field), "the address has the focus");
  assert.equal(await email.inputValue(), "karin.typo@g.commail");
  assert.equal(await widget.locator('[name="first_name"]').inputValue(), "Anna", "what was typed stays");
  assert.ok(await widget.locator('[name="consent_organizer"]').isChecked(), "and what was ticked");
  // The suggestion is still there under it; taking it fills the address in.
  await suggestion.getByRole("button", { name: "karin.typo@gmail.com" }).click();
  assert.equal(await suggestion.textContent(), "");
  assert.equal(await email.inputValue(), "karin.typo@gmail.com");
  await widget.getByRole("button", { name: "Skriv under", exact: true }).click();
  await thanks.getByText("karin.typo@gmail.com", { exact: true }).waitFor();
  assert.doesNotMatch(await thanks.textContent(), /Menade du/);

  const mail = await mailTo(server.mailDir, "karin.typo@gmail.com");
  assert.equal((await fetch(confirmLink(typoMail))).status, 404, "the typo's signature is gone, and its link");
  // Confirmed from the new address's mail, in the browser: the page shares, names the
  // organiser, and passes axe at 390 px.
  const confirmed = await context.newPage();
  await confirmed.goto(confirmLink(mail));
  await confirmed.getByRole("button", { name: "Bekräfta min underskrift" }).click();
  await confirmed.getByRole("heading", { name: "Tack! Din underskrift är bekräftad" }).waitFor();
  await confirmed.getByRole("link", { name: "Dela på Facebook" }).waitFor();
  await confirmed.getByText("Namninsamlingen drivs av").waitFor();
  assert.deepEqual(await audit(confirmed), [], "the confirmed page at 390 px");
  assert.ok(await confirmed.evaluate(() => document.documentElement.scrollWidth <= 390), "nothing wider than the phone");
  assert.equal(await counted(), before + 1, "counted once");
  await context.close();
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
