// The widget as partners and signers meet it: the trunk-built bundle, embedded with one
// script tag on a page of another origin, in headless Chromium, posting to a real listener.
import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { createHash } from "node:crypto";
import { createRequire } from "node:module";
import {
  startAssetServer, startHostServer, startEndpoint, unreachableOrigin, launchBrowser,
  scriptTag, hostPage, widgetsReady, fillSignature, contentFiles, watchLayoutShifts, layoutShift,
} from "./helpers.mjs";

const petition = JSON.parse(
  await readFile(new URL("../content/upprop-socialtjansten.json", import.meta.url), "utf8"),
);
const axeSource = await readFile(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

let assets, host, endpoint, browser, page;

before(async () => {
  [assets, host, endpoint, browser] = await Promise.all([
    startAssetServer(), startHostServer(), startEndpoint(), launchBrowser(),
  ]);
});

after(async () => {
  await browser?.close();
  await Promise.all([assets?.close(), host?.close(), endpoint?.close()]);
});

beforeEach(async (t) => {
  endpoint.received.length = 0;
  endpoint.answerWith(202, { status: "pending_confirmation" });
  endpoint.countsAre(null);
  endpoint.contentIs();
  endpoint.closedIs(false);
  endpoint.signersAre([]);
  endpoint.challengeIs(null);
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  page = await context.newPage();
  const pageErrors = [];
  page.on("pageerror", (error) => pageErrors.push(error));
  t.after(async () => {
    await context.close();
    assert.deepEqual(pageErrors, [], "the page threw");
  });
});

/** Opens a host page with one widget per entry of `widgets` (data- attributes). */
async function openHostPage({ widgets = [{}], head = "", before = "", after = "" } = {}) {
  const tags = widgets
    .map((data) => scriptTag(assets.embedUrl, { endpoint: endpoint.api, petition: "upprop-socialtjansten", ...data }))
    .join("\n");
  await page.goto(host.page(hostPage({ head, body: `${before}${tags}${after}` })));
  await widgetsReady(page, widgets.length);
  return page.locator("upprop-petition");
}

async function tickRequiredConsent(widget) {
  await widget.locator('[name="consent_organizer"]').check();
}

test("renders the appeal with all thirteen demands, the figure, the memorial and the organiser", async () => {
  const widget = await openHostPage();
  await assert.doesNotReject(widget.getByRole("heading", { name: "Upprop Socialtjänsten" }).waitFor());
  const demands = widget.locator(".demands li");
  assert.equal(await demands.count(), 13);
  assert.equal(await demands.first().textContent(), petition.sv.demands[0]);
  assert.equal(await demands.last().textContent(), petition.sv.demands[12]);
  assert.match(await widget.locator(".statistic").textContent(), /500 000 barn/);

  await widget.getByText("Barnen vi minns").click();
  const remembered = widget.locator(".memorial li");
  assert.equal(await remembered.count(), 11);
  assert.equal(await remembered.nth(4).textContent(), "Eddie, 7 månader – †2016");

  const organizer = widget.getByRole("link", { name: "Barnrättsföreningen Brinn för barnen" });
  assert.equal(await organizer.getAttribute("href"), "https://www.brinnforbarnen.se");
  const contact = widget.getByRole("link", { name: "Kontakta namninsamlingens skapare" });
  assert.equal(await contact.getAttribute("href"), "mailto:info@brinnforbarnen.se");
});

test("the count the endpoint reports is shown, and none when it reports none", async () => {
  endpoint.countsAre(12500, 50000);
  const widget = await openHostPage({ widgets: [{ lang: "sv" }, { lang: "en" }] });
  await widget.nth(0).getByText("12\u00a0500 av 50\u00a0000 har skrivit under").waitFor();
  await widget.nth(1).getByText("12,500 of 50,000 people have signed").waitFor();

  endpoint.countsAre(null);
  const quiet = await openHostPage();
  await page.waitForLoadState("networkidle");
  assert.equal(await quiet.locator(".count").textContent(), "");
  assert.equal(await quiet.locator(".progress").isVisible(), false, "its space stays, empty");
});

test("the progress bar climbs the goal ladder and refreshes only while the page is visible", async () => {
  await page.clock.install();
  endpoint.countsAre(99);
  const widget = await openHostPage();
  const bar = widget.getByRole("progressbar", { name: "Underskrifter mot målet" });
  await widget.getByText("99 av 100 har skrivit under", { exact: true }).waitFor();
  assert.equal(await bar.getAttribute("max"), "100");
  assert.equal(await bar.getAttribute("value"), "99");
  const formTop = await widget.locator("form").evaluate((form) => form.getBoundingClientRect().top);

  // Every 30 s while visible: the goal steps up once it is reached, and nothing moves.
  endpoint.countsAre(100);
  await page.clock.fastForward(30_000);
  await widget.getByText("100 av 250 har skrivit under", { exact: true }).waitFor();
  assert.equal(await bar.getAttribute("max"), "250");
  assert.equal(await widget.locator("form").evaluate((form) => form.getBoundingClientRect().top), formTop);

  // A hidden tab asks nothing; coming back asks at once.
  const setHidden = (hidden) => page.evaluate((hidden) => {
    Object.defineProperty(document, "hidden", { configurable: true, get: () => hidden });
    Object.defineProperty(document, "visibilityState", { configurable: true, get: () => (hidden ? "hidden" : "visible") });
    document.dispatchEvent(new Event("visibilitychange"));
  }, hidden);
  await setHidden(true);
  const readsWhileHidden = endpoint.countReads();
  endpoint.countsAre(1234);
  await page.clock.fastForward(120_000);
  assert.equal(endpoint.countReads(), readsWhileHidden, "no polling in a hidden tab");
  await setHidden(false);
  await widget.getByText("1\u00a0234 av 2\u00a0500 har skrivit under", { exact: true }).waitFor();
});

test("with the README's reserved place, nothing on the page moves as the widget and its count arrive", async () => {
  endpoint.countsAre(null);
  await watchLayoutShifts(page);
  await page.clock.install();
  const widget = await openHostPage({
    widgets: [{ target: "#upprop" }],
    before: '<p>Före.</p><div id="upprop" style="min-height:640px"></div>',
    after: '<p id="after">Efter.</p>',
  });
  assert.equal(await widget.evaluate((element) => element.getBoundingClientRect().height), 640);
  assert.equal(await page.locator("#upprop").evaluate((div) => div.getBoundingClientRect().height), 640, "the reserved place did not grow");
  for (const name of ["first_name", "email", "consent_organizer"]) {
    assert.equal(await widget.locator(`[name="${name}"]`).count(), 1, `${name} is in the first view`);
  }
  assert.equal(await widget.locator(".demands li").count(), 13);

  endpoint.countsAre(4321);
  await page.clock.fastForward(30_000);
  await widget.getByText("4\u00a0321 av 5\u00a0000 har skrivit under").waitFor();
  assert.equal(await widget.evaluate((element) => element.getBoundingClientRect().height), 640);
  const shift = await layoutShift(page);
  assert.ok(shift < 0.01, `layout shift ${shift}`);

  const lift = widget.getByRole("button", { name: "Visa hela uppropet och skriv under" });
  assert.equal(await lift.getAttribute("aria-expanded"), "false");
  await lift.click();
  assert.ok((await widget.evaluate((element) => element.getBoundingClientRect().height)) > 1500, "all of it, in the page");
  const fold = widget.getByRole("button", { name: "Fäll ihop uppropet" });
  assert.equal(await fold.getAttribute("aria-expanded"), "true");
  assert.equal(await lift.count(), 0, "the same button now folds");

  // Folded from far down the page, the widget comes back into view, its title first.
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  assert.ok(await fold.isVisible(), "the button that folds stays at hand at the foot of the screen");
  await fold.click();
  assert.equal(await widget.evaluate((element) => element.getBoundingClientRect().height), 640);
  const top = await widget.evaluate((element) => element.getBoundingClientRect().top);
  assert.ok(top >= 0 && top < 200, `the widget's top is on the screen (${top})`);
  assert.equal(await lift.getAttribute("aria-expanded"), "false");
});

test("a phone's first view of the widget says who asks, of whom, and how many have signed", async () => {
  endpoint.countsAre(1234, 5000);
  const widget = await openHostPage();
  const byline = widget.locator(".byline");
  assert.equal(
    await byline.textContent(),
    "Ett upprop från Barnrättsföreningen Brinn för barnen till Sveriges riksdag",
  );
  const count = widget.locator(".appeal .count");
  await count.getByText(/har skrivit under/).waitFor();
  const within = (locator) => locator.evaluate((element) => {
    const box = element.getBoundingClientRect();
    const shown = element.closest("article").getBoundingClientRect();
    return box.top >= shown.top && box.bottom <= shown.bottom - 40;
  });
  assert.ok(await within(byline), "the organiser and the addressee are in the first view");
  assert.ok(await within(count), "and so is the count");
  assert.ok(await within(widget.locator(".appeal progress")));
});

test("the button under the appeal takes a phone user straight to the form", async () => {
  const widget = await openHostPage();
  const firstName = widget.locator('[name="first_name"]');
  assert.equal(await firstName.isVisible() && await firstName.evaluate((el) => el.getBoundingClientRect().top < innerHeight), false);
  await widget.getByRole("button", { name: "Skriv under ↓" }).click();
  assert.equal(await firstName.evaluate((el) => el.getRootNode().activeElement === el), true);
  assert.equal(await firstName.evaluate((el) => el.getBoundingClientRect().top < innerHeight), true, "scrolled into view");
});

test("the form has labelled, autofillable fields and unticked consents", async () => {
  const widget = await openHostPage();
  const expected = {
    first_name: ["Förnamn", "given-name"],
    last_name: ["Efternamn", "family-name"],
    email: ["E-post", "email"],
    postal_code: ["Postnummer (frivilligt)", "postal-code"],
  };
  for (const [name, [label, autocomplete]] of Object.entries(expected)) {
    const field = widget.getByLabel(label, { exact: true });
    assert.equal(await field.getAttribute("name"), name);
    assert.equal(await field.getAttribute("autocomplete"), autocomplete);
  }
  assert.equal(await widget.getByLabel("Kommentar (frivilligt)").getAttribute("name"), "comment");
  for (const name of ["public", "consent_organizer", "consent_updates"]) {
    assert.equal(await widget.locator(`[name="${name}"]`).isChecked(), false, name);
  }
  assert.equal(await widget.locator('[name="consent_organizer"]').getAttribute("aria-required"), "true");
  assert.equal(await widget.locator('[name="consent_updates"]').getAttribute("aria-required"), null, "optional");
  const consentLabel = await widget.locator('label[for="consent_organizer"]').textContent();
  assert.ok(consentLabel.startsWith(petition.sv.consents[0].text), consentLabel);
  await widget.getByText("Så behandlar vi dina personuppgifter").click();
  assert.match(await widget.locator(".privacy").textContent(), /artikel 9\.2 a/);
});

test("a full signing posts the documented JSON, thanks the signer and tells the host page", async () => {
  const widget = await openHostPage({ widgets: [{ petition: "upprop-socialtjansten" }] });
  await page.evaluate(() => {
    window.signedEvents = [];
    document.addEventListener("upprop:signed", (event) => {
      window.signedEvents.push({ tag: event.target.tagName, detail: event.detail, composed: event.composed });
    });
  });
  await fillSignature(widget, { email: "Anna.Svensson@Example.se" });
  await widget.getByLabel(/Mitt namn får visas offentligt/).check();
  await tickRequiredConsent(widget);
  await widget.getByRole("button", { name: "Skriv under", exact: true }).click();

  await widget.getByRole("heading", { name: "Tack! Bekräfta din underskrift" }).waitFor();
  assert.equal(endpoint.received.length, 1);
  const [{ method, path, headers, body }] = endpoint.received;
  assert.equal(method, "POST");
  assert.equal(path, "/api/v1/petitions/upprop-socialtjansten/signatures");
  assert.match(headers["content-type"], /^application\/json/);
  assert.match(body.id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  // How long after the page opened it was sent: the endpoint drops what a program sends faster.
  const sinceOpened = await page.evaluate(() => performance.now());
  assert.ok(body.elapsed_ms > 0 && body.elapsed_ms <= sinceOpened, `${body.elapsed_ms} of ${sinceOpened}`);
  assert.deepEqual({ ...body, id: undefined, elapsed_ms: undefined }, {
    id: undefined,
    elapsed_ms: undefined,
    first_name: "Anna",
    last_name: "Svensson",
    email: "Anna.Svensson@Example.se",
    postal_code: "123 45",
    comment: "För barnen.",
    public: true,
    consents: [
      { id: "consent_organizer", text: petition.sv.consents[0].text, given: true },
      { id: "consent_updates", text: petition.sv.consents[1].text, given: false },
    ],
    locale: "sv",
    source: { url: page.url() },
  });
  assert.deepEqual(await page.evaluate(() => window.signedEvents), [
    { tag: "UPPROP-PETITION", detail: { petition: "upprop-socialtjansten", status: "pending_confirmation" }, composed: true },
  ]);
  assert.equal(await widget.locator("form").isHidden(), true);
  // The thanks takes the focus from the vanished button, so a screen reader reads it out.
  await page.waitForFunction(() => document.querySelector("upprop-petition").shadowRoot.activeElement?.classList.contains("thank-you"));
});

test("after signing the signer can share: plain links tagged with their channel, nothing third-party loaded", async () => {
  const requested = new Set();
  page.on("request", (request) => requested.add(new URL(request.url()).origin));
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: host.origin });
  const widget = await openHostPage({ widgets: [{ "share-url": "https://kampanj.example/upprop?ref=x" }] });
  await fillSignature(widget);
  await tickRequiredConsent(widget);
  await widget.getByRole("button", { name: "Skriv under", exact: true }).click();
  await widget.getByText("Sprid uppropet:").waitFor();

  const shareUrl = (tag) => `https://kampanj.example/upprop?ref=x&src=${tag}`;
  const links = {
    "Dela på Facebook": ["https://www.facebook.com/sharer/sharer.php?u=", "facebook"],
    "Skicka med WhatsApp": ["https://wa.me/?text=", "whatsapp"],
    "Dela på X": ["https://x.com/intent/post?text=", "x"],
    "Dela på Bluesky": ["https://bsky.app/intent/compose?text=", "bluesky"],
    "Skicka med e-post": ["mailto:?subject=", "email"],
  };
  for (const [name, [start, tag]] of Object.entries(links)) {
    const link = widget.getByRole("link", { name });
    const href = await link.getAttribute("href");
    assert.ok(href.startsWith(start), href);
    assert.ok(decodeURIComponent(href).includes(shareUrl(tag)), `${name}: ${decodeURIComponent(href)}`);
    assert.equal(await link.getAttribute("target"), "_blank");
    assert.match(await link.getAttribute("rel"), /noopener/);
  }
  const mail = decodeURIComponent(await widget.getByRole("link", { name: "Skicka med e-post" }).getAttribute("href"));
  assert.match(mail, /subject=Skriv under Upprop Socialtjänsten&body=Jag har skrivit under/);
  assert.match(mail, /#brinnforbarnen/);

  await widget.getByRole("button", { name: "Kopiera länken" }).click();
  await widget.getByText("Länken är kopierad").waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), shareUrl("link"));

  const allowed = new Set([host.origin, assets.origin, endpoint.origin]);
  assert.deepEqual([...requested].filter((origin) => !allowed.has(origin)), [], "no request to any other host");

  await page.addScriptTag({ content: axeSource });
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document.querySelector("upprop-petition"), {
      runOnly: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"],
    });
    return result.violations.map((v) => v.id);
  });
  assert.deepEqual(violations, [], "the thanks and the share step");
});

test("the form's hidden trap field is out of sight and reach, and sent when a program fills it", async () => {
  const widget = await openHostPage();
  const trap = widget.locator('[name="website"]');
  assert.equal(await trap.getAttribute("tabindex"), "-1");
  const box = await trap.boundingBox();
  assert.ok(!box || box.x + box.width <= 0, `off screen: ${JSON.stringify(box)}`);
  await trap.fill("http://spam.example", { force: true });
  await sign(widget);
  await widget.locator(".thank-you").waitFor();
  assert.equal(endpoint.received[0].body.website, "http://spam.example");
});

test("where the clipboard is refused, the link is shown to copy by hand", async () => {
  const widget = await openHostPage();
  await page.evaluate(() => {
    Object.defineProperty(navigator.clipboard, "writeText", { value: () => Promise.reject(new DOMException("denied", "NotAllowedError")) });
  });
  await fillSignature(widget);
  await tickRequiredConsent(widget);
  await widget.getByRole("button", { name: "Skriv under", exact: true }).click();
  await widget.getByRole("button", { name: "Kopiera länken" }).click();
  const input = widget.getByLabel("Markera länken och kopiera den:");
  assert.equal(await input.inputValue(), `${endpoint.origin}/p/upprop-socialtjansten?src=link`);
});

test("data-source overrides the recorded page address", async () => {
  const widget = await openHostPage({ widgets: [{ source: "facebook-kampanj-mars" }] });
  await fillSignature(widget);
  await tickRequiredConsent(widget);
  await widget.getByRole("button", { name: "Skriv under", exact: true }).click();
  await widget.locator(".thank-you").waitFor();
  assert.equal(endpoint.received[0].body.source.url, "facebook-kampanj-mars");
});

test("a signature without the required consent is refused in the form and nothing is sent", async () => {
  const widget = await openHostPage();
  await fillSignature(widget);
  await widget.getByRole("button", { name: "Skriv under", exact: true }).click();

  const consent = widget.locator('[name="consent_organizer"]');
  await widget.getByText("Du behöver kryssa i rutan för att kunna skriva på.").waitFor();
  assert.equal(await consent.getAttribute("aria-invalid"), "true");
  assert.equal(await consent.evaluate((el) => el.getRootNode().activeElement === el), true, "focus moves to the box");
  assert.equal(endpoint.received.length, 0);

  await consent.check();
  await widget.getByText("Du behöver kryssa i rutan").waitFor({ state: "detached" });
});

test("a bad e-mail address is refused next to its field and nothing is sent", async () => {
  const widget = await openHostPage();
  await fillSignature(widget, { email: "anna.svensson@" });
  await tickRequiredConsent(widget);
  await widget.getByRole("button", { name: "Skriv under", exact: true }).click();

  const message = widget.locator("#email-error");
  await message.waitFor();
  assert.equal(await message.textContent(), "Skriv en giltig e-postadress, till exempel namn@exempel.se.");
  const email = widget.locator('[name="email"]');
  assert.match(await email.getAttribute("aria-describedby"), /\bemail-error\b/);
  assert.equal(endpoint.received.length, 0);
});

test("every empty required field gets its own message in English when data-lang=en", async () => {
  const widget = await openHostPage({ widgets: [{ lang: "en" }] });
  await widget.getByRole("button", { name: "Sign", exact: true }).click();
  for (const name of ["first_name", "last_name", "email"]) {
    assert.equal(await widget.locator(`#${name}-error`).textContent(), "Please fill in this field.");
  }
  assert.equal(await widget.locator("#consent_organizer-error").textContent(), "Please tick this box to sign.");
  assert.equal(await widget.locator("#postal_code-error").count(), 0, "the postal code is optional");
  assert.equal(endpoint.received.length, 0);
});

for (const [status, body, message] of [
  [500, { error: { code: "internal", message: "boom" } }, "Den är sparad här i webbläsaren och skickas av sig själv"],
  [429, { error: { code: "rate_limited", message: "slow down" } }, "Den är sparad här i webbläsaren och skickas av sig själv"],
  [404, { error: { code: "petition_not_found", message: "no such petition" } }, "Namninsamlingen finns inte längre"],
]) {
  test(`an endpoint answering ${status} is explained, the typed data stays, and a retry reuses the id`, async () => {
    await page.clock.install(); // no automatic retry until the signer's own
    const widget = await openHostPage();
    endpoint.answerWith(status, body);
    await fillSignature(widget);
    await tickRequiredConsent(widget);
    await widget.getByRole("button", { name: "Skriv under", exact: true }).click();

    const alert = widget.getByRole("alert");
    await alert.waitFor();
    assert.match(await alert.textContent(), new RegExp(message));
    assert.equal(await widget.locator('[name="email"]').inputValue(), "anna.svensson@example.se");
    assert.equal(await widget.locator('[name="comment"]').inputValue(), "För barnen.");
    assert.equal(await widget.locator('[name="consent_organizer"]').isChecked(), true);

    endpoint.answerWith(202, { status: "pending_confirmation" });
    await widget.getByRole("button", { name: "Försök igen" }).click();
    await widget.locator(".thank-you").waitFor();
    assert.equal(endpoint.received.length, 2);
    assert.equal(endpoint.received[1].body.id, endpoint.received[0].body.id);
  });
}

test("a reload keeps what was typed but not sent, and asks for consent again", async () => {
  let widget = await openHostPage();
  await fillSignature(widget);
  await tickRequiredConsent(widget);
  await page.reload();
  await widgetsReady(page);
  widget = page.locator("upprop-petition");
  assert.equal(await widget.locator('[name="first_name"]').inputValue(), "Anna");
  assert.equal(await widget.locator('[name="email"]').inputValue(), "anna.svensson@example.se");
  assert.equal(await widget.locator('[name="comment"]').inputValue(), "För barnen.");
  assert.equal(await widget.locator('[name="consent_organizer"]').isChecked(), false);

  await tickRequiredConsent(widget);
  await widget.getByRole("button", { name: "Skriv under", exact: true }).click();
  await widget.locator(".thank-you").waitFor();
  await page.reload();
  await widgetsReady(page);
  assert.equal(await page.locator("upprop-petition [name=first_name]").inputValue(), "", "sent drafts are erased");
  assert.equal(await page.evaluate(() => sessionStorage.length), 0, "nothing personal stays in the browser");
  assert.equal(endpoint.received.length, 1);
});

/** Signs in `widget` as a signer would. */
async function sign(widget, fields) {
  await fillSignature(widget, fields);
  await tickRequiredConsent(widget);
  await widget.getByRole("button", { name: "Skriv under", exact: true }).click();
}

const kept = /sparad här i webbläsaren och skickas av sig själv/;

test("a signature sent while offline is kept, and delivered once by itself when the browser is back online", async () => {
  const widget = await openHostPage();
  await page.context().setOffline(true);
  await sign(widget);
  const notice = widget.getByRole("alert");
  await notice.waitFor();
  assert.match(await notice.textContent(), /Vi når inte namninsamlingen just nu/);
  assert.match(await notice.textContent(), kept);
  assert.equal(endpoint.received.length, 0);
  await page.context().setOffline(false);
  await widget.getByText("Din sparade underskrift är nu skickad.").waitFor();
  assert.equal(endpoint.received.length, 1);
  assert.equal(endpoint.received[0].body.consents[0].given, true, "with the consents as given");
  assert.equal(await page.evaluate(() => sessionStorage.length), 0, "erased once acknowledged");
});

/** How many zero bits SHA-256 of the proof's work for signing `id` begins with. */
function zeroBits(id, proof) {
  const digest = createHash("sha256").update(`${proof.salt}:${id}:${proof.nonce}`).digest();
  const first = digest.findIndex((byte) => byte !== 0);
  return first * 8 + Math.clz32(digest[first]) - 24;
}

test("the widget does the endpoint's proof of work, and harder work when asked, without the signer noticing", async () => {
  endpoint.challengeIs({ salt: "1795699800000.e2e", difficulty: 6, signature: "signed-by-the-endpoint" });
  const harder = { salt: "1795699800001.e2e", difficulty: 10, signature: "harder" };
  endpoint.answerNextWith(428, { error: { code: "proof_required", message: "work", challenge: harder } });
  const widget = await openHostPage();
  await sign(widget);
  await widget.getByRole("heading", { name: "Tack! Bekräfta din underskrift" }).waitFor();
  assert.equal(endpoint.received.length, 2, "sent again at once with the harder work");
  const [first, second] = endpoint.received.map((post) => post.body);
  assert.equal(second.id, first.id, "the same signing");
  assert.deepEqual({ ...first.proof, nonce: 0 }, { salt: "1795699800000.e2e", difficulty: 6, signature: "signed-by-the-endpoint", nonce: 0 });
  assert.ok(zeroBits(first.id, first.proof) >= 6);
  assert.deepEqual({ ...second.proof, nonce: 0 }, { ...harder, nonce: 0 });
  assert.ok(zeroBits(second.id, second.proof) >= 10);
  assert.equal(await widget.getByText(kept).count(), 0, "no waiting was shown");
});

test("an endpoint that asks for no work gets none", async () => {
  const widget = await openHostPage();
  await sign(widget);
  await endpoint.posts(1);
  assert.equal(endpoint.received[0].body.proof, undefined);
});

test("a 500 is followed by a retry by itself, with the same id", async () => {
  await page.clock.install();
  const widget = await openHostPage();
  endpoint.answerWith(500, { error: { code: "internal", message: "boom" } });
  await sign(widget);
  await widget.getByText(kept).waitFor();
  endpoint.answerWith(202, { status: "pending_confirmation" });
  await page.clock.fastForward(2_100);
  await widget.getByText("Din sparade underskrift är nu skickad.").waitFor();
  assert.equal(endpoint.received.length, 2);
  assert.equal(endpoint.received[1].body.id, endpoint.received[0].body.id);
});

test("a 429 is retried only after the Retry-After it names", async () => {
  await page.clock.install();
  const widget = await openHostPage();
  endpoint.answerWith(429, { error: { code: "rate_limited", message: "wait" } }, { headers: { "retry-after": "30" } });
  await sign(widget);
  await widget.getByText(kept).waitFor();
  endpoint.answerWith(202, { status: "pending_confirmation" });
  await page.clock.fastForward(25_000);
  assert.equal(endpoint.received.length, 1, "not before it was asked to");
  await page.clock.fastForward(6_000);
  await widget.locator(".thank-you").waitFor();
  assert.equal(endpoint.received.length, 2);
});

test("a 10 s slow answer is waited for and sent once", async () => {
  const widget = await openHostPage();
  endpoint.answerWith(202, { status: "pending_confirmation" }, { delay: 10_000 });
  await sign(widget);
  assert.equal(await widget.locator('button[type="submit"]').getAttribute("aria-busy"), "true");
  await widget.locator(".thank-you").waitFor({ timeout: 20_000 });
  assert.equal(endpoint.received.length, 1);
});

test("a signature whose page is reloaded mid-request is sent by the next page load, without a click", async () => {
  const widget = await openHostPage();
  endpoint.answerWith(202, { status: "pending_confirmation" }, { delay: 2_000 });
  await sign(widget);
  await endpoint.posts(1);
  endpoint.answerWith(202, { status: "pending_confirmation" });
  await page.reload();
  const again = page.locator("upprop-petition");
  await again.locator(".thank-you").waitFor();
  const ids = new Set(endpoint.received.map((post) => post.body.id));
  assert.equal(ids.size, 1, "every attempt is the same signature");
  assert.equal(await page.evaluate(() => sessionStorage.length), 0);
});

test("two tabs keep and deliver their own signatures, each once", async () => {
  const widget = await openHostPage();
  await page.context().setOffline(true);
  await sign(widget, { email: "flik.ett@example.se" });
  await widget.getByText(kept).waitFor();
  await page.context().setOffline(false);
  // The first tab's retry waits 2 s or the online event, whichever first; the second signs now.
  const other = await page.context().newPage();
  await other.goto(page.url());
  await widgetsReady(other);
  const second = other.locator("upprop-petition");
  assert.equal(await second.locator('[name="email"]').inputValue(), "", "one tab's signature stays in that tab");
  await sign(second, { email: "flik.tva@example.se" });
  await second.locator(".thank-you").waitFor();
  await widget.locator(".thank-you").waitFor();
  const emails = endpoint.received.map((post) => post.body.email).sort();
  assert.deepEqual(emails, ["flik.ett@example.se", "flik.tva@example.se"]);
});

test("a field the endpoint refuses for good is shown by its field and not sent again", async () => {
  await page.clock.install();
  const widget = await openHostPage();
  endpoint.answerWith(422, { error: { code: "invalid_email", field: "email", message: "bad address" } });
  await sign(widget);
  await widget.locator("#email-error").waitFor();
  await page.clock.fastForward(120_000);
  assert.equal(endpoint.received.length, 1);
  assert.equal(await page.evaluate(() => sessionStorage.getItem(Object.keys(sessionStorage).find((key) => key.startsWith("upprop:unsent:")) ?? "")), null);
});

test("an unreachable endpoint is explained and the typed data stays", async () => {
  const widget = await openHostPage();
  await page.route(`${endpoint.api}/**/signatures`, (route) => route.abort("connectionrefused"));
  await fillSignature(widget);
  await tickRequiredConsent(widget);
  await widget.getByRole("button", { name: "Skriv under", exact: true }).click();

  await widget.getByText("Vi når inte namninsamlingen just nu.", { exact: false }).waitFor();
  assert.equal(await widget.locator('[name="first_name"]').inputValue(), "Anna");
  assert.equal(await widget.locator('[name="postal_code"]').inputValue(), "123 45");
  assert.equal(await widget.getByRole("button", { name: "Försök igen" }).isEnabled(), true);
});

test("a field the endpoint refuses is marked next to that field", async () => {
  const widget = await openHostPage();
  endpoint.answerWith(422, { error: { code: "invalid_email", field: "email", message: "bad address" } });
  await fillSignature(widget);
  await tickRequiredConsent(widget);
  await widget.getByRole("button", { name: "Skriv under", exact: true }).click();

  const message = widget.locator("#email-error");
  await message.waitFor();
  assert.equal(await message.textContent(), "Skriv en giltig e-postadress, till exempel namn@exempel.se.");
  await widget.locator('[name="email"]').fill("anna@example.org");
  await message.waitFor({ state: "detached" });
});

test("the button is busy while sending and a double click sends once", async () => {
  const widget = await openHostPage();
  await page.route(`${endpoint.api}/**`, async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await route.continue();
  });
  await fillSignature(widget);
  await tickRequiredConsent(widget);
  const button = widget.locator('button[type="submit"]');
  await button.dblclick();
  assert.equal(await button.textContent(), "Skickar …");
  assert.equal(await button.getAttribute("aria-busy"), "true");
  await widget.locator(".thank-you").waitFor();
  assert.equal(endpoint.received.length, 1);
});

test("two widgets on one page work independently", async () => {
  const widgets = await openHostPage({ widgets: [{ lang: "sv" }, { lang: "en" }] });
  const [swedish, english] = [widgets.nth(0), widgets.nth(1)];
  assert.equal(await english.locator(".title").textContent(), petition.en.title);
  assert.equal(await swedish.locator(".title").textContent(), petition.sv.title);

  await fillSignature(english, { first_name: "Emma" });
  await english.locator('[name="consent_organizer"]').check();
  assert.equal(await swedish.locator('[name="first_name"]').inputValue(), "");
  assert.equal(await swedish.locator('[name="consent_organizer"]').isChecked(), false);

  await english.getByRole("button", { name: "Sign", exact: true }).click();
  await english.getByRole("heading", { name: "Thank you! Please confirm your signature" }).waitFor();
  assert.equal(await swedish.locator("form").isVisible(), true);
  assert.equal(endpoint.received.length, 1);
  assert.equal(endpoint.received[0].body.locale, "en");
  assert.equal(endpoint.received[0].body.consents[0].text, petition.en.consents[0].text);

  await swedish.getByRole("button", { name: "Skriv under", exact: true }).click();
  await swedish.locator("#first_name-error").waitFor();
  assert.equal(await english.locator("#first_name-error").count(), 0);
});

test("the widget goes into data-target, or right after its script tag without one", async () => {
  await openHostPage({
    widgets: [{ target: "#petition-slot" }, {}],
    before: '<p id="before">före</p>',
    after: '<div id="petition-slot"></div><p id="after">efter</p>',
  });
  assert.equal(await page.locator("#petition-slot > upprop-petition").count(), 1);
  const placement = await page.evaluate(() => {
    const scripts = [...document.querySelectorAll("script[data-endpoint]")];
    return scripts.map((script) => script.nextElementSibling?.tagName);
  });
  assert.deepEqual(placement, ["SCRIPT", "UPPROP-PETITION"]);
});

test("the appeal is the endpoint's: a changed content file shows without a new widget build", async () => {
  const [original] = await contentFiles();
  const changed = structuredClone(original);
  changed.slug = "ett-annat-upprop";
  changed.sv.title = "Ett annat upprop <b>fet</b>";
  changed.sv.demands = ["Första kravet", "Andra kravet"];
  endpoint.contentIs([changed]);
  const widget = await openHostPage({ widgets: [{ petition: "ett-annat-upprop" }] });
  assert.equal(await widget.locator(".title").textContent(), "Ett annat upprop <b>fet</b>", "text, never markup");
  assert.deepEqual(await widget.locator(".demands li").allTextContents(), ["Första kravet", "Andra kravet"]);
  await fillSignature(widget);
  await tickRequiredConsent(widget);
  await widget.getByRole("button", { name: "Skriv under", exact: true }).click();
  await widget.locator(".thank-you").waitFor();
  assert.equal(endpoint.received[0].path, "/api/v1/petitions/ett-annat-upprop/signatures");
});

test("a closed petition shows its final count and no form; one that closes meanwhile says so", async () => {
  endpoint.countsAre(12345);
  endpoint.closedIs(true);
  await page.goto(host.page(hostPage({ body: scriptTag(assets.embedUrl, { endpoint: endpoint.api, petition: "upprop-socialtjansten" }) })));
  const widget = page.locator("upprop-petition");
  const notice = widget.getByRole("status").filter({ hasText: "Namninsamlingen är avslutad" });
  await notice.waitFor();
  assert.match(await notice.textContent(), /12\u00a0345 skrev under/);
  assert.equal(await widget.locator("form").count(), 0);
  assert.equal(await widget.locator(".demands li").count(), 13, "the appeal is still there to read");
  assert.ok(
    await notice.evaluate((element) => element.getBoundingClientRect().bottom <= element.closest("article").getBoundingClientRect().top + 640),
    "said in the first view, not screens down",
  );

  // The form alone, on a page that shows the appeal itself: the notice in the form's place.
  await page.goto(host.page(hostPage({ body: scriptTag(assets.embedUrl, { endpoint: endpoint.api, petition: "upprop-socialtjansten", view: "form" }) })));
  const alone = page.locator("upprop-petition");
  await alone.getByRole("status").filter({ hasText: "Namninsamlingen är avslutad" }).waitFor();
  assert.equal(await alone.locator("form").count(), 0);
  assert.equal(await alone.locator(".demands").count(), 0);

  endpoint.closedIs(false);
  const open = await openHostPage();
  endpoint.answerWith(410, { error: { code: "petition_closed", message: "closed" } });
  await sign(open);
  await open.getByText("Namninsamlingen är avslutad och tar inte emot fler underskrifter.").waitFor();
  assert.equal(await page.evaluate(() => Object.keys(sessionStorage).filter((key) => key.startsWith("upprop:unsent:")).length), 0, "not kept");
});

test("data-show-signers lists the newest public signers under the form, as text", async () => {
  const minute = 60_000;
  endpoint.signersAre([
    { name: "Anna S.", comment: "För barnen <b>nu</b>.", signed_at: Date.now() - 5 * minute },
    { name: "Bo E.", signed_at: Date.now() - 3 * 60 * minute },
    { name: "Cia D.", signed_at: Date.now() - 4 * 60 * minute },
  ]);
  const [plain, listing] = await (async () => {
    const widgets = await openHostPage({ widgets: [{}, { "show-signers": "2" }] });
    return [widgets.nth(0), widgets.nth(1)];
  })();
  const list = listing.locator(".signers li");
  await list.first().waitFor();
  assert.equal(await list.count(), 2);
  assert.match(await list.nth(0).textContent(), /^Anna S\. för 5 minuter sedanFör barnen <b>nu<\/b>\.$/);
  assert.match(await list.nth(1).textContent(), /Bo E\. för 3 timmar sedan/);
  assert.equal(await listing.locator(".signers b").count(), 0, "a comment is text, never markup");
  assert.equal(await plain.locator(".signers").count(), 0, "only where the snippet asks");
});

test("data-show-signers shows nothing while no one has signed publicly", async () => {
  endpoint.signersAre([]);
  const listed = page.waitForResponse((response) => response.url().includes("/signers"));
  const widget = await openHostPage({ widgets: [{ "show-signers": "3" }] });
  await listed;
  await widget.locator(".signers").waitFor({ state: "detached" });
  assert.equal(await widget.locator("form").isVisible(), true);
});

test("a petition the endpoint does not know, or no data-petition, says so", async () => {
  const tags = ["finns-inte", ""].map((petition) => scriptTag(assets.embedUrl, { endpoint: endpoint.api, petition }));
  await page.goto(host.page(hostPage({ body: tags.join("") })));
  const messages = page.locator("upprop-petition").getByRole("alert");
  await messages.nth(1).waitFor();
  for (const message of await messages.allTextContents()) assert.match(message, /okänd namninsamling/);
});

test("a petition its organiser took down says so in place of the widget, with no form", async () => {
  await page.goto(host.page(hostPage({ body: scriptTag(assets.embedUrl, { endpoint: endpoint.api, petition: "nedtagen" }) })));
  const widget = page.locator("upprop-petition");
  const message = widget.getByRole("alert");
  await message.waitFor();
  assert.equal(await message.textContent(), "Arrangören har tagit ned namninsamlingen.");
  assert.equal(await widget.locator("form").count(), 0);
});

test("a widget whose petition cannot be loaded becomes a link to the petition's page", async () => {
  const dead = await unreachableOrigin();
  await page.goto(host.page(hostPage({
    body: scriptTag(assets.embedUrl, { endpoint: `${dead}/api/v1`, petition: "upprop-socialtjansten" }),
  })));
  const link = page.getByRole("link", { name: "Skriv under namninsamlingen" });
  await link.waitFor();
  assert.equal(await link.getAttribute("href"), `${dead}/p/upprop-socialtjansten`);
  assert.equal(await page.locator("upprop-petition").count(), 0);
});

test("a snippet without data-endpoint says what is missing", async () => {
  await page.goto(host.page(hostPage({ body: scriptTag(assets.embedUrl, { lang: "sv" }) })));
  const message = page.locator("upprop-petition").getByRole("alert");
  await message.waitFor();
  assert.match(await message.textContent(), /saknar data-endpoint/);
});

test("the widget leaves the host page's globals and styles alone", async () => {
  await page.goto(host.page(hostPage({ body: "<p>Partner</p>" })));
  const before = await page.evaluate(() => ({ globals: Object.keys(window), sheets: document.styleSheets.length }));
  await page.evaluate(([src, api]) => {
    const script = document.createElement("script");
    script.src = src;
    script.dataset.endpoint = api;
    script.dataset.petition = "upprop-socialtjansten";
    document.body.append(script);
  }, [assets.embedUrl, endpoint.api]);
  await widgetsReady(page);
  const afterLoad = await page.evaluate(() => ({ globals: Object.keys(window), sheets: document.styleSheets.length }));
  assert.deepEqual(afterLoad.globals.filter((name) => !before.globals.includes(name)), []);
  assert.equal(afterLoad.sheets, before.sheets);
  assert.equal(await page.locator("p").first().evaluate((p) => getComputedStyle(p).fontSize), "16px");
});

const HOSTILE_PAGES = {
  bootstrap: '<link rel="stylesheet" href="/vendor/bootstrap.css">',
  "tailwind preflight": '<link rel="stylesheet" href="/vendor/tailwind-preflight.css">',
  hostile: `<style>
    * { font-size: 40px !important; line-height: 3 !important; color: red !important; }
    html { font-size: 10px; } body { letter-spacing: 3px; text-transform: uppercase; font-family: "Comic Sans MS", cursive; }
    input, textarea, button { display: none !important; } upprop-petition { padding: 50px; border: 9px solid lime; }
    form, label, li, p, h2 { margin: 80px; }
  </style>`,
};

// The column fixes the width the page gives the widget; everything inside is the widget's own.
async function layoutOfWidget(head) {
  const widget = await openHostPage({
    head,
    before: '<div style="width: 360px">',
    after: "</div>",
  });
  await widget.getByText("Barnen vi minns").click();
  return widget.evaluate((hostElement) => {
    const root = hostElement.shadowRoot;
    const box = (el) => {
      const r = el.getBoundingClientRect();
      const h = hostElement.getBoundingClientRect();
      const style = getComputedStyle(el);
      return [Math.round(r.x - h.x), Math.round(r.y - h.y), Math.round(r.width), Math.round(r.height), style.fontSize, style.color, style.display];
    };
    const selectors = ["h2", ".demands li", "input[name=email]", "textarea", "input[name=consent_organizer]", "button", ".memorial li", "label[for=first_name]"];
    return Object.fromEntries(selectors.map((s) => [s, box(root.querySelector(s))]).concat([["host", [Math.round(hostElement.getBoundingClientRect().width), Math.round(hostElement.getBoundingClientRect().height)]]]));
  });
}

test("host page CSS (Bootstrap, Tailwind preflight, hostile rules) does not change the widget's layout", async () => {
  const plain = await layoutOfWidget("");
  assert.equal(plain["input[name=email]"][6], "block");
  for (const [name, head] of Object.entries(HOSTILE_PAGES)) {
    assert.deepEqual(await layoutOfWidget(head), plain, name);
  }
});

/** axe's WCAG 2.1 AA and best-practice findings in the (first) widget on the page. */
async function audit() {
  if (!(await page.evaluate(() => "axe" in window))) await page.addScriptTag({ content: axeSource });
  return page.evaluate(async () => {
    const result = await window.axe.run(document.querySelector("upprop-petition"), {
      runOnly: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"],
      rules: { region: { enabled: false } },
    });
    return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  });
}

test("axe finds no accessibility violations, before or after a refused submit", async () => {
  const widget = await openHostPage();
  assert.deepEqual(await audit(), []);
  await widget.getByRole("button", { name: "Skriv under", exact: true }).click();
  await widget.locator("#email-error").waitFor();
  assert.deepEqual(await audit(), []);
});

test("the newer states pass axe on a phone, and the first view is worked by keyboard", async () => {
  endpoint.signersAre([{ name: "Anna S.", comment: "För barnen.", signed_at: Date.now() - 60_000 }]);
  const widget = await openHostPage({ widgets: [{ "show-signers": "3" }] });
  await widget.locator(".signers li").waitFor();
  assert.deepEqual(await audit(), [], "the first view with its signers");

  // By keyboard: the jump button to the form, and the button that lifts the fixed height.
  await widget.getByRole("button", { name: "Skriv under ↓" }).focus();
  await page.keyboard.press("Enter");
  assert.equal(await page.evaluate(() => document.querySelector("upprop-petition").shadowRoot.activeElement?.name), "first_name");
  await widget.getByRole("button", { name: "Visa hela uppropet och skriv under" }).focus();
  await page.keyboard.press("Enter");
  await widget.locator("article.expanded").waitFor();
  assert.deepEqual(await audit(), [], "expanded");

  await page.context().setOffline(true);
  await sign(widget);
  await widget.getByText(kept).waitFor();
  assert.deepEqual(await audit(), [], "a signature kept for later");
  await page.context().setOffline(false);
  await widget.locator(".thank-you").waitFor();

  endpoint.closedIs(true);
  await page.goto(host.page(hostPage({ body: scriptTag(assets.embedUrl, { endpoint: endpoint.api, petition: "upprop-socialtjansten" }) })));
  await page.locator("upprop-petition .closed").waitFor();
  assert.deepEqual(await audit(), [], "a closed petition");
});
