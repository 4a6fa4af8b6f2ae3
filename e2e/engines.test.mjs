// Signing in all three engines (Chromium, Firefox, WebKit) against the real upprop-server: on a
// partner page with the script tag, on the landing page, in embed.js's iframe, and in a WordPress
// post with the landing link pasted (a frame sandboxed to scripts alone, sized by WordPress's own
// host script, signed with Enter in a field); then confirming from the mailed link.
import { test, describe, before, after } from "node:test";
import assert from "node:assert/strict";
import { startUppropServer, startHostServer, scriptTag, hostPage, mailTo, confirmLink } from "./helpers.mjs";
import {
  ENGINES, launchEngine, widgetReady, fillIn, pressSign, thanksHeading, pressConfirm,
} from "./engines.mjs";
import { wordpressPost } from "./wordpress.mjs";

const PETITION = "upprop-socialtjansten";
const THANKS = "Tack! Bekräfta din underskrift";
let server, host;

before(async () => {
  [server, host] = await Promise.all([startUppropServer(), startHostServer()]);
});

after(async () => {
  await Promise.all([server?.close(), host?.close()]);
});

/** Waits for the mail to `address` and returns its confirmation link. */
async function confirmLinkFor(address) {
  return confirmLink(await mailTo(server.mailDir, address));
}

const signer = (email) => ({
  first_name: "Anna", last_name: "Svensson", email, postal_code: "123 45", comment: "För barnen.",
});

for (const name of ENGINES) {
  describe(`in ${name}`, () => {
    let browser;
    before(async () => {
      browser = await launchEngine(name);
    });
    after(async () => {
      await browser?.close();
    });

    const signHere = async (where, email, wait, run) => {
      await wait(widgetReady);
      await run(fillIn, signer(email));
      await run(pressSign);
      assert.equal(await wait(thanksHeading), THANKS, where);
    };

    test("signs on a partner page with the script tag", async () => {
      const email = `${name}.partner@example.se`;
      await browser.open(host.page(hostPage({ body: scriptTag(server.embedUrl, { endpoint: server.api, petition: PETITION }) })));
      await signHere("partner page", email, browser.waitFor, browser.run);
      await confirmLinkFor(email);
    });

    test("signs on the landing page, the widget taking over its form", async () => {
      const email = `${name}.landing@example.se`;
      await browser.open(`${server.origin}/p/${PETITION}`);
      await signHere("landing page", email, browser.waitFor, browser.run);
      await confirmLinkFor(email);
    });

    test("signs in the iframe that embed.js makes (data-mode=iframe)", async () => {
      const email = `${name}.iframe@example.se`;
      await browser.open(host.page(hostPage({
        body: scriptTag(server.embedUrl, { endpoint: server.api, petition: PETITION, mode: "iframe" }),
      })));
      await signHere("iframe", email, browser.waitInFrame, browser.inFrame);
      await confirmLinkFor(email);
    });

    test("signs in a WordPress post with the link pasted, sized by WordPress, and confirms from the mail", async () => {
      const email = `${name}.wordpress@example.se`;
      const oembed = await (await fetch(`${server.origin}/oembed?format=json&maxwidth=650&maxheight=750&url=${encodeURIComponent(`${server.origin}/p/${PETITION}`)}`)).json();
      await browser.open(host.page(await wordpressPost(oembed)));

      // Sized to the frame's own document at every step: the first view, then the thanks.
      const fits = async (step) => {
        const sizes = await browser.waitFor(async () => {
          const frame = document.querySelector("iframe.wp-embedded-content");
          const quote = document.querySelector("blockquote.wp-embedded-content");
          if (!frame || frame.hasAttribute("style") || getComputedStyle(quote).display !== "none") return null;
          return { given: Number(frame.getAttribute("height")), box: frame.getBoundingClientRect().height };
        });
        const content = await browser.waitInFrame(() => Math.ceil(document.body.getBoundingClientRect().height));
        const expected = Math.min(Math.max(content, 200), 1000);
        const settled = await browser.waitFor((wanted) => Number(document.querySelector("iframe").getAttribute("height")) === wanted && wanted, expected);
        assert.equal(settled, expected, `${step}: the frame is as high as what it shows (${JSON.stringify(sizes)})`);
      };
      await browser.waitInFrame(widgetReady);
      await fits("first view");
      assert.equal(await browser.inFrame(() => self.origin), "null", "the frame is sandboxed as WordPress does it");

      // Its first view says who asks, of whom, and how many; the whole appeal lifts and folds.
      const head = await browser.waitInFrame(() => {
        const root = document.querySelector("upprop-petition").shadowRoot;
        const count = root.querySelector(".appeal .count")?.textContent;
        const event = root.querySelector("aside.event");
        return count ? { byline: root.querySelector(".byline").textContent, count, event: event?.textContent, eventLink: event?.querySelector("a")?.getAttribute("href") } : null;
      });
      assert.equal(head.byline, "Ett upprop från Barnrättsföreningen Brinn för barnen till Sveriges riksdag");
      assert.match(head.count, /har skrivit under$/);
      // The campaign's manifestation beside the appeal, as the server words it.
      assert.match(head.event, /^Ljusmanifestation för Upprop SocialtjänstenHölls: söndag 7 februari 2021, hela dagenTända ljus: \d+$/);
      assert.match(head.eventLink, /\/p\/upprop-socialtjansten\/events\/ljusmanifestation-2021$/);
      const pressShowAll = () => document.querySelector("upprop-petition").shadowRoot.querySelector(".show-all").click();
      const expandedIs = (wanted) => document.querySelector("upprop-petition").shadowRoot.querySelector(".show-all").getAttribute("aria-expanded") === wanted || null;
      await browser.inFrame(pressShowAll);
      await browser.waitInFrame(expandedIs, "true");
      await browser.inFrame(pressShowAll);
      await browser.waitInFrame(expandedIs, "false");
      await fits("folded again");

      // Signed with Enter in a field: no form may post in this frame.
      await browser.inFrame(fillIn, signer(email));
      await browser.pressEnterInFrame("email");
      assert.equal(await browser.waitInFrame(thanksHeading), THANKS);
      await fits("thanks");
      const share = await browser.inFrame(() => {
        const step = document.querySelector("upprop-petition").shadowRoot.querySelector(".share-step");
        return {
          links: step.querySelectorAll("a").length,
          buttons: step.querySelectorAll("button").length,
          later: step.querySelector(".share-later")?.textContent ?? "",
          link: step.querySelector("input[readonly]")?.value,
        };
      });
      assert.equal(share.links, 0, "no link that the sandbox would not open");
      assert.equal(share.buttons, 0, "no clipboard or share sheet that the sandbox refuses");
      assert.match(share.later, /bekräftat/);
      assert.equal(share.link, `${server.origin}/p/${PETITION}?src=link`);

      // The mailed link, opened in the same engine: the button confirms.
      await browser.open(await confirmLinkFor(email));
      await browser.waitFor(() => Boolean(document.querySelector("form[method=post] button")));
      await browser.run(pressConfirm);
      const heading = await browser.waitFor(() => {
        const text = document.querySelector("h1")?.textContent;
        return text !== "Bekräfta din underskrift" && text;
      });
      assert.equal(heading, "Tack! Din underskrift är bekräftad");
      const csv = await server.exportCsv();
      assert.equal(csv.split(email).length - 1, 1, "counted once");
    });

    test("corrects a mistyped address from the thanks in WordPress's sandboxed frame, and the corrected one counts once", async () => {
      const [typo, meant] = [`${name}.typo@gmial.com`, `${name}.typo@gmail.com`];
      const oembed = await (await fetch(`${server.origin}/oembed?format=json&maxwidth=650&maxheight=750&url=${encodeURIComponent(`${server.origin}/p/${PETITION}`)}`)).json();
      await browser.open(host.page(await wordpressPost(oembed)));
      await browser.waitInFrame(widgetReady);
      await browser.inFrame(fillIn, signer(typo));
      await browser.inFrame(pressSign);
      assert.equal(await browser.waitInFrame(thanksHeading), THANKS);
      const shownAddress = () => document.querySelector("upprop-petition").shadowRoot.querySelector(".thank-you .address")?.textContent ?? null;
      assert.equal(await browser.inFrame(shownAddress), typo, "the thanks names the address mailed");
      const typoLink = await confirmLinkFor(typo);

      await browser.inFrame(() => {
        document.querySelector("upprop-petition").shadowRoot.querySelector(".correct-address").click();
        return true;
      });
      const again = await browser.waitInFrame(() => {
        const root = document.querySelector("upprop-petition").shadowRoot;
        return !root.querySelector(".thank-you") && root.querySelector('[name="email"]').value;
      });
      assert.equal(again, typo, "back to the form as it was sent");
      await browser.inFrame(fillIn, { email: meant });
      await browser.inFrame(pressSign);
      assert.equal(await browser.waitInFrame((wanted) => {
        const shown = document.querySelector("upprop-petition").shadowRoot.querySelector(".thank-you .address")?.textContent;
        return shown === wanted && shown;
      }, meant), meant);

      await browser.open(await confirmLinkFor(meant));
      await browser.waitFor(() => Boolean(document.querySelector("form[method=post] button")));
      await browser.run(pressConfirm);
      await browser.waitFor(() => document.querySelector("h1")?.textContent === "Tack! Din underskrift är bekräftad");
      assert.equal((await fetch(typoLink)).status, 404, "the typo's signature is gone");
      const csv = await server.exportCsv();
      assert.equal(csv.split(meant).length - 1, 1, "counted once");
    });
  });
}
