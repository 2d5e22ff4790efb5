// Opens the workshop page of a running `sibyl serve` in headless Chromium and uses it as a
// workshop participant would:
//
//   node serve.mjs URL OUT_DIR
//
// 1. the page loads with no console or page error and no request off the server;
// 2. picks Peterborough from the deal list: the chance of a loss and the charts appear;
// 3. moves the true-effect slider to its lowest: the chance of a loss rises and the charts
//    are redrawn (before that, compares the deal with its other design: a table of paired
//    differences);
// 4. switches the language to Bulgarian: the page's texts and its lang attribute change;
// 5. pastes a contract with an error on line 3 and checks it: the error is listed with
//    contract:3:... and line 3 of the listing is marked.
// Screenshots OUT_DIR/serve-1-deal.png, serve-2-slider.png, serve-2b-compare.png,
// serve-3-bg.png and serve-4-paste.png. On success it prints a
// one-line JSON summary and exits 0; a failed step prints why on stderr and exits 1; a
// wrong command line or a browser that cannot start exits 2.

import { mkdir } from "node:fs/promises";
import { join, resolve } from "node:path";
import { chromium } from "playwright-core";

const [url, outArg] = process.argv.slice(2);
if (!url || !outArg) {
  console.error("usage: node serve.mjs URL OUT_DIR");
  process.exit(2);
}
const outDir = resolve(outArg);
await mkdir(outDir, { recursive: true });
const origin = new URL(url).origin;

let browser;
try {
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox"],
  });
} catch (e) {
  console.error(`serve.mjs: cannot start Chromium: ${e.message}`);
  process.exit(2);
}

const failures = [];
const summary = {};
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
page.setDefaultTimeout(30000);
page.on("console", (m) => { if (m.type() === "error") failures.push(`console error: ${m.text()}`); });
page.on("pageerror", (e) => failures.push(`page error: ${e.message}`));
await page.route("**/*", (route) => {
  const u = route.request().url();
  if (u.startsWith(origin + "/")) return route.continue();
  failures.push(`request off the server: ${u}`);
  return route.abort();
});

function fail(message) {
  failures.push(message);
  throw new Error(message);
}

const runDone = () => page.waitForResponse((r) => r.url().endsWith("/api/run") && r.status() === 200);
const lossOf = async () => Number(await page.getAttribute("#loss-bonds", "data-p"));

try {
  await page.goto(url);
  await page.waitForSelector("#figures .figure.loss");

  // 2. Pick Peterborough.
  let done = runDone();
  await page.selectOption("#deal", "peterborough");
  await done;
  await page.waitForSelector("#loss-bonds");
  await page.waitForSelector("#chart-moic-bonds svg");
  summary.lossAtStart = await lossOf();
  summary.charts = await page.$$eval("#charts .chart svg", (s) => s.length);
  if (summary.charts < 2) fail(`expected charts, found ${summary.charts}`);
  const diagram = await page.$$eval("#diagram svg", (s) => s.length);
  if (diagram !== 1) fail("the who-pays-whom diagram is missing");
  await page.screenshot({ path: join(outDir, "serve-1-deal.png"), fullPage: true });

  // Two designs side by side: the paired differences appear.
  await page.click("#compare-box summary");
  await page.click("#compare");
  await page.waitForSelector("#compare-table");
  summary.compareRows = await page.$$eval("#compare-table tr", (r) => r.length - 1);
  if (summary.compareRows < 2) fail(`the comparison has ${summary.compareRows} rows`);
  await page.locator("#compare-box").screenshot({ path: join(outDir, "serve-2b-compare.png") });

  // 3. The true effect at its lowest: a loss becomes likelier.
  const before = await page.innerHTML("#chart-moic-bonds");
  done = runDone();
  await page.$eval("#slider-effect", (input) => {
    input.value = input.min;
    input.dispatchEvent(new Event("input", { bubbles: true }));
  });
  await done;
  await page.waitForFunction((p) => Number(document.querySelector("#loss-bonds")?.dataset.p) !== p, summary.lossAtStart);
  summary.lossAtLowEffect = await lossOf();
  if (!(summary.lossAtLowEffect > summary.lossAtStart)) {
    fail(`P(loss) did not rise with a lower effect: ${summary.lossAtStart} -> ${summary.lossAtLowEffect}`);
  }
  if ((await page.innerHTML("#chart-moic-bonds")) === before) fail("the MOIC chart was not redrawn");
  summary.lossText = await page.textContent("#loss-bonds .big");
  await page.screenshot({ path: join(outDir, "serve-2-slider.png") });

  // 4. Bulgarian.
  const title = await page.textContent("h1");
  done = runDone();
  await page.selectOption("#lang", "bg");
  await done;
  await page.waitForFunction((t) => document.querySelector("h1").textContent !== t, title);
  summary.titleBg = await page.textContent("h1");
  summary.langAttribute = await page.getAttribute("html", "lang");
  if (summary.langAttribute !== "bg") fail(`lang attribute ${summary.langAttribute}, expected bg`);
  if (!/[а-яА-Я]/.test(await page.textContent("#results h2"))) fail("the results heading is not in Bulgarian");
  await page.screenshot({ path: join(outDir, "serve-3-bg.png") });

  // 5. A pasted contract with an error on line 3.
  await page.click("#paste-box summary");
  await page.fill("#paste-contract", '[deal]\nname = "Broken"\ncurrency = 42\nperiod = "quarter"\nhorizon = 8\n');
  await page.click("#check");
  await page.waitForSelector(".listing .bad");
  summary.markedLines = await page.$$eval(".listing .bad", (rows) => rows.map((r) => Number(r.dataset.line)));
  if (!summary.markedLines.includes(3)) fail(`line 3 is not marked: ${summary.markedLines}`);
  const where = await page.$$eval(".diag .where", (w) => w.map((x) => x.textContent));
  if (!where.some((w) => w.startsWith("contract:3:"))) fail(`no diagnostic at contract:3: ${where}`);
  await page.locator("#paste-box").screenshot({ path: join(outDir, "serve-4-paste.png") });
} catch (e) {
  if (!failures.includes(e.message)) failures.push(e.message);
}
await browser.close();
if (failures.length) {
  for (const f of failures) console.error(f);
  process.exit(1);
}
console.log(JSON.stringify(summary));
