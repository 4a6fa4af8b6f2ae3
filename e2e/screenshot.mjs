// Screenshots of the widget on a phone-sized viewport (390 × 844, as an iPhone 14), for the
// README: `node e2e/screenshot.mjs [OUT_DIR]` after `trunk build --release`.
import { join } from "node:path";
import { startAssetServer, startHostServer, startEndpoint, launchBrowser, scriptTag, hostPage, widgetsReady } from "./helpers.mjs";

const out = process.argv[2] ?? join(import.meta.dirname, "..", "docs");
const [assets, host, endpoint, browser] = await Promise.all([
  startAssetServer(), startHostServer(), startEndpoint(), launchBrowser(),
]);
try {
  endpoint.countsAre(1234);
  const page = await browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
  const body = `<main style="padding: 8px">${scriptTag(assets.embedUrl, { endpoint: endpoint.api })}</main>`;
  await page.goto(host.page(hostPage({ head: "<style>body{margin:0;background:#f3efe9}</style>", body })));
  await widgetsReady(page);
  await page.screenshot({ path: join(out, "widget-phone.png") });
  const form = page.locator("upprop-petition .signing");
  await form.getByRole("button").click();
  await form.locator("#email-error").waitFor();
  await form.screenshot({ path: join(out, "widget-phone-form.png") });
  console.log(`wrote ${join(out, "widget-phone.png")} and ${join(out, "widget-phone-form.png")}`);
} finally {
  await browser.close();
  await Promise.all([assets.close(), host.close(), endpoint.close()]);
}
