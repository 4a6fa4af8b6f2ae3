// A WordPress post with a pasted link, as WordPress 6.1 publishes it for a provider outside its
// own list: the oEmbed answer's HTML filtered by `wp_filter_oembed_result` (wp-includes/embed.php,
// reproduced below), inside the Embed block's markup, with WordPress's own host script
// (wp-includes/js/wp-embed.js, taken from Debian's `wordpress` package by scripts/setup.sh).
import { readFile } from "node:fs/promises";
import { homedir } from "node:os";
import { join } from "node:path";

export const WP_EMBED_JS = process.env.WP_EMBED_JS ??
  join(homedir(), ".cache", "upprop", "wordpress", "wp-includes", "js", "wp-embed.js");

/** WordPress's host script, as Debian ships it. */
export const hostScript = () => readFile(WP_EMBED_JS, "utf8");

// What `wp_filter_oembed_result` lets through `wp_kses`: these tags with these attributes.
const ALLOWED = {
  a: ["href"],
  blockquote: [],
  iframe: ["src", "width", "height", "frameborder", "marginwidth", "marginheight", "scrolling", "title"],
};

/** `wp_kses` with those rules: other tags are dropped (their text stays), other attributes too. */
function kses(html) {
  return html.replace(/<(\/?)([a-z][a-z0-9]*)([^>]*)>/gi, (_, closing, name, attributes) => {
    const allowed = ALLOWED[name.toLowerCase()];
    if (!allowed) return "";
    if (closing) return `</${name}>`;
    const kept = [...attributes.matchAll(/([a-z-]+)\s*=\s*("[^"]*"|'[^']*')/gi)]
      .filter(([, attribute]) => allowed.includes(attribute.toLowerCase()))
      .map(([, attribute, value]) => ` ${attribute}=${value}`);
    return `<${name}${kept.join("")}>`;
  });
}

/** `wp_filter_oembed_result`: what of an untrusted provider's `html` WordPress publishes. */
export function filterOembedResult(html, secret) {
  const content = /(<blockquote>.*?<\/blockquote>)?.*(<iframe.*?><\/iframe>)/s.exec(kses(html));
  if (!content?.[2]) return null;
  let filtered = (content[1] ?? "") + content[2];
  const src = / src=(['"])(.*?)\1/.exec(filtered);
  if (src) {
    const [whole, quote, url] = src;
    filtered = filtered.replace(whole, ` src=${quote}${url}#?secret=${secret}${quote} data-secret=${quote}${secret}${quote}`);
    filtered = filtered.replace("<blockquote", `<blockquote data-secret="${secret}"`);
  }
  if (content[1]) {
    // With a quotation to fall back on, the frame stays hidden until it speaks.
    filtered = filtered.replace("<iframe", '<iframe style="position: absolute; clip: rect(1px, 1px, 1px, 1px);"');
    filtered = filtered.replace("<blockquote", '<blockquote class="wp-embedded-content"');
  }
  return filtered.replace("<iframe", '<iframe class="wp-embedded-content" sandbox="allow-scripts" security="restricted"');
}

/**
 * The published post: Twenty Twenty-Three's 650 px column, the Embed block around the filtered
 * HTML, and the host script that `wp_maybe_enqueue_oembed_host_js` adds for it.
 */
export async function wordpressPost(oembed, secret = "zQRK5DohGy") {
  const embedded = filterOembedResult(oembed.html, secret);
  if (!embedded) throw new Error(`WordPress would not embed ${oembed.html}`);
  return `<!doctype html><html lang="sv-SE"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Ett inlägg – En blogg</title>
<style>body{margin:0;font:18px/1.6 serif}.entry-content{max-width:650px;margin:0 auto;padding:0 1rem}
.wp-block-embed{margin:1.5rem 0}.wp-block-embed iframe{max-width:100%}</style></head>
<body><main class="entry-content"><h1>Ett inlägg</h1><p>Skriv under uppropet:</p>
<figure class="wp-block-embed is-type-rich wp-block-embed-upprop"><div class="wp-block-embed__wrapper">
${embedded}
</div></figure><p id="after">Efter inbäddningen.</p></main>
<script>${await hostScript()}</script></body></html>`;
}
