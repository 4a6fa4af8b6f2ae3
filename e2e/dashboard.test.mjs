// The organiser's side in a real Chromium on a phone-sized screen, against the real
// upprop-server: sign in with the link from the mail folder, watch the figures and charts move
// as signatures are confirmed, export, hide a public name, erase a signer on request, close
// the petition and open the handover document. Nothing under /admin answers another origin.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import {
  startUppropServer, startHostServer, launchBrowser, hostPage, nthMail, mails, signAndConfirm, ORGANIZER,
  audit, sign,
} from "./helpers.mjs";

const PETITION = "upprop-socialtjansten";
const phone = { viewport: { width: 390, height: 844 } };
let server, host, browser;

before(async () => {
  [server, host, browser] = await Promise.all([startUppropServer(), startHostServer(), launchBrowser()]);
});

after(async () => {
  await browser?.close();
  await Promise.all([server?.close(), host?.close()]);
});

/** The text of a PDF, page by page (form feeds between), as poppler's pdftotext reads it. */
async function pdfText(pdf) {
  const dir = await mkdtemp(join(tmpdir(), "handover-"));
  const file = join(dir, "handover.pdf");
  await writeFile(file, pdf);
  const { stdout } = await promisify(execFile)("pdftotext", ["-layout", file, "-"]);
  await rm(dir, { recursive: true });
  return stdout;
}

/** Whether the page fits the phone's width: nothing to scroll sideways. */
const fitsTheScreen = (page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

/** Asks for a link at /admin, opens it from the mail folder and presses its button. */
async function signIn(page) {
  await page.goto(`${server.origin}/admin`);
  await page.getByLabel("E-postadress").fill(ORGANIZER);
  const count = (await mails(server.mailDir)).length;
  await page.getByRole("button", { name: "Skicka inloggningslänk" }).click();
  await page.getByRole("heading", { name: "Kolla din e-post" }).waitFor();
  const mail = await nthMail(server.mailDir, count + 1);
  assert.match(mail, new RegExp(`^To: ${ORGANIZER}`, "m"));
  const link = mail.match(/http:\/\/127\.0\.0\.1:\d+\/admin\/sign-in\/[A-Za-z0-9_-]+/)?.[0];
  assert.ok(link, mail);
  await page.goto(link);
  await page.getByRole("button", { name: "Logga in" }).click();
  await page.getByRole("heading", { name: "Namninsamlingar" }).waitFor();
}

/** The number in the figure with `id`, and the count of today's bar in the daily chart. */
async function figures(page) {
  // The campaign's day (Europe/Stockholm), as the dashboard counts it.
  const today = new Intl.DateTimeFormat("sv-SE", { timeZone: "Europe/Stockholm" }).format(new Date());
  return {
    confirmed: Number(await page.locator("#confirmed").textContent()),
    today: Number(await page.locator(`#per-day-title ~ rect[data-label="${today}"]`).getAttribute("data-value")),
    todayInTable: Number(await page.locator("figure", { has: page.locator("#per-day-title") })
      .locator("tr", { hasText: today }).locator("td.number").textContent()),
  };
}

test("an organiser signs in by mail and follows, exports, hides, erases, closes and hands over", async () => {
  // Bypass the CSP only so that axe can be injected.
  const context = await browser.newContext({ ...phone, bypassCSP: true, acceptDownloads: true });
  const page = await context.newPage();
  await page.goto(`${server.origin}/admin`);
  assert.deepEqual(await audit(page), [], "the sign-in page");
  await signIn(page);
  assert.deepEqual(await audit(page), [], "the overview");

  await signAndConfirm(server, { first_name: "Astrid", last_name: "Offentlig", public: true, updates: true });
  await page.getByRole("link", { name: "Upprop Socialtjänsten" }).click();
  await page.locator("#confirmed").waitFor();
  const first = await figures(page);
  assert.ok(first.confirmed >= 1);
  assert.equal(first.today, first.todayInTable, "the chart and its table agree");
  assert.ok(await fitsTheScreen(page), "the dashboard fits a phone");
  assert.deepEqual(await audit(page), [], "the petition's dashboard");

  // The charts move as signatures are confirmed.
  await signAndConfirm(server, { first_name: "Bengt", last_name: "Tyst" });
  await page.reload();
  const second = await figures(page);
  assert.equal(second.confirmed, first.confirmed + 1);
  assert.equal(second.today, first.today + 1);
  assert.equal(second.todayInTable, second.today);

  // Exports: every confirmed signature, and only those who want updates.
  const download = async (name) => {
    const [file] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name }).click()]);
    return readFile(await file.path(), "utf8");
  };
  const all = await download("Alla bekräftade (CSV för skript)");
  assert.ok(all.includes("Astrid") && all.includes("Bengt"), all);
  assert.ok(all.startsWith("\uFEFFfirst_name,last_name,email,"), all);
  const updates = await download("Bara de som samtyckt (CSV för skript)");
  assert.ok(updates.includes("Astrid") && !updates.includes("Bengt"), updates);
  // The one a Swedish organiser opens in Excel: semicolons, Swedish headings and answers.
  const sheet = await download("Alla bekräftade (kalkylblad)");
  assert.ok(sheet.startsWith("\uFEFFFörnamn;Efternamn;E-post;Postnummer;"), sheet);
  assert.match(sheet, /\nAstrid;Offentlig;[^\n]*;ja;sv;/);
  const sheetOfUpdates = await download("Bara de som samtyckt (kalkylblad)");
  assert.ok(sheetOfUpdates.includes("Astrid") && !sheetOfUpdates.includes("Bengt"), sheetOfUpdates);

  // Hide a public name: it leaves the public list for good, once the organiser has said so on
  // the page that asks first (and passes axe at 390 px too).
  await page.getByRole("button", { name: "Dölj Astrid O." }).click();
  await page.getByRole("heading", { name: "Dölja namnet för gott?" }).waitFor();
  assert.deepEqual(await audit(page), [], "the page that asks first");
  await page.getByRole("button", { name: "Ja, dölj namnet för gott" }).click();
  await page.getByText("Namnet är dolt och visas inte igen.").waitFor();
  const listed = await (await fetch(`${server.api}/petitions/${PETITION}/signers`)).text();
  assert.ok(!listed.includes("Astrid"), listed);

  // A data-subject request: look the signer up, see what is stored, erase it.
  await page.getByRole("link", { name: "Alla namninsamlingar" }).click();
  await page.getByLabel("Undertecknarens e-postadress").fill("bengt@example.se");
  await page.getByRole("button", { name: "Sök" }).click();
  await page.getByText("Bengt Tyst").waitFor();
  assert.deepEqual(await audit(page), [], "the lookup page");
  await page.getByRole("button", { name: "Radera den här underskriften" }).click();
  await page.getByRole("button", { name: "Ja, radera underskriften" }).click();
  await page.getByText("Underskriften och alla uppgifter i den är raderade.").waitFor();
  const log = await page.locator("table.audit tbody tr").first().textContent();
  assert.ok(log.includes(ORGANIZER) && log.includes("raderade en underskrift på begäran") && !log.includes("Bengt"), log);
  assert.ok(!(await server.exportCsv()).includes("Bengt"));

  // Close it: the petition refuses signatures, and the dashboard says so.
  await page.getByRole("link", { name: "Upprop Socialtjänsten" }).click();
  await page.getByRole("button", { name: "Stäng namninsamlingen" }).click();
  await page.getByRole("button", { name: "Ja, stäng namninsamlingen" }).click();
  await page.getByText("Namninsamlingen är stängd och tar inte emot fler underskrifter.").waitFor();
  const refused = await fetch(`${server.api}/petitions/${PETITION}/signatures`, {
    method: "POST", headers: { "content-type": "application/json" }, body: "{}",
  });
  assert.equal(refused.status, 410);

  // The handover document, printed to PDF.
  await page.getByRole("link", { name: "Överlämningsdokument" }).click();
  await page.locator("h1", { hasText: "Upprop Socialtjänsten" }).waitFor();
  const pdf = await page.pdf({ format: "A4" });
  assert.equal(pdf.subarray(0, 5).toString(), "%PDF-");
  // Read back by an independent reader (poppler's pdftotext): every page says which it is.
  const pages = (await pdfText(pdf)).split("\f").filter((text) => text.trim());
  assert.ok(pages.length >= 1);
  pages.forEach((text, index) => {
    assert.match(text, new RegExp(`Sida ${index + 1} av ${pages.length}\\s*$`), `page ${index + 1}: ${text}`);
  });
  assert.match(pages[0], /Till: Sveriges riksdag/);

  await page.goto(`${server.origin}/admin/p/${PETITION}`);
  await page.getByRole("button", { name: "Öppna igen" }).click();
  await page.getByText("Namninsamlingen är öppen igen.").waitFor();
  await page.getByRole("button", { name: "Logga ut" }).click();
  await page.getByRole("button", { name: "Skicka inloggningslänk" }).waitFor();
  await context.close();
});

test("nothing under /admin answers a page of another origin, even with the organiser signed in", async () => {
  const context = await browser.newContext(phone);
  const page = await context.newPage();
  await signIn(page);
  // Another site reads nothing: no CORS, and the session cookie stays home (SameSite=Strict).
  const attacker = host.page(hostPage({
    body: `<form id="f" method="post" action="${server.origin}/admin/p/${PETITION}/close"><input name="csrf" value="guess"></form>`,
  }));
  await page.goto(attacker);
  const read = await page.evaluate(async (url) => {
    try {
      const response = await fetch(url, { credentials: "include" });
      return `read ${response.status}`;
    } catch {
      return "refused";
    }
  }, `${server.origin}/admin/p/${PETITION}`);
  assert.equal(read, "refused");
  // A form posted from there changes nothing.
  await Promise.all([page.waitForNavigation(), page.locator("#f").evaluate((form) => form.submit())]);
  assert.ok((await page.content()).match(/Skicka inloggningslänk|Det här gick inte att göra/), await page.content());
  const petition = await (await fetch(`${server.api}/petitions/${PETITION}`)).json();
  assert.equal(petition.closed ?? false, false, JSON.stringify(petition).slice(0, 200));
  await context.close();
});

test("the sign-in works with the keyboard alone, and every page of it passes axe on a phone", async () => {
  const context = await browser.newContext({ ...phone, bypassCSP: true });
  const page = await context.newPage();
  await page.goto(`${server.origin}/admin`);
  // A half address: the page says what is wrong, next to the form.
  await page.keyboard.press("Tab"); // the header's link
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement?.id), "email");
  await page.keyboard.type("organisator");
  await page.evaluate(() => document.querySelector("form").setAttribute("novalidate", ""));
  await page.keyboard.press("Enter");
  await page.getByRole("alert").waitFor();
  assert.deepEqual(await audit(page), [], "the sign-in page with its problem");

  await page.locator("#email").focus();
  await page.keyboard.press("Control+A");
  await page.keyboard.type(ORGANIZER);
  const count = (await mails(server.mailDir)).length;
  await page.keyboard.press("Enter");
  await page.getByRole("heading", { name: "Kolla din e-post" }).waitFor();
  assert.deepEqual(await audit(page), [], "the page after asking for a link");

  const link = (await nthMail(server.mailDir, count + 1)).match(/http:\/\/127\.0\.0\.1:\d+\/admin\/sign-in\/[A-Za-z0-9_-]+/)[0];
  await page.goto(link);
  assert.deepEqual(await audit(page), [], "the page that asks for the click");
  await page.keyboard.press("Tab");
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), "Logga in");
  await page.keyboard.press("Enter");
  await page.getByRole("heading", { name: "Namninsamlingar" }).waitFor();

  // On to the petition and a setting, by keyboard: links and buttons are all reachable.
  await page.getByRole("link", { name: "Upprop Socialtjänsten" }).focus();
  await page.keyboard.press("Enter");
  await page.locator("#goal").focus();
  await page.keyboard.type("5000");
  await page.keyboard.press("Enter");
  await page.getByText("Målet är sparat.").waitFor();
  assert.equal(await page.locator("#goal").inputValue(), "5000");

  // The used link says so, and that page passes axe too.
  await page.goto(link);
  await page.getByRole("heading", { name: "Länken fungerar inte längre" }).waitFor();
  assert.deepEqual(await audit(page), [], "the page of a used link");
  await context.close();
});

/** Presses Tab until `matches` (run in the page on the focused element) holds; fails past 80. */
async function tabTo(page, matches, what) {
  for (let presses = 0; presses < 80; presses++) {
    await page.keyboard.press("Tab");
    if (await page.evaluate(matches)) return;
  }
  assert.fail(`${what} is not in the tab order`);
}

test("the list of those waiting and the spreadsheet export work with the keyboard alone on a phone", async () => {
  const context = await browser.newContext({ ...phone, bypassCSP: true, acceptDownloads: true });
  const page = await context.newPage();
  await signIn(page);
  await sign(server, { first_name: "Vanja", last_name: "Väntar", email: "vanja.vantar@example.se" });
  await page.goto(`${server.origin}/admin/p/${PETITION}`);
  const row = page.locator("table.waiting tr", { hasText: "vanja.vantar@example.se" });
  await row.waitFor();
  assert.ok(await fitsTheScreen(page), "the list of those waiting fits a phone");
  assert.ok(await page.locator("table.waiting").evaluate((table) => table.getBoundingClientRect().right <= innerWidth), "without scrolling sideways");

  // Its button, reached by Tab and pressed by Enter: mailed a moment ago, so not yet again.
  await tabTo(page, () => document.activeElement?.getAttribute("aria-label") === "Skicka igen: bekräftelsen till vanja.vantar@example.se", "the resend button");
  const focusRing = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.notEqual(focusRing, "none", "the focused button shows it");
  await page.keyboard.press("Enter");
  await page.getByText("Bekräftelsen skickades för mindre än tio minuter sedan").waitFor();
  assert.deepEqual(await audit(page), [], "the dashboard with its notice");

  // The spreadsheet export, reached and opened by keyboard.
  await tabTo(page, () => document.activeElement?.textContent === "Alla bekräftade (kalkylblad)", "the spreadsheet link");
  const [file] = await Promise.all([page.waitForEvent("download"), page.keyboard.press("Enter")]);
  const sheet = await readFile(await file.path(), "utf8");
  assert.ok(sheet.startsWith("\uFEFFFörnamn;Efternamn;E-post;"), sheet);
  assert.ok(!sheet.includes("Vanja"), "only the confirmed are exported");
  await context.close();
});
