// Mail as a receiving server judges it: signed with DKIM by the real upprop-server, and
// verified by an independent implementation (mailauth) against the DNS record that
// `upprop-server --check-config` tells the operator to publish.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { createRequire } from "node:module";
import { startUppropServer, signAndConfirm, nthMail } from "./helpers.mjs";

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
