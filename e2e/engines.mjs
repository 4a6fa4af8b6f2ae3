// The three browser engines signers' phones run, driven alike through scripts in the page:
// Chromium (playwright-core), Firefox (puppeteer-core over WebDriver BiDi) and WebKit (WebKitGTK's
// MiniBrowser, through WebKitWebDriver and selenium-webdriver, under Xvfb). WebKit is what every
// browser on an iPhone runs, Facebook's in-app browser there included.
//
// Every step is a function run in the page (or in its first iframe), because WebKitGTK's
// WebDriver cannot type into a field of a shadow root inside a frame: the widget sees the same
// events a signer's typing makes (`input` on each field, a click on each box and button).
import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { chromium } from "playwright-core";
import puppeteer from "puppeteer-core";
import { Builder, Key, Origin } from "selenium-webdriver";
import { CHROMIUM_ARGS } from "./helpers.mjs";

export const ENGINES = ["chromium", "firefox", "webkit"];

const MINI_BROWSER = process.env.MINI_BROWSER ?? "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser";

/** One browser of `name`, opening one page at a time; `close()` ends it and what it started. */
export async function launchEngine(name) {
  if (name === "chromium") return launchChromium();
  if (name === "firefox") return launchFirefox();
  if (name === "webkit") return launchWebKit();
  throw new Error(`no engine ${name}`);
}

/** A function and its arguments as a script WebDriver runs: the function's value, awaited. */
const asScript = (fn) => `return (${fn}).apply(null, arguments)`;
/** The same as an expression for the debugging protocol, which no page's CSP refuses. */
const call = (fn, args) => `(${fn})(...${JSON.stringify(args)})`;

async function launchChromium() {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: CHROMIUM_ARGS,
  });
  let context = null;
  let page = null;
  return engine("chromium", {
    async open(url) {
      await context?.close();
      context = await browser.newContext({ viewport: { width: 390, height: 844 } });
      page = await context.newPage();
      await page.goto(url);
    },
    run: (fn, args) => page.evaluate(call(fn, args)),
    runInFrame: (fn, args) => page.frames()[1].evaluate(call(fn, args)),
    async pressEnterInFrame(field) {
      await page.frames()[1].evaluate(call(focusField, [field]));
      await page.keyboard.press("Enter");
    },
    close: () => browser.close(),
  });
}

async function launchFirefox() {
  const browser = await puppeteer.launch({
    browser: "firefox",
    executablePath: process.env.FIREFOX ?? "/usr/bin/firefox-esr",
    headless: true,
    protocol: "webDriverBiDi",
    defaultViewport: { width: 390, height: 844 },
  });
  let page = null;
  const frameOf = () => page.mainFrame().childFrames()[0];
  return engine("firefox", {
    async open(url) {
      await page?.close();
      page = await browser.newPage();
      await page.goto(url);
    },
    run: (fn, args) => page.evaluate(fn, ...args),
    runInFrame: (fn, args) => frameOf().evaluate(fn, ...args),
    async pressEnterInFrame(field) {
      await page.frames()[1].evaluate(call(focusField, [field]));
      await page.keyboard.press("Enter");
    },
    close: () => browser.close(),
  });
}

/** A free TCP port on loopback. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Xvfb on a display it picks itself; resolves to that display and the process. */
function startXvfb() {
  return new Promise((resolve, reject) => {
    const xvfb = spawn("Xvfb", ["-displayfd", "1", "-screen", "0", "1280x1024x24", "-nolisten", "tcp"], {
      stdio: ["ignore", "pipe", "ignore"],
    });
    xvfb.once("error", reject);
    xvfb.stdout.once("data", (chunk) => resolve({ display: `:${String(chunk).trim()}`, xvfb }));
  });
}

/** Resolves once something answers on `port`. */
async function answering(port, child) {
  for (let waited = 0; waited < 20_000; waited += 100) {
    if (child.exitCode !== null) throw new Error(`WebKitWebDriver exited with ${child.exitCode}`);
    const up = await fetch(`http://127.0.0.1:${port}/status`).then(() => true, () => false);
    if (up) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error("WebKitWebDriver did not start");
}

async function launchWebKit() {
  const { display, xvfb } = await startXvfb();
  const port = await freePort();
  const webdriver = spawn("WebKitWebDriver", [`--port=${port}`], {
    stdio: "ignore",
    env: { ...process.env, DISPLAY: display },
  });
  const stop = () => {
    webdriver.kill();
    xvfb.kill();
  };
  let driver;
  try {
    await answering(port, webdriver);
    driver = await new Builder()
      .usingServer(`http://127.0.0.1:${port}`)
      .withCapabilities({
        browserName: "MiniBrowser",
        "webkitgtk:browserOptions": { binary: MINI_BROWSER, args: ["--automation"] },
      })
      .build();
    await driver.manage().window().setRect({ width: 390, height: 844 });
  } catch (error) {
    stop();
    throw error;
  }
  return engine("webkit", {
    open: (url) => driver.get(url),
    run: (fn, args) => driver.executeScript(asScript(fn), ...args),
    async runInFrame(fn, args) {
      await driver.switchTo().frame(0);
      try {
        return await driver.executeScript(asScript(fn), ...args);
      } finally {
        await driver.switchTo().defaultContent();
      }
    },
    async pressEnterInFrame(field) {
      // A field focused by a script inside a frame gets no keys from this driver: the field is
      // tapped first, as a signer does, which gives the frame the focus.
      await driver.switchTo().frame(0);
      const box = await driver.executeScript(asScript(fieldBox), field);
      await driver.switchTo().defaultContent();
      const frame = await driver.executeScript(asScript(frameBox));
      const [x, y] = [frame.left + box.x, frame.top + box.y].map(Math.round);
      await driver.actions().move({ origin: Origin.VIEWPORT, x, y }).click().sendKeys(Key.ENTER).perform();
    },
    async close() {
      await driver.quit().catch(() => {});
      stop();
    },
  });
}

/**
 * What every engine offers the tests: `open(url)` in a fresh page; `run(fn, ...args)` in the page
 * and `inFrame(fn, ...args)` in its first iframe, each resolving to what `fn` returns (a promise
 * awaited); `waitFor(fn, ...args)` and `waitInFrame(fn, ...args)` until `fn` returns something
 * truthy (and that value); `pressEnterInFrame(field)`, a real Enter key in that field of the
 * widget in the first iframe.
 */
function engine(name, driver) {
  const poll = (runner) => async (fn, ...args) => {
    let last;
    for (let waited = 0; waited < 20_000; waited += 100) {
      try {
        last = await runner(fn, args);
        if (last) return last;
      } catch (error) {
        last = error; // the frame or page may still be loading
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`${name}: gave up waiting for ${String(fn).slice(0, 200)} (last: ${last})`);
  };
  return {
    name,
    open: driver.open,
    run: (fn, ...args) => driver.run(fn, args),
    inFrame: (fn, ...args) => driver.runInFrame(fn, args),
    waitFor: poll(driver.run),
    waitInFrame: poll(driver.runInFrame),
    pressEnterInFrame: driver.pressEnterInFrame,
    close: driver.close,
  };
}

// What a signer does in the widget, as functions run in the page that holds it. Each finds the
// one <upprop-petition> of its document.

/** The widget itself works (`ready` on its host), not only the server's first view. */
export function widgetReady() {
  const host = document.querySelector("upprop-petition");
  return Boolean(host?.hasAttribute("ready") && host.shadowRoot?.querySelector("form"));
}

/** Types `values` into the fields and ticks the required consent, as a signer would. */
export function fillIn(values) {
  const root = document.querySelector("upprop-petition").shadowRoot;
  for (const [name, value] of Object.entries(values)) {
    const field = root.querySelector(`[name="${name}"]`);
    field.focus();
    field.value = value;
    field.dispatchEvent(new Event("input", { bubbles: true, composed: true }));
  }
  const consent = root.querySelector('[name="consent_organizer"]');
  if (!consent.checked) consent.click();
  return true;
}

/** Puts the focus in the field named `name`. */
export function focusField(name) {
  document.querySelector("upprop-petition").shadowRoot.querySelector(`[name="${name}"]`).focus();
  return true;
}

/** Where the first iframe is in the page's viewport. */
function frameBox() {
  const { left, top } = document.querySelector("iframe").getBoundingClientRect();
  return { left, top };
}

/** The middle of the field named `name`, in its frame's viewport, scrolled into view. */
function fieldBox(name) {
  const field = document.querySelector("upprop-petition").shadowRoot.querySelector(`[name="${name}"]`);
  field.scrollIntoView({ block: "center" });
  const { left, top, width, height } = field.getBoundingClientRect();
  return { x: left + width / 2, y: top + height / 2 };
}

/** Presses "Skriv under". */
export function pressSign() {
  document.querySelector("upprop-petition").shadowRoot.querySelector('button[type="submit"]').click();
  return true;
}

/** The thanks' heading, once it is shown. */
export function thanksHeading() {
  return document.querySelector("upprop-petition")?.shadowRoot?.querySelector(".thank-you h3")?.textContent ?? null;
}

/** Presses the confirmation page's button (the POST that confirms). */
export function pressConfirm() {
  document.querySelector("form[method=post] button").click();
  return true;
}
