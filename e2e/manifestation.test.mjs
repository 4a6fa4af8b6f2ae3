// The candle manifestation as a new person meets it, in a real Chromium against the real
// upprop-server: the printed flyer's QR code (printed by Chromium, read back by poppler and an
// independent decoder, zbar) brings them to the landing page with the poster's tag; from its
// block to the event's page; a candle lit by keyboard; the event into a calendar (read by an
// independent parser, ical.js, time zone and all); signed and confirmed; and the organiser
// sees the candle and the poster's signature. Also: a reminder asked and confirmed, the
// candle without JavaScript, the count kept current, and the widget's block on a partner page.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile, mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import ICAL from "ical.js";
import {
  startUppropServer, startHostServer, launchBrowser, scriptTag, hostPage, widgetsReady,
  fillSignature, mailTo, confirmLink, pressConfirm, audit,
} from "./helpers.mjs";

const run = promisify(execFile);
const here = dirname(fileURLToPath(import.meta.url));
const PETITION = "upprop-socialtjansten";
const EVENT = "ljusmanifestation-2021";
let server, host, browser, work, starts;

/** `date` as the campaign's wall clock says it, to the minute: "2026-12-05T18:00". */
function stockholm(date) {
  const part = Object.fromEntries(new Intl.DateTimeFormat("sv-SE", {
    timeZone: "Europe/Stockholm", year: "numeric", month: "2-digit", day: "2-digit",
    hour: "2-digit", minute: "2-digit", hourCycle: "h23",
  }).formatToParts(date).map(({ type, value }) => [type, value]));
  return `${part.year}-${part.month}-${part.day}T${part.hour}:${part.minute}`;
}

before(async () => {
  // The bundled manifestation moved three days ahead, to the minute, reminding a day before.
  work = await mkdtemp(join(tmpdir(), "upprop-manifestation-"));
  const content = JSON.parse(await readFile(join(here, "..", "content", `${PETITION}.json`), "utf8"));
  starts = new Date(Math.floor((Date.now() + 3 * 86_400_000) / 60_000) * 60_000);
  Object.assign(content.events[0], {
    starts: stockholm(starts),
    ends: stockholm(new Date(starts.getTime() + 2 * 3_600_000)),
    remind_hours_before: 24,
  });
  await mkdir(join(work, "content"));
  await writeFile(join(work, "content", `${PETITION}.json`), JSON.stringify(content));
  [server, host, browser] = await Promise.all([
    startUppropServer({ contentDir: join(work, "content") }),
    startHostServer(),
    launchBrowser(),
  ]);
});

after(async () => {
  await browser?.close();
  await Promise.all([server?.close(), host?.close()]);
  await rm(work, { recursive: true, force: true });
});

const eventPage = (query = "") => `${server.origin}/p/${PETITION}/events/${EVENT}${query}`;

/** Prints `url` in Chromium as the organiser would; the URL its QR code reads, and its pages. */
async function printAndScan(url, name) {
  const page = await browser.newPage();
  await page.goto(url);
  const pdf = join(work, `${name}.pdf`);
  await page.pdf({ path: pdf, preferCSSPageSize: true, printBackground: true });
  await page.close();
  const { stdout: info } = await run("pdfinfo", [pdf]);
  await run("pdftoppm", ["-png", "-r", "150", "-singlefile", pdf, join(work, name)]);
  const { stdout: decoded } = await run("zbarimg", ["--raw", "-q", join(work, `${name}.png`)]);
  return { decoded: decoded.trim(), pages: Number(info.match(/^Pages:\s+(\d+)/m)[1]), size: info.match(/^Page size:.*\((\w+)\)/m)?.[1] };
}

test("a printed flyer's code brings a new signer, by a candle and the calendar, to the petition, counted under its poster", async () => {
  // The organiser prints a poster with a code of its own, on A4 and on A5.
  const a4 = await printAndScan(eventPage("/flyer?size=a4&poster=lyktstolpe-3"), "a4");
  assert.deepEqual(a4, { decoded: `${server.origin}/p/${PETITION}?src=flyer-lyktstolpe-3`, pages: 1, size: "A4" });
  const a5 = await printAndScan(eventPage("/flyer?size=a5"), "a5");
  assert.deepEqual(a5, { decoded: `${server.origin}/p/${PETITION}?src=flyer`, pages: 1, size: "A5" });

  // A passer-by scans it with a phone.
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, acceptDownloads: true });
  const page = await context.newPage();
  await page.goto(a4.decoded);
  const block = page.locator("aside.event");
  assert.match(await block.textContent(), /När: .* \(CET\)Tända ljus: 0/);
  await block.getByRole("link").click();
  await page.getByRole("heading", { level: 1 }).waitFor();
  assert.equal(page.url(), eventPage("?src=flyer-lyktstolpe-3"));

  // One tap, by keyboard: the candle is lit, and the petition offered.
  const light = page.getByRole("button", { name: "Tänd ett ljus" });
  await light.focus();
  await page.keyboard.press("Enter");
  await page.getByRole("status").filter({ hasText: "Ditt ljus brinner. Tack!" }).waitFor();
  assert.match(await page.locator(".candle-count").textContent(), /Tända ljus: 1/);
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth), "it fits a phone");
  const picture = await page.locator(".candle-picture").boundingBox();
  assert.deepEqual([picture.width, picture.height], [196, 64], "the picture keeps its size");

  // Into the calendar: the file an independent parser reads, in the campaign's zone.
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Lägg till i kalendern" }).click()]);
  assert.equal(download.suggestedFilename(), `${EVENT}.ics`);
  const calendar = new ICAL.Component(ICAL.parse(await readFile(await download.path(), "utf8")));
  for (const zone of calendar.getAllSubcomponents("vtimezone")) ICAL.TimezoneService.register(zone);
  const event = new ICAL.Event(calendar.getFirstSubcomponent("vevent"));
  assert.equal(event.summary, "Ljusmanifestation för Upprop Socialtjänsten");
  assert.equal(event.startDate.zone.tzid, "Europe/Stockholm");
  assert.equal(event.startDate.toJSDate().getTime(), starts.getTime(), "the same moment, through its VTIMEZONE");
  assert.equal(event.endDate.toJSDate().getTime() - starts.getTime(), 2 * 3_600_000);
  assert.equal(event.uid, `${EVENT}.${PETITION}@${new URL(server.origin).host}`);
  assert.equal(event.sequence, 0);

  // On to sign, the poster's tag kept.
  await page.locator(".candles").getByRole("link", { name: "Skriv under uppropet" }).click();
  await page.locator("#sign upprop-petition form").waitFor();
  assert.equal(page.url(), `${server.origin}/p/${PETITION}?src=flyer-lyktstolpe-3`);
  await fillSignature(page.locator("#sign"), { email: "passerby@example.se" });
  await page.locator('#sign [name="consent_organizer"]').check();
  await page.locator("#sign").getByRole("button", { name: "Skriv under", exact: true }).click();
  await page.locator("#sign").getByText("passerby@example.se").first().waitFor();
  await pressConfirm(confirmLink(await mailTo(server.mailDir, "passerby@example.se")));
  await context.close();

  // The organiser sees both.
  const stats = await (await fetch(`${server.api}/admin/petitions/${PETITION}/stats`, { headers: server.adminHeaders })).json();
  assert.deepEqual(stats.per_channel.find((row) => row.key === "flyer-lyktstolpe-3")?.confirmed, 1, JSON.stringify(stats.per_channel));
  const answer = await (await fetch(`${server.api}/petitions/${PETITION}/events/${EVENT}`)).json();
  assert.deepEqual(answer, { event: EVENT, candles: 1, over: false });
});

test("a reminder is asked by keyboard with its own consent, confirmed from the mail, and the pages pass axe on a phone", async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, bypassCSP: true });
  const page = await context.newPage();
  await page.goto(eventPage("?lit=1&lang=en"));
  assert.deepEqual(await audit(page), [], "a candle lit, in English");
  await page.goto(eventPage());
  const section = page.locator("#reminder");
  assert.match(await section.textContent(), /Vi mejlar dig 24 timmar innan manifestationen börjar/);
  // Sent without the box ticked: said by the box, the address kept.
  await section.getByLabel("E-post").fill("reminded@example.se");
  await section.getByRole("button", { name: "Påminn mig" }).click();
  await page.locator("#reminder-consent-error").waitFor();
  assert.equal(await page.locator("#reminder-email").inputValue(), "reminded@example.se");
  assert.equal(await page.locator("#reminder-consent").getAttribute("aria-invalid"), "true");
  assert.deepEqual(await audit(page), [], "the form with its problem");
  await page.locator("#reminder-consent").focus();
  await page.keyboard.press("Space");
  await page.keyboard.press("Tab");
  await page.keyboard.press("Enter");
  await page.getByRole("status").filter({ hasText: "Titta i din e-post" }).waitFor();
  assert.deepEqual(await audit(page), [], "asked");

  const mail = await mailTo(server.mailDir, "reminded@example.se");
  assert.match(mail, /Du bad om en påminnelse om "Ljusmanifestation för Upprop Socialtjänsten"/);
  const link = mail.match(/http:\/\/127\.0\.0\.1:\d+\/reminders\/[A-Za-z0-9_-]+/)?.[0];
  assert.ok(link, mail);
  await page.goto(link);
  assert.deepEqual(await audit(page), [], "the confirmation's page");
  await page.getByRole("button", { name: "Ja, påminn mig" }).click();
  await page.getByRole("heading", { name: "Klart: vi påminner dig" }).waitFor();
  const due = new Date(starts.getTime() - 86_400_000);
  const day = new Intl.DateTimeFormat("sv-SE", { timeZone: "Europe/Stockholm", day: "numeric", month: "long" }).format(due);
  assert.match(await page.getByRole("status").textContent(), new RegExp(`Påminnelsen kommer med e-post: .*${day}`));
  assert.deepEqual(await audit(page), [], "confirmed");

  // Changed their mind: the link on that page, its button by keyboard, and the address gone.
  await page.getByRole("link", { name: "Ångrar du dig? Ta bort min påminnelse" }).click();
  await page.getByRole("heading", { name: "Ta bort din påminnelse" }).waitFor();
  assert.deepEqual(await audit(page), [], "asked to take it back");
  await page.getByRole("button", { name: "Ta bort min påminnelse" }).focus();
  await page.keyboard.press("Enter");
  await page.getByRole("heading", { name: "Påminnelsen är borttagen" }).waitFor();
  assert.deepEqual(await audit(page), [], "taken back");
  await page.goto(link);
  await page.getByRole("heading", { name: "Länken fungerar inte längre" }).waitFor();
  assert.deepEqual(await audit(page), [], "a link to a reminder taken back");
  await context.close();
});

test("the flyer's page makes a poster's own code by keyboard on a phone, and passes axe", async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, bypassCSP: true });
  const page = await context.newPage();
  await page.goto(eventPage("/flyer?size=a5"));
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth), "the preview fits a phone");
  assert.deepEqual(await audit(page), [], "the flyer");
  await page.getByLabel("Egen kod för en affisch eller plats").focus();
  await page.keyboard.type("biblioteket");
  await page.keyboard.press("Enter");
  await page.waitForURL(/poster=biblioteket/);
  assert.equal(await page.locator(".controls code").textContent(), "flyer-biblioteket");
  assert.match(await page.locator("figcaption").textContent(), /\?src=flyer-biblioteket$/);
  assert.match(page.url(), /size=a5/, "the size kept");
  // A code that is no tag: said by the field, the flyer's own kept meanwhile.
  await page.getByLabel("Egen kod för en affisch eller plats").fill("två ord");
  await page.evaluate(() => document.querySelector(".controls form").submit());
  await page.locator("#poster-error").waitFor();
  assert.equal(await page.locator("#poster").getAttribute("aria-invalid"), "true");
  assert.match(await page.locator("figcaption").textContent(), /\?src=flyer$/);
  assert.deepEqual(await audit(page), [], "the flyer with its problem");
  await context.close();
});

test("without JavaScript the candle is a form: lit, thanked, and counted once however often one page sends it", async () => {
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  await page.goto(eventPage());
  const before = Number((await page.locator(".candle-count strong").textContent()).replace(/\D/g, ""));
  await page.getByRole("button", { name: "Tänd ett ljus" }).click();
  await page.getByText("Ditt ljus brinner. Tack!").waitFor();
  assert.equal(Number((await page.locator(".candle-count strong").textContent()).replace(/\D/g, "")), before + 1);
  // A page's form sent twice (a double tap, a flaky network): its page view's id, one candle.
  await page.goto(eventPage());
  const action = await page.locator(".candles form").getAttribute("action");
  const id = await page.locator('.candles input[name="id"]').inputValue();
  for (let sent = 0; sent < 2; sent++) {
    const answer = await fetch(`${server.origin}${action}`, { method: "POST", body: new URLSearchParams({ id }), redirect: "manual" });
    assert.equal(answer.status, 303);
  }
  await page.reload();
  assert.equal(Number((await page.locator(".candle-count strong").textContent()).replace(/\D/g, "")), before + 2);
  await context.close();
});

test("the page's count follows candles lit elsewhere, and says so once", async () => {
  const page = await browser.newPage();
  await page.goto(eventPage());
  const count = () => page.locator(".candle-count strong").textContent();
  const shown = Number(await count());
  const lit = await fetch(`${server.api}/petitions/${PETITION}/events/${EVENT}/candles`, {
    method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ id: crypto.randomUUID() }),
  });
  assert.equal(lit.status, 200);
  // Coming back to the tab reads it at once (as every 30 s while it is shown); the count is
  // cached for a second.
  await new Promise((resolve) => setTimeout(resolve, 1100));
  await page.evaluate(() => document.dispatchEvent(new Event("visibilitychange")));
  await page.waitForFunction((expected) => document.querySelector(".candle-count strong").textContent === expected, String(shown + 1));
  assert.equal(await page.locator(".candle-count").getAttribute("aria-live"), "polite");
  await page.close();
});

test("the widget on a partner page shows the manifestation beside the appeal, linked to its page", async () => {
  const partner = host.page(hostPage({ body: `<h1>Partner</h1>${scriptTag(server.embedUrl, { petition: PETITION, endpoint: server.api })}` }));
  const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
  await page.goto(partner);
  await widgetsReady(page);
  const block = page.locator("upprop-petition aside.event");
  assert.match(await block.textContent(), /Ljusmanifestation för Upprop Socialtjänsten.*När: .*Tända ljus: \d/);
  assert.equal(await block.getByRole("link").getAttribute("href"), eventPage());
  assert.deepEqual(await audit(page, "upprop-petition"), []);
  await page.close();
});
