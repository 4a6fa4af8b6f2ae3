// Screenshots for the README, on a phone-sized viewport (390 × 844, as an iPhone 14):
// `node e2e/screenshot.mjs [OUT_DIR]` after `trunk build --release`.
//   widget-phone.png, widget-phone-form.png   the widget on a partner page, and its messages
//   widget-share.png                          the thanks (the address mailed, the way to correct
//                                             it) and the share step after signing
//   mail.png                                  the confirmation mail's HTML, as a phone shows it
//   confirmed-phone.png                       the page that confirms a signature, and shares it
//   landing-phone.png                         the landing page /p/{slug}
//   event-phone.png                           a manifestation's page /p/{slug}/events/{id}
//   event-candle.png, event-block.png         its candle, lit; the landing page's block for it
//   flyer-a4.png                              its flyer as Chromium prints it on A4
//   facebook-preview.png                      a link preview built, as Facebook builds it,
//                                             from the landing page's Open Graph tags
//   dashboard-phone.png, dashboard-wide.png   the organiser's dashboard of a petition
//   handover.png                              the first page of the handover document
import { execFile } from "node:child_process";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import {
  startAssetServer, startHostServer, startEndpoint, startUppropServer, launchBrowser, scriptTag,
  hostPage, widgetsReady, fillSignature, sign, signAndConfirm, nthMail, mails, mailPart, confirmLink, ORGANIZER,
} from "./helpers.mjs";

const out = process.argv[2] ?? join(import.meta.dirname, "..", "docs");
const [assets, host, endpoint, server, browser] = await Promise.all([
  startAssetServer(), startHostServer(), startEndpoint(), startUppropServer(), launchBrowser(),
]);
const phone = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 };
const written = [];
const shot = async (target, name, options = {}) => {
  await target.screenshot({ path: join(out, name), ...options });
  written.push(name);
};
try {
  endpoint.countsAre(1234);
  const page = await browser.newPage(phone);
  const body = `<main style="padding: 8px">${scriptTag(assets.embedUrl, { endpoint: endpoint.api, petition: "upprop-socialtjansten" })}</main>`;
  await page.goto(host.page(hostPage({ head: "<style>body{margin:0;background:#f3efe9}</style>", body })));
  await widgetsReady(page);
  await shot(page, "widget-phone.png");
  const form = page.locator("upprop-petition .signing");
  await form.getByRole("button", { name: "Skriv under", exact: true }).click();
  await form.locator("#email-error").waitFor();
  await shot(form, "widget-phone-form.png");

  await fillSignature(form, { email: "anna.svensson@gmial.com" });
  await form.locator('[name="consent_organizer"]').check();
  await form.getByRole("button", { name: "Skriv under", exact: true }).click();
  // As a phone shows it: the thanks at the top of the screen, scrolled to within the widget's
  // first view (an element's own screenshot would paint what that view clips).
  const thanks = form.locator(".thank-you");
  await thanks.waitFor();
  await thanks.evaluate((shown) => shown.scrollIntoView({ block: "start" }));
  await shot(page, "widget-share.png");

  const landing = await browser.newPage(phone);
  await landing.goto(`${server.origin}/p/upprop-socialtjansten`);
  await shot(landing, "landing-phone.png");

  const html = await (await fetch(`${server.origin}/p/upprop-socialtjansten`)).text();
  const tag = (property) => html.match(new RegExp(`property="${property}" content="([^"]*)"`))?.[1].replaceAll("&amp;", "&");
  const card = `<div id="card" style="width:500px;font-family:Helvetica,Arial,sans-serif;border:1px solid #dadde1;background:#f0f2f5">
    <img src="${tag("og:image")}" width="500" height="262" style="display:block;object-fit:cover">
    <div style="padding:10px 12px;border-top:1px solid #dadde1">
      <div style="font-size:12px;color:#606770;text-transform:uppercase">${new URL(tag("og:url")).host}</div>
      <div style="font-size:16px;font-weight:600;color:#1d2129;margin:3px 0">${tag("og:title")}</div>
      <div style="font-size:14px;color:#606770;white-space:nowrap;overflow:hidden;text-overflow:ellipsis">${tag("og:description")}</div>
    </div></div>`;
  const preview = await browser.newPage({ viewport: { width: 540, height: 420 }, deviceScaleFactor: 2 });
  await preview.goto(host.page(hostPage({ head: "<style>body{margin:20px;background:#fff}</style>", body: card })));
  await preview.locator("#card img").evaluate((img) => img.decode());
  await shot(preview.locator("#card"), "facebook-preview.png");
  const people = [["Astrid", "Lind", true], ["Bengt", "Ek", true], ["Cecilia", "Berg", false], ["David", "Holm", true], ["Eva", "Sund", false]];
  for (const [index, [first_name, last_name, shown]] of people.entries()) {
    await signAndConfirm(server, { first_name, last_name, public: shown, updates: index % 2 === 0, url: index < 3 ? "https://brinnforbarnen.se/upprop" : "https://blogg.example/inlagg?src=facebook" });
  }
  // One who opens the mail and confirms (the mail's and the confirmed page's pictures), and
  // one who has not confirmed yet (the dashboard's list of those waiting).
  const letter = await sign(server, { first_name: "Fredrik", last_name: "Väntar", email: "fredrik@gmial.com", url: "https://brinnforbarnen.se/upprop" });
  const mailView = await browser.newPage(phone);
  await mailView.setContent(mailPart(letter, "text/html"));
  await shot(mailView, "mail.png", { fullPage: true });
  const confirm = confirmLink(letter);
  const signer = await browser.newPage(phone);
  await signer.goto(confirm);
  await signer.getByRole("button", { name: "Bekräfta min underskrift" }).click();
  await signer.getByRole("heading", { name: "Tack! Din underskrift är bekräftad" }).waitFor();
  await shot(signer, "confirmed-phone.png", { fullPage: true });
  const event = await browser.newPage(phone);
  await event.goto(`${server.origin}/p/upprop-socialtjansten/events/ljusmanifestation-2021`);
  await shot(event, "event-phone.png");
  await event.getByRole("button", { name: "Tänd ett ljus" }).click();
  await event.getByText("Ditt ljus brinner. Tack!").waitFor();
  await shot(event.locator("#candle"), "event-candle.png");
  const block = await browser.newPage(phone);
  await block.goto(`${server.origin}/p/upprop-socialtjansten`);
  await shot(block.locator("aside.event"), "event-block.png");
  const flyer = await browser.newPage();
  await flyer.goto(`${server.origin}/p/upprop-socialtjansten/events/ljusmanifestation-2021/flyer?size=a4`);
  const pdf = join(out, "flyer-a4.pdf");
  await flyer.pdf({ path: pdf, preferCSSPageSize: true, printBackground: true });
  await promisify(execFile)("pdftoppm", ["-png", "-r", "60", "-singlefile", pdf, join(out, "flyer-a4")]);
  await rm(pdf);
  written.push("flyer-a4.png");
  await sign(server, { first_name: "Greta", last_name: "Väntar", email: "greta@hotmial.se", url: "https://brinnforbarnen.se/upprop" });
  const organizer = await browser.newPage(phone);
  await organizer.goto(`${server.origin}/admin`);
  await organizer.getByLabel("E-postadress").fill(ORGANIZER);
  const sent = (await mails(server.mailDir)).length;
  await organizer.getByRole("button", { name: "Skicka inloggningslänk" }).click();
  await organizer.goto((await nthMail(server.mailDir, sent + 1)).match(/http:\/\/\S+\/admin\/sign-in\/[A-Za-z0-9_-]+/)[0]);
  await organizer.getByRole("button", { name: "Logga in" }).click();
  await organizer.goto(`${server.origin}/admin/p/upprop-socialtjansten`);
  await shot(organizer, "dashboard-phone.png");
  await organizer.setViewportSize({ width: 1100, height: 900 });
  await shot(organizer, "dashboard-wide.png", { fullPage: true });
  await organizer.goto(`${server.origin}/admin/p/upprop-socialtjansten/handover`);
  await organizer.setViewportSize({ width: 794, height: 1123 });
  await shot(organizer, "handover.png");
  console.log(`wrote ${written.map((name) => join(out, name)).join(", ")}`);
} finally {
  await browser.close();
  await Promise.all([assets.close(), host.close(), endpoint.close(), server.close()]);
}
