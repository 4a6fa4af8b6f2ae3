// Reach, in a real Chromium against the real upprop-server: the landing page a campaign posts
// on Facebook (with and without JavaScript, and the widget taking over its form in place), a
// visitor from a shared link counted under its channel, and hosts whose Content-Security-
// Policy refuses WebAssembly or scripts.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import {
  startUppropServer, startHostServer, launchBrowser, scriptTag, hostPage, widgetsReady,
  fillSignature, mails, nthMail, watchLayoutShifts, layoutShift, signAndConfirm, snippetHints,
  firstViewRequests, pressConfirm, confirmLink, started,
} from "./helpers.mjs";
import { wordpressPost } from "./wordpress.mjs";

const axeSource = await readFile(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const PETITION = "upprop-socialtjansten";
let server, host, browser;

before(async () => {
  [server, host, browser] = await Promise.all([startUppropServer(), startHostServer(), launchBrowser()]);
});

after(async () => {
  await browser?.close();
  await Promise.all([server?.close(), host?.close()]);
});

const landing = (query = "") => `${server.origin}/p/${PETITION}${query}`;

/** Holds the widget's WebAssembly back until the returned function is called. */
async function holdTheWidget(page) {
  let release;
  const gate = new Promise((resolve) => (release = resolve));
  await page.route("**/*_bg.wasm", async (route) => {
    await gate;
    await route.continue();
  });
  return release;
}

/** Runs axe on the whole page, shadow roots included. */
async function audit(page) {
  await page.addScriptTag({ content: axeSource });
  return page.evaluate(async () => {
    const result = await window.axe.run(document, {
      runOnly: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"],
    });
    return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  });
}

test("the landing page signs without JavaScript: messages by their fields, thanks, share step, duplicate", async () => {
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  const before = (await mails(server.mailDir)).length;
  await page.goto(landing("?src=facebook"));
  const form = page.locator("#sign");
  await form.getByRole("button", { name: "Skriv under", exact: true }).click();
  await form.locator("#email-error").waitFor();
  assert.equal(await form.locator("#first_name-error").textContent(), "Fyll i det här fältet.");
  assert.equal(await form.locator("#consent_organizer-error").textContent(), "Du behöver kryssa i rutan för att kunna skriva på.");

  // A wrong address is kept as typed, next to its message.
  await form.locator('[name="first_name"]').fill("Karin");
  await form.locator('[name="last_name"]').fill("Lund");
  await form.locator('[name="email"]').fill("karin-at-example.se");
  await form.getByRole("button", { name: "Skriv under", exact: true }).click();
  await form.locator("#email-error").waitFor();
  assert.equal(await form.locator('[name="first_name"]').inputValue(), "Karin");
  assert.equal(await form.locator('[name="email"]').inputValue(), "karin-at-example.se");
  assert.match(await form.locator("#email-error").textContent(), /giltig e-postadress/);

  await form.locator('[name="email"]').fill("karin.nojs@example.se");
  await form.locator('[name="consent_organizer"]').check();
  const id = await form.locator('input[name="id"]').inputValue();
  await form.getByRole("button", { name: "Skriv under", exact: true }).click();
  await form.getByRole("heading", { name: "Tack! Bekräfta din underskrift" }).waitFor();
  const whatsapp = await form.getByRole("link", { name: "Skicka med WhatsApp" }).getAttribute("href");
  assert.ok(decodeURIComponent(whatsapp).includes(`${landing()}?src=whatsapp`), whatsapp);
  const mail = await nthMail(server.mailDir, before + 1);
  assert.match(mail, /^To: karin\.nojs@example\.se/m);

  // The browser resubmitting that page (back and send again, a reload of the answer): the same
  // id, so nothing new is stored or mailed.
  const resubmitted = await page.request.post(landing(), {
    form: { id, src: "facebook", first_name: "Karin", last_name: "Lund", email: "karin.nojs@example.se", consent_organizer: "true" },
  });
  assert.equal(resubmitted.status(), 200);
  assert.match(await resubmitted.text(), /Tack! Bekräfta din underskrift/);
  await new Promise((resolve) => setTimeout(resolve, 700));
  assert.equal((await mails(server.mailDir)).length, before + 1, "no second mail");

  await pressConfirm(confirmLink(mail));
  const row = (await server.exportCsv()).split("\n").find((line) => line.includes("karin.nojs@example.se"));
  assert.ok(row.startsWith(`Karin,Lund,karin.nojs@example.se,,,no,sv,${landing()},facebook,`), row);

  // The same address again, from another page view: the same answer, nothing stored twice,
  // and the address (not the requester) is told.
  await page.goto(landing());
  await fillSignature(page.locator("#sign"), { email: "KARIN.nojs@example.se" });
  await page.locator('#sign [name="consent_organizer"]').check();
  await page.locator("#sign").getByRole("button", { name: "Skriv under", exact: true }).click();
  await page.getByRole("heading", { name: "Tack! Bekräfta din underskrift" }).waitFor();
  assert.match(await nthMail(server.mailDir, before + 2), /redan en bekräftad underskrift/);
  const csv = await server.exportCsv();
  assert.equal(csv.toLowerCase().split("karin.nojs@example.se").length - 1, 1, csv);
  await context.close();
});

test("the crawler's view: Open Graph tags in the raw HTML, and the share image", async () => {
  const html = await (await fetch(landing())).text();
  const meta = (property) => html.match(new RegExp(`property="${property}" content="([^"]*)"`))?.[1];
  assert.equal(meta("og:title"), "Upprop Socialtjänsten");
  assert.equal(meta("og:url"), landing());
  assert.equal(meta("og:locale"), "sv_SE");
  assert.equal(meta("og:image:width"), "1200");
  const image = await fetch(meta("og:image").replaceAll("&amp;", "&"));
  assert.equal(image.headers.get("content-type"), "image/png");
  const png = Buffer.from(await image.arrayBuffer());
  assert.equal(png.readUInt32BE(16), 1200, "IHDR width");
  assert.equal(png.readUInt32BE(20), 630, "IHDR height");
});

test("with JavaScript the widget takes over the landing page's form in place: nothing moves, nothing typed is lost", async () => {
  const measure = async (page) => page.evaluate(() => {
    const box = (selector) => document.querySelector(selector).getBoundingClientRect();
    return { sign: Math.round(box("#sign").height), closing: Math.round(box(".closing").top) };
  });
  // The page without the widget: what the server rendered.
  const plain = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 390, height: 6000 } });
  const served = await plain.newPage();
  await served.goto(landing());
  const before = await measure(served);
  await plain.close();

  // bypassCSP: axe is injected inline, which the page's own policy rightly refuses.
  const context = await browser.newContext({ viewport: { width: 390, height: 6000 }, bypassCSP: true });
  const page = await context.newPage();
  const release = await holdTheWidget(page);
  await watchLayoutShifts(page);
  await page.goto(landing());
  assert.deepEqual(await audit(page), [], "the server-rendered page");
  // The signer starts typing in the page's own form before the widget has arrived.
  const email = page.locator('#sign [name="email"]');
  await email.click();
  await email.pressSequentially("tidig@example.se");
  release();
  await page.waitForFunction(() => {
    const host = document.querySelector("#sign upprop-petition");
    return host?.hasAttribute("ready") && host.shadowRoot?.querySelector("form");
  });
  assert.equal(await email.inputValue(), "tidig@example.se", "what was typed carries over");
  assert.equal(await page.evaluate(() => document.querySelector("#sign upprop-petition").shadowRoot.activeElement?.name), "email");
  assert.deepEqual(await measure(page), before, "the widget's form takes exactly the server form's place");
  const shift = await layoutShift(page);
  assert.ok(shift < 0.01, `layout shift ${shift}`);
  assert.equal(await page.locator("upprop-petition").count(), 1, "no second widget");
  assert.deepEqual(await audit(page), [], "after the takeover");

  // And it signs, through the API this time.
  const count = (await mails(server.mailDir)).length;
  await fillSignature(page.locator("#sign upprop-petition"), { email: "tidig@example.se" });
  await page.locator('#sign [name="consent_organizer"]').check();
  await page.locator("#sign").getByRole("button", { name: "Skriv under", exact: true }).click();
  await page.getByRole("heading", { name: "Tack! Bekräfta din underskrift" }).waitFor();
  assert.match(await nthMail(server.mailDir, count + 1), /^To: tidig@example\.se/m);
  await context.close();
});

test("a visitor arriving through a shared WhatsApp link is counted under whatsapp", async () => {
  const page = await browser.newPage();
  const url = host.page(hostPage({ body: scriptTag(server.embedUrl, { endpoint: server.api, petition: PETITION }) }));
  await page.goto(`${url}?src=whatsapp&fbclid=secret`);
  await widgetsReady(page);
  const count = (await mails(server.mailDir)).length;
  const widget = page.locator("upprop-petition");
  await fillSignature(widget, { email: "via.whatsapp@example.se" });
  await widget.locator('[name="consent_organizer"]').check();
  await widget.getByRole("button", { name: "Skriv under", exact: true }).click();
  await widget.getByRole("heading", { name: "Tack! Bekräfta din underskrift" }).waitFor();
  await pressConfirm(confirmLink(await nthMail(server.mailDir, count + 1)));
  const row = (await server.exportCsv()).split("\n").find((line) => line.includes("via.whatsapp@example.se"));
  assert.ok(row.includes(`,${url},whatsapp,`), row);
  assert.ok(!row.includes("secret"), "no query is kept");
  await page.close();
});

test("the handover document prints: the appeal and its count first, the public names on pages of their own", async () => {
  for (const [first_name, last_name] of [["Handa", "Överlämnare"], ["Ivar", "Intygsson"]]) {
    await signAndConfirm(server, { first_name, last_name, public: true });
  }
  // bypassCSP: axe is injected inline, which the document's own policy rightly refuses.
  const context = await browser.newContext({ extraHTTPHeaders: server.adminHeaders, bypassCSP: true });
  const page = await context.newPage();
  await page.goto(`${server.api}/admin/petitions/${PETITION}/handover`);
  assert.equal(await page.locator("h1").textContent(), "Upprop Socialtjänsten");
  assert.equal(await page.locator(".demands li").count(), 13);
  const names = await page.locator(".names li").allTextContents();
  assert.ok(names.includes("Handa Överlämnare") && names.includes("Ivar Intygsson"), names.join(", "));
  assert.deepEqual(await audit(page), [], "the handover document");
  const pdf = await page.pdf({ format: "A4", printBackground: true });
  assert.equal(pdf.subarray(0, 5).toString(), "%PDF-");
  const pages = pdf.toString("latin1").match(/\/Type\s*\/Page(?!s)/g)?.length ?? 0;
  assert.ok(pages >= 2, `the names begin a page of their own: ${pages} pages`);
  await context.close();
});

/** A host page whose policy allows scripts and frames from the server but not WebAssembly. */
const strictHost = (body, { scripts = true } = {}) => host.page(hostPage({ body }), {
  "content-security-policy": [
    "default-src 'none'",
    scripts ? `script-src ${server.origin}` : "script-src 'none'",
    `connect-src ${server.origin}`,
    `frame-src ${server.origin}`,
    "style-src 'unsafe-inline'",
  ].join("; "),
});

/** The README's snippet: the widget's place reserved at its first view's height. */
const reservedSnippet = (data) =>
  `<h1>Partner</h1><p>Före.</p><div id="upprop" style="min-height:640px"></div>` +
  `${scriptTag(server.embedUrl, { endpoint: server.api, petition: PETITION, target: "#upprop", ...data })}<p id="after">Efter.</p>`;

test("on a partner page the server's first view is usable at once, and the widget takes it over in place", async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  const release = await holdTheWidget(page);
  await watchLayoutShifts(page);
  await page.goto(host.page(hostPage({ body: reservedSnippet() })));
  const widget = page.locator("upprop-petition");
  const email = widget.locator('[name="email"]');
  await email.waitFor();
  assert.equal(await widget.locator('input[name="id"]').count(), 1, "the server's form, before the widget");
  const layout = () => page.evaluate(() => {
    const root = document.querySelector("upprop-petition").shadowRoot;
    const top = (selector) => Math.round(root.querySelector(selector).getBoundingClientRect().top);
    return {
      height: document.querySelector("upprop-petition").getBoundingClientRect().height,
      after: Math.round(document.querySelector("#after").getBoundingClientRect().top),
      demands: top(".demands"), form: top("form"), showAll: top(".show-all"),
    };
  });
  const served = await layout();
  assert.equal(served.height, 640, "exactly the reserved height");
  assert.deepEqual(await audit(page), [], "the server's first view");

  await email.click();
  await email.pressSequentially("forst@example.se");
  await widget.locator(".scroller").evaluate((scroller) => (scroller.scrollTop = 400));
  const scrolled = await layout();
  release();
  await started(widget);
  assert.equal(await email.inputValue(), "forst@example.se", "what was typed carries over");
  assert.equal(await page.evaluate(() => document.querySelector("upprop-petition").shadowRoot.activeElement?.name), "email");
  assert.equal(await widget.locator(".scroller").evaluate((scroller) => scroller.scrollTop), 400, "and how far it was scrolled");
  assert.deepEqual(await layout(), scrolled, "the widget takes exactly the first view's place");
  const shift = await layoutShift(page);
  assert.ok(shift < 0.01, `layout shift ${shift}`);

  // The signer can lift the fixed height; the page grows, because they asked.
  await widget.getByRole("button", { name: "Visa hela uppropet och skriv under" }).click();
  assert.ok((await layout()).height > 640);
  await context.close();
});

test("the README's hints fetch the first view ahead of embed.js, once, and the widget still takes it over", async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  await page.goto(host.page(hostPage({ head: snippetHints(server, PETITION), body: reservedSnippet() })));
  const widget = page.locator("upprop-petition");
  await widget.locator('[name="email"]').waitFor();
  await started(widget);
  assert.deepEqual(await firstViewRequests(page), ["link"], "embed.js took the preloaded answer instead of asking again");
  await context.close();
});

test("the first view shows the petition's text as text, never as markup", async () => {
  const answer = await fetch(`${server.origin}/p/${PETITION}/widget?lang=en`);
  assert.equal(answer.status, 200);
  assert.equal(answer.headers.get("access-control-allow-origin"), "*");
  assert.equal(answer.headers.get("cache-control"), "no-store");
  const html = await answer.text();
  assert.match(html, /<article class="upprop full" lang="en">/);
  assert.match(html, new RegExp(`<form method="post" action="${server.origin}/p/${PETITION}\\?lang=en#sign"`));
  assert.doesNotMatch(html, /<script/i);
  const missing = await fetch(`${server.origin}/p/no-such-petition/widget`);
  assert.equal(missing.status, 404);
  assert.equal((await missing.json()).error.code, "petition_not_found");
});

test("on a host whose CSP refuses WebAssembly the server's first view stays and signs by itself", async () => {
  const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
  await page.goto(strictHost(reservedSnippet()));
  const widget = page.locator("upprop-petition");
  await widget.locator("article.expanded").waitFor();
  assert.equal(await widget.locator(".show-all").isVisible(), false, "all of it shown, nothing to lift");
  await widget.getByRole("button", { name: "Skriv under ↓" }).click();
  assert.equal(await page.evaluate(() => document.querySelector("upprop-petition").shadowRoot.activeElement?.name), "first_name");
  const count = (await mails(server.mailDir)).length;
  await fillSignature(widget, { email: "utan.wasm@example.se" });
  await widget.locator('[name="consent_organizer"]').check();
  await widget.getByRole("button", { name: "Skriv under", exact: true }).click();
  await page.getByRole("heading", { name: "Tack! Bekräfta din underskrift" }).waitFor();
  assert.ok(page.url().startsWith(landing()), page.url());
  assert.match(await nthMail(server.mailDir, count + 1), /^To: utan\.wasm@example\.se/m);
  await page.close();
});

test("where neither the widget nor a first view can come, the script tag becomes a link to the landing page", async () => {
  const page = await browser.newPage();
  await page.route("**/widget?*", (route) => route.abort());
  await page.goto(strictHost(scriptTag(server.embedUrl, { endpoint: server.api, petition: PETITION })));
  const link = page.getByRole("link", { name: "Skriv under namninsamlingen" });
  await link.waitFor();
  assert.equal(await link.getAttribute("href"), landing());
  assert.equal(await page.locator("upprop-petition").count(), 0, "no empty box left behind");
  await page.close();
});

async function signInFrame(frame, email) {
  const widget = frame.locator("upprop-petition");
  await widget.locator("form").waitFor();
  await fillSignature(widget, { email });
  await widget.locator('[name="consent_organizer"]').check();
  await widget.getByRole("button", { name: "Skriv under", exact: true }).click();
  await widget.getByRole("heading", { name: "Tack! Bekräfta din underskrift" }).waitFor();
}

test("the same strict host signs through the iframe that embed.js makes, sized to its content", async () => {
  const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
  await page.goto(strictHost(scriptTag(server.embedUrl, { endpoint: server.api, petition: PETITION, mode: "iframe" })));
  const iframe = page.locator("iframe");
  await iframe.waitFor();
  assert.equal(await iframe.getAttribute("src"), `${server.origin}/embed/${PETITION}`);
  assert.equal(await iframe.getAttribute("allow"), "clipboard-write; web-share");
  const widget = page.frameLocator("iframe").locator("upprop-petition");
  await widget.locator("form").waitFor();
  const heights = async () => [
    await iframe.evaluate((element) => parseFloat(element.style.height)),
    Math.ceil(await widget.evaluate((element) => element.getBoundingClientRect().height)),
  ];
  let [frameHeight, contentHeight] = await heights();
  assert.equal(frameHeight, contentHeight, "sized to the first view");
  await widget.getByRole("button", { name: "Visa hela uppropet och skriv under" }).click();
  await page.waitForFunction(() => parseFloat(document.querySelector("iframe").style.height) > 640);
  [frameHeight, contentHeight] = await heights();
  assert.equal(frameHeight, contentHeight, "and to the whole appeal");
  const count = (await mails(server.mailDir)).length;
  await signInFrame(page.frameLocator("iframe"), "iframe.signer@example.se");
  assert.match(await nthMail(server.mailDir, count + 1), /^To: iframe\.signer@example\.se/m);
  await page.close();
});

test("a host that allows no script at all signs through the documented iframe snippet", async () => {
  const oembed = await (await fetch(`${server.origin}/oembed?url=${encodeURIComponent(landing())}`)).json();
  const page = await browser.newPage();
  await page.goto(strictHost(oembed.html, { scripts: false }));
  const count = (await mails(server.mailDir)).length;
  await signInFrame(page.frameLocator("iframe"), "snippet.signer@example.se");
  assert.match(await nthMail(server.mailDir, count + 1), /^To: snippet\.signer@example\.se/m);
  await page.close();
});

test("a link pasted into WordPress signs in its sandboxed frame with the keyboard alone, and the frame follows the widget's height", async () => {
  const oembed = await (await fetch(`${server.origin}/oembed?format=json&maxwidth=650&maxheight=750&url=${encodeURIComponent(landing())}`)).json();
  assert.match(oembed.html, /^<blockquote><a href="[^"]+">Upprop Socialtjänsten – Barnrättsföreningen Brinn för barnen<\/a><\/blockquote><iframe /);
  assert.equal(oembed.height, 640, "the first view's height, within maxheight");
  assert.equal(oembed.width, 650);
  const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
  const messages = [];
  page.on("console", (message) => messages.push(message.text()));
  await page.goto(host.page(await wordpressPost(oembed)));
  const iframe = page.locator("iframe.wp-embedded-content");
  assert.equal(await iframe.getAttribute("sandbox"), "allow-scripts");
  const frame = page.frameLocator("iframe.wp-embedded-content");
  const widget = frame.locator("upprop-petition");
  await widget.locator("form").waitFor();
  await started(widget);
  const heights = () => Promise.all([
    iframe.evaluate((element) => Number(element.getAttribute("height"))),
    frame.locator("body").evaluate((body) => Math.ceil(body.getBoundingClientRect().height)),
  ]);
  await page.waitForFunction(() => !document.querySelector("iframe").hasAttribute("style"));
  assert.equal(await page.locator("blockquote").isVisible(), false, "the quotation gives way to the frame");
  let [given, content] = await heights();
  assert.equal(given, content, "the first view fits");

  // The whole appeal: taller than WordPress allows, so the frame stops at 1000 px and scrolls.
  await widget.getByRole("button", { name: "Visa hela uppropet och skriv under" }).click();
  await page.waitForFunction(() => Number(document.querySelector("iframe").getAttribute("height")) === 1000);
  [given, content] = await heights();
  assert.ok(content > 1000, `the appeal is ${content} px`);

  const count = (await mails(server.mailDir)).length;
  for (const [name, value] of Object.entries({ first_name: "Wera", last_name: "Press", email: "wera.press@example.se" })) {
    await widget.locator(`[name="${name}"]`).click();
    await page.keyboard.type(value);
  }
  await widget.locator('[name="consent_organizer"]').focus();
  await page.keyboard.press("Space");
  await widget.locator('[name="email"]').focus();
  await page.keyboard.press("Enter");
  await widget.getByRole("heading", { name: "Tack! Bekräfta din underskrift" }).waitFor();
  assert.match(await nthMail(server.mailDir, count + 1), /^To: wera\.press@example\.se/m);
  assert.deepEqual(messages.filter((text) => /Blocked|SecurityError|sandbox/i.test(text)), [], "nothing the sandbox refused");
  await page.close();
});

test("the documented iframe snippet fits a blog's 650 px column, leaves no blank band, and may copy the link", async () => {
  const oembed = await (await fetch(`${server.origin}/oembed?url=${encodeURIComponent(landing())}`)).json();
  const snippet = oembed.html.slice(oembed.html.indexOf("<iframe"));
  assert.match(snippet, /allow="clipboard-write; web-share"/);
  // A block theme's column: the content is constrained by its children's max-width.
  const post = `<style>.is-layout-constrained>*{max-width:650px;margin-left:auto!important;margin-right:auto!important}</style>` +
    `<div class="is-layout-constrained" style="width:1100px">${snippet}</div>`;
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: server.origin });
  const page = await context.newPage();
  await page.goto(host.page(hostPage({ body: post })));
  const iframe = page.locator("iframe");
  const frame = page.frameLocator("iframe");
  await frame.locator("upprop-petition form").waitFor();
  const box = await iframe.boundingBox();
  assert.equal(box.width, 650, "as wide as the column");
  const content = await frame.locator("body").evaluate((body) => body.getBoundingClientRect().height);
  assert.equal(Math.round(box.height), Math.round(content), "no blank band under the widget");

  await signInFrame(frame, "snippet.copy@example.se");
  await frame.getByRole("button", { name: "Kopiera länken" }).click();
  await frame.getByText("Länken är kopierad").waitFor();
  await context.close();
});

test("in WordPress's frame, where nothing can be stored, a signature that could not be sent waits in the page and goes out by itself", async () => {
  const oembed = await (await fetch(`${server.origin}/oembed?format=json&url=${encodeURIComponent(landing())}`)).json();
  const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
  let refused = 0;
  await page.route("**/api/v1/petitions/*/signatures", (route) => (refused++ === 0 ? route.abort() : route.continue()));
  await page.goto(host.page(await wordpressPost(oembed)));
  const widget = page.frameLocator("iframe").locator("upprop-petition");
  await started(widget);
  const count = (await mails(server.mailDir)).length;
  await fillSignature(widget, { email: "i.ramen@example.se" });
  await widget.locator('[name="consent_organizer"]').check();
  await widget.getByRole("button", { name: "Skriv under", exact: true }).click();
  const alert = widget.getByRole("alert");
  await alert.waitFor();
  assert.match(await alert.textContent(), /Stäng inte sidan förrän den är skickad: här kan den inte sparas\./);
  await widget.getByRole("heading", { name: "Tack! Bekräfta din underskrift" }).waitFor({ timeout: 15_000 });
  assert.equal(refused, 2, "sent again by itself");
  assert.match(await nthMail(server.mailDir, count + 1), /^To: i\.ramen@example\.se/m);
  await page.close();
});

test("the confirmation page shows what it confirms and is worked by keyboard; the sandboxed thanks and a closed petition's link pass axe on a phone", async () => {
  // bypassCSP: axe is injected inline, which the pages' own policies rightly refuse.
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, bypassCSP: true });
  const page = await context.newPage();

  // In WordPress's sandboxed frame: the thanks with the share step the sandbox allows.
  const oembed = await (await fetch(`${server.origin}/oembed?format=json&url=${encodeURIComponent(landing())}`)).json();
  await page.goto(host.page(await wordpressPost(oembed)));
  const frame = page.frames()[1];
  const widget = page.frameLocator("iframe").locator("upprop-petition");
  await started(widget);
  const count = (await mails(server.mailDir)).length;
  await fillSignature(widget, { email: "visad@example.se", comment: "Synlig kommentar" });
  await widget.locator('[name="public"]').check();
  await widget.locator('[name="consent_organizer"]').check();
  await widget.getByRole("button", { name: "Skriv under", exact: true }).click();
  await widget.getByRole("heading", { name: "Tack! Bekräfta din underskrift" }).waitFor();
  assert.deepEqual(await audit(frame), [], "the sandboxed thanks");

  // The mailed link: everything the button confirms, and the button reached by Tab alone.
  const link = confirmLink(await nthMail(server.mailDir, count + 1));
  await page.goto(link);
  for (const shown of ["Anna Svensson", "Ja, ditt namn visas", "Synlig kommentar", "Du samtycker till", "Du samtycker inte till"]) {
    await page.getByText(shown).first().waitFor();
  }
  assert.deepEqual(await audit(page), [], "the confirmation page");
  for (let presses = 0; presses < 5; presses++) {
    await page.keyboard.press("Tab");
    if (await page.evaluate(() => document.activeElement?.textContent === "Bekräfta min underskrift")) break;
  }
  await page.keyboard.press("Enter");
  await page.getByRole("heading", { name: "Tack! Din underskrift är bekräftad" }).waitFor();
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 390), "nothing wider than the phone");

  // A link whose petition closed before it was confirmed says so, and offers no button.
  const before = (await mails(server.mailDir)).length;
  const { petition } = await (await fetch(`${server.api}/petitions/${PETITION}`)).json();
  const late = await fetch(`${server.api}/petitions/${PETITION}/signatures`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      id: crypto.randomUUID(), first_name: "Sen", last_name: "Signerare", email: "sen.e2e@example.se",
      postal_code: "", comment: "", public: false, locale: "sv",
      consents: petition.text.consents.map(({ id, text, required }) => ({ id, text, given: required })),
      source: { url: "https://partner.example/" },
    }),
  });
  assert.equal(late.status, 202);
  const lateLink = confirmLink(await nthMail(server.mailDir, before + 1));
  await fetch(`${server.api}/admin/petitions/${PETITION}/close`, { method: "POST", headers: server.adminHeaders });
  try {
    await page.goto(lateLink);
    await page.getByRole("heading", { name: "Namninsamlingen är avslutad" }).waitFor();
    assert.equal(await page.getByRole("button").count(), 0);
    assert.deepEqual(await audit(page), [], "a closed petition's link");
  } finally {
    await fetch(`${server.api}/admin/petitions/${PETITION}/reopen`, { method: "POST", headers: server.adminHeaders });
  }
  await context.close();
});

test("the manifestation's page opens from the landing page and leads back to signing, without JavaScript, by keyboard, on a phone", async () => {
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  await page.goto(landing());
  const block = page.locator("aside.event");
  assert.match(await block.textContent(), /Hölls: söndag 7 februari 2021, hela dagen/);
  await block.getByRole("link", { name: "Ljusmanifestation för Upprop Socialtjänsten" }).focus();
  await page.keyboard.press("Enter");
  await page.getByRole("heading", { level: 1, name: "Ljusmanifestation för Upprop Socialtjänsten" }).waitFor();
  assert.equal(page.url(), `${server.origin}/p/${PETITION}/events/ljusmanifestation-2021`);
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth), "it fits a phone");
  assert.equal(await page.locator("ol li").count(), 8);

  // By Tab alone to the petition, which records where the signer came from.
  for (let presses = 0; presses < 30; presses++) {
    await page.keyboard.press("Tab");
    if (await page.evaluate(() => document.activeElement?.textContent) === "Skriv under uppropet") break;
  }
  await page.keyboard.press("Enter");
  await page.locator("#sign").waitFor();
  assert.equal(page.url(), landing("?src=event-ljusmanifestation-2021"));
  assert.equal(await page.locator('input[name="src"]').inputValue(), "event-ljusmanifestation-2021");
  await context.close();

  // axe needs a script of its own: a context where the page's policy lets it in.
  const checked = await browser.newContext({ bypassCSP: true, viewport: { width: 390, height: 844 } });
  const checking = await checked.newPage();
  for (const query of ["", "?lang=en"]) {
    await checking.goto(`${server.origin}/p/${PETITION}/events/ljusmanifestation-2021${query}`);
    assert.deepEqual(await audit(checking), [], `the event page ${query}`);
  }
  await checked.close();
});
