// What the page benchmarks share: the phone they emulate and the partner page they open.
import { scriptTag, hostPage, snippetHints } from "../e2e/helpers.mjs";

export const PETITION = "upprop-socialtjansten";

/** An iPhone 14's viewport, as the e2e tests' phone. */
export const PHONE_VIEWPORT = { width: 390, height: 844 };

/**
 * Lighthouse's mobile throttling on a CDP session: 4× CPU slowdown, 150 ms round trip,
 * 1.6 Mbit/s down and 750 kbit/s up (at 90 %, as Lighthouse applies them), no cache.
 */
export async function throttleAsMobile(cdp) {
  await cdp.send("Network.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  await cdp.send("Network.emulateNetworkConditions", {
    offline: false, latency: 150, downloadThroughput: (1.6e6 / 8) * 0.9, uploadThroughput: (750e3 / 8) * 0.9,
  });
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
}

/**
 * A partner page of `host` with the README's snippet: text around the widget, its place
 * reserved at its first view's height, and (unless `hints` is false) the hints in the head.
 */
export function partnerPage(server, host, { hints = true } = {}) {
  const body = `<h1>En partnersida</h1><p>Text före uppropet.</p><div id="upprop" style="min-height:640px"></div>` +
    `${scriptTag(server.embedUrl, { endpoint: server.api, petition: PETITION, target: "#upprop" })}<p>Text efter.</p>`;
  return host.page(hostPage({ head: hints ? snippetHints(server, PETITION) : "", body }));
}
