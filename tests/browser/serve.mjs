// Opens the workshop page of a running `sibyl serve` in headless Chromium and uses it as a
// workshop participant would:
//
//   node serve.mjs URL OUT_DIR
//
// 1. the page loads with no console or page error and no request off the server;
// 2. picks Peterborough from the deal list: the chance of a loss and every chart /api/run
//    drew appear, in its order (the `rules` chart, how often each payment rule pays, among
//    them), with the trials used beside the figures;
// 3. compares the deal with its other design: a table of paired differences whose header
//    names A and B and says "Difference (B − A)"; the request carries the page's client id;
// 4. replays what actually happened: the table, and the charts and caveats the server sends;
// 5. moves the true-effect slider to its lowest: the chance of a loss rises, the charts are
//    redrawn and the comparison shown is run again with the moved slider; moves the
//    referrals slider, then back to its default: every run of these moves asks for the same
//    trials, and the last one leaves `referrals` out of `set`;
// 6. switches the language to Bulgarian: the page's texts and its lang attribute change, the
//    true-effect slider stays at its lowest (position, label, "moved" mark), the comparison
//    and the replay are redrawn in Bulgarian;
// 7. pastes Peterborough's own contract and scenario and runs them: the library deal's story,
//    explanation, comparison and replay are hidden; switching to Swedish then reruns the
//    pasted files with no page error;
// 8. pastes a contract with an error on line 3 (and a sound scenario) and checks it: the
//    error is listed with contract:3:..., line 3 of the listing is marked and no file
//    without an error is listed; picking Peterborough again brings back its story,
//    explanation, comparison and replay, and clears the check;
//    8b. quiz mode: the figures, their standard errors, the run info and the charts are not
//    visible, a note says why; Reveal is disabled with no guess and with 150, enabled with
//    30; the prompt and the result name the tranche; after Reveal the figures show;
//    8c. a run answered 504 once: the page says so in its language (not the server's
//    English), clears the old figures and reruns once with one rung fewer trials (1,000);
// 9. a second page without ?trials chooses its trials once, then two slider moves run with
//    those same trials; the screenshot for the README;
//    9b. Reset runs with no `set` and the same trials;
//    9c. Home on the focused true-effect slider reruns with it at its lowest; its
//    aria-valuetext is the value shown; switching to Finnish and back keeps the focus on it;
//    9d. at 1,024 x 768 with the last slider scrolled into view the key figures (sticky)
//    are in sight;
// 10. on that page, a server answering 503 to every run: after its retries the page says
//    "The server is busy; try again in a moment" and the results are no longer greyed;
// 11. on that page, Fair Chance Fund's replay: the server's caveats listed under it;
// 12. Mass Roca (five tranches, no record of its real results): a chance of a loss for each
//    tranche, in the summary's order, and its charts, no "-0.0 %"; no replay offered, the
//    page says there is no record; at 1,024 x 768 the sticky figures take at most half the
//    height.
// Screenshots in OUT_DIR:
//   serve-1-deal.png      the whole page, Peterborough picked (story, sliders, figures, charts,
//                         the explanation);
//   serve-2b-compare.png  the comparison box;
//   serve-2c-replay.png   the replay box ("What actually happened");
//   serve-2-slider.png    the top of the page after the true effect moved to its lowest;
//   serve-3-bg.png        the top of the page in Bulgarian, the slider still moved;
//   serve-3b-pasted.png   the top of the page running pasted files, in Swedish;
//   serve-4-paste.png     the paste box with the broken contract's marked line;
//   serve-5-readme.png    the second page's top 1,400 px at 1,280 px wide, the true effect six
//                         steps lower (the README's picture, docs/img/serve.png);
//   serve-6-caveats.png   Fair Chance Fund's replay box: charts, table and caveats;
//   serve-7-quiz.png      the top of the first page in quiz mode (Swedish), a guess typed;
//   serve-8-projector.png the second page at 1,024 x 768, the last slider in view, the
//                         figures stuck at the top; serve-8b-projector-top.png its top;
//   serve-9-roca.png      Mass Roca's top; serve-9b-roca-projector.png at 1,024 x 768.
// On success it prints a one-line JSON summary and exits 0; a failed step prints why on
// stderr and exits 1; a wrong command line or a browser that cannot start exits 2.

import { mkdir, readFile } from "node:fs/promises";
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
const repo = new URL("../../", import.meta.url);

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

async function open() {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.setDefaultTimeout(60000);
  page.on("console", (m) => {
    if (m.type() !== "error") return;
    if (page.busyOnPurpose && /status of 503/.test(m.text())) return;
    if (page.timeoutOnPurpose && /status of 504/.test(m.text())) return;
    failures.push(`console error: ${m.text()}`);
  });
  page.on("pageerror", (e) => failures.push(`page error: ${e.message}`));
  await page.route("**/*", (route) => {
    const u = route.request().url();
    if (u.startsWith(origin + "/")) return route.continue();
    failures.push(`request off the server: ${u}`);
    return route.abort();
  });
  // Every POST to the API, with its body, in order.
  page.sent = [];
  page.on("request", (r) => {
    if (r.method() === "POST" && r.url().startsWith(origin + "/api/")) {
      page.sent.push({ path: new URL(r.url()).pathname, body: JSON.parse(r.postData() || "{}") });
    }
  });
  return page;
}

function fail(message) {
  failures.push(message);
  throw new Error(message);
}

// An answer of 200 from the API at `path` (a step that fails before awaiting it leaves no
// unhandled rejection behind).
function answered(page, path) {
  const p = page.waitForResponse((r) => r.url().endsWith(path) && r.status() === 200);
  p.catch(() => {});
  return p;
}
const tranches = (s) => Object.keys(s.probabilities).filter((k) => /^tranche\..+\.loss$/.test(k)).map((k) => k.slice(8, -5));
const runs = (page) => page.sent.filter((s) => s.path === "/api/run").map((s) => s.body);
const lastRun = (page) => runs(page).at(-1);
const number = (text) => Number(text.replace(/\s/g, "").replace("−", "-").replace(",", "."));

// Waits for a POST to the API that `test` accepts (its body), sent after `from` others.
async function sentMatching(page, path, from, test, what) {
  for (let i = 0; i < 600; i++) {
    const hit = page.sent.slice(from).find((s) => s.path === path && test(s.body));
    if (hit) return hit.body;
    await new Promise((ok) => setTimeout(ok, 100));
  }
  return fail(`no ${path} request ${what}`);
}
const visibility = (page, sel) => page.$eval(sel, (e) => getComputedStyle(e).visibility);

async function moveSlider(page, id, where) {
  const done = answered(page, "/api/run");
  const value = await page.$eval("#slider-" + id, (input, where) => {
    if (where.down) input.stepDown(where.down);
    else input.value = where === "min" ? input.min : where === "max" ? input.max : String(where);
    input.dispatchEvent(new Event("input", { bubbles: true }));
    return Number(input.value);
  }, where);
  await done;
  return value;
}

const page = await open();
try {
  await page.goto(url);
  await page.waitForSelector("#figures .figure.loss");

  // 2. Pick Peterborough: the figures, and every chart /api/run drew, in order.
  let done = answered(page, "/api/run");
  await page.selectOption("#deal", "peterborough");
  const ran = await (await done).json();
  await page.waitForSelector("#loss-bonds");
  await page.waitForSelector("#chart-moic-bonds svg");
  summary.lossAtStart = Number(await page.getAttribute("#loss-bonds", "data-p"));
  const drawn = (ran.charts || []).map((c) => "chart-" + c.name);
  const shown = await page.$$eval("#charts .chart", (c) => c.map((x) => x.id));
  if (JSON.stringify(drawn) !== JSON.stringify(shown)) fail(`charts shown ${shown}, drawn ${drawn}`);
  summary.charts = shown.length;
  if (summary.charts < 2) fail(`expected charts, found ${summary.charts}`);
  // How often each payment rule pays.
  summary.rulesChart = shown.includes("chart-rules");
  if (!summary.rulesChart || !(await page.$("#chart-rules svg"))) fail(`no rules chart for Peterborough: ${shown}`);
  const diagram = await page.$$eval("#diagram svg", (s) => s.length);
  if (diagram !== 1) fail("the who-pays-whom diagram is missing");
  summary.trialsShown = Number(await page.getAttribute("#run-info", "data-trials"));
  if (summary.trialsShown !== lastRun(page).trials) fail(`trials shown ${summary.trialsShown}, asked ${lastRun(page).trials}`);
  await page.screenshot({ path: join(outDir, "serve-1-deal.png"), fullPage: true });

  // 3. Two designs side by side: the paired differences, B − A, A and B named.
  await page.click("#compare-box summary");
  done = answered(page, "/api/compare");
  await page.click("#compare");
  await done;
  await page.waitForSelector("#compare-table");
  summary.compareRows = await page.$$eval("#compare-table tr", (r) => r.length - 1);
  if (summary.compareRows < 2) fail(`the comparison has ${summary.compareRows} rows`);
  const header = await page.$$eval("#compare-table tr:first-child th", (h) => h.map((x) => x.textContent));
  summary.compareHeader = header;
  if (!header[1].startsWith("A: ") || !header[2].startsWith("B: ") || !header[3].includes("(B − A)")) {
    fail(`the comparison's header does not say which way: ${header}`);
  }
  const compared = page.sent.filter((s) => s.path === "/api/compare").at(-1).body;
  if (!compared.client) fail("the comparison was sent without the page's client id");
  await page.locator("#compare-box").screenshot({ path: join(outDir, "serve-2b-compare.png") });

  // 4. What actually happened: the table, with the server's charts and caveats.
  await page.click("#history-box summary");
  done = answered(page, "/api/settle");
  await page.click("#history");
  const settled = await (await done).json();
  await page.waitForFunction(() => document.querySelector("#history-out").textContent.length > 0);
  const settleCharts = await page.$$eval("#history-charts .chart svg", (s) => s.length);
  if (settleCharts !== (settled.charts || []).length) fail(`replay: ${settleCharts} charts shown, ${(settled.charts || []).length} sent`);
  const caveats = await page.$$eval("#history-warnings li", (l) => l.map((x) => x.textContent));
  if (caveats.length !== (settled.warnings || []).length) fail(`replay: ${caveats.length} caveats shown, ${(settled.warnings || []).length} sent`);
  if (caveats.length && !(await page.isVisible("#history-warnings"))) fail("the replay's caveats are not visible");
  summary.replay = { charts: settleCharts, caveats: caveats.length };
  await page.locator("#history-box").screenshot({ path: join(outDir, "serve-2c-replay.png") });
  const replayEn = await page.textContent("#history-out");

  // 5. The true effect at its lowest: a loss becomes likelier, with the same trials.
  const before = await page.innerHTML("#chart-moic-bonds");
  const sentBefore = page.sent.length;
  const effectLow = await moveSlider(page, "effect", "min");
  // The comparison shown is run again with the moved slider.
  await sentMatching(page, "/api/compare", sentBefore, (b) => b.set.effect === effectLow, "with the moved slider (a stale comparison)");
  const first = lastRun(page);
  await page.waitForFunction((p) => Number(document.querySelector("#loss-bonds")?.dataset.p) !== p, summary.lossAtStart);
  summary.lossAtLowEffect = Number(await page.getAttribute("#loss-bonds", "data-p"));
  if (!(summary.lossAtLowEffect > summary.lossAtStart)) {
    fail(`P(loss) did not rise with a lower effect: ${summary.lossAtStart} -> ${summary.lossAtLowEffect}`);
  }
  if ((await page.innerHTML("#chart-moic-bonds")) === before) fail("the MOIC chart was not redrawn");
  summary.lossText = await page.textContent("#loss-bonds .big");
  // A second slider, then back to its default: the same trials, and no default in `set`.
  const referralsDefault = await page.$eval("#slider-referrals", (i) => Number(i.defaultValue));
  await moveSlider(page, "referrals", "max");
  const second = lastRun(page);
  await moveSlider(page, "referrals", referralsDefault);
  const third = lastRun(page);
  summary.trialsOfMoves = [first.trials, second.trials, third.trials];
  if (new Set(summary.trialsOfMoves).size !== 1) fail(`slider moves ran with different trials: ${summary.trialsOfMoves}`);
  if (!("referrals" in second.set)) fail("the moved referrals slider is not in `set`");
  if ("referrals" in third.set) fail(`a slider back at its default stays in \`set\`: ${JSON.stringify(third.set)}`);
  if (third.set.effect !== effectLow) fail(`the true effect left \`set\`: ${JSON.stringify(third.set)}`);
  if (await page.$eval("#value-referrals", (v) => v.classList.contains("moved"))) fail("a slider at its default is marked moved");
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(outDir, "serve-2-slider.png") });

  // 6. Bulgarian: the slider stays where it was; the comparison and the replay follow.
  const title = await page.textContent("h1");
  const labelEn = await page.textContent("#value-effect");
  done = answered(page, "/api/run");
  const compareAgain = answered(page, "/api/compare");
  const settleAgain = answered(page, "/api/settle");
  await page.selectOption("#lang", "bg");
  await done;
  await page.waitForFunction((t) => document.querySelector("h1").textContent !== t, title);
  summary.titleBg = await page.textContent("h1");
  summary.langAttribute = await page.getAttribute("html", "lang");
  if (summary.langAttribute !== "bg") fail(`lang attribute ${summary.langAttribute}, expected bg`);
  if (!/[а-яА-Я]/.test(await page.textContent("#results h2"))) fail("the results heading is not in Bulgarian");
  const slider = await page.$eval("#slider-effect", (i) => Number(i.value));
  const label = await page.textContent("#value-effect");
  summary.effectAfterSwitch = { slider, label, labelEn };
  if (slider !== effectLow || number(label) !== number(labelEn)) fail(`after the switch the true effect shows ${slider} / ${label}, moved to ${effectLow} / ${labelEn}`);
  if (!(await page.$eval("#value-effect", (v) => v.classList.contains("moved")))) fail("the moved slider lost its mark");
  if (lastRun(page).set.effect !== effectLow || lastRun(page).trials !== first.trials) fail("the run after the switch lost the slider or the trials");
  await compareAgain;
  await page.waitForFunction(() => /Разлика \(B − A\)/.test(document.querySelector("#compare-table th.diff")?.textContent || ""));
  await settleAgain;
  await page.waitForFunction((en) => {
    const t = document.querySelector("#history-out").textContent;
    return t.length > 0 && t !== en;
  }, replayEn);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(outDir, "serve-3-bg.png") });

  // 7. Pasted files: the library deal's boxes go; a language switch reruns them.
  const contract = await readFile(new URL("contracts/peterborough.toml", repo), "utf8");
  const scenario = await readFile(new URL("scenarios/peterborough.toml", repo), "utf8");
  await page.click("#paste-box summary");
  await page.fill("#paste-contract", contract);
  await page.fill("#paste-scenario", scenario);
  done = answered(page, "/api/run");
  await page.click("#run-pasted");
  await done;
  if (!lastRun(page).contract || lastRun(page).deal) fail("the pasted run did not send the pasted files");
  for (const id of ["#story", "#explain-box", "#compare-box", "#history-box"]) {
    if (await page.isVisible(id)) fail(`${id} of the library deal is still shown for pasted files`);
  }
  done = answered(page, "/api/run");
  await page.selectOption("#lang", "sv");
  await done;
  if (lastRun(page).lang !== "sv" || !lastRun(page).contract) fail("the switch did not rerun the pasted files in Swedish");
  await page.waitForFunction(() => document.documentElement.lang === "sv" && !document.querySelector("#results").classList.contains("busy"));
  if (await page.isVisible("#story")) fail("the library story came back after the switch");
  summary.pastedCharts = await page.$$eval("#charts .chart svg", (s) => s.length);
  if (summary.pastedCharts < 2) fail(`the pasted run shows ${summary.pastedCharts} charts`);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(outDir, "serve-3b-pasted.png") });

  // 8. A pasted contract with an error on line 3.
  await page.fill("#paste-contract", '[deal]\nname = "Broken"\ncurrency = 42\nperiod = "quarter"\nhorizon = 8\n');
  await page.fill("#paste-scenario", scenario); // a sound scenario: its listing is left out
  await page.click("#check");
  await page.waitForSelector(".listing .bad");
  summary.listed = await page.$$eval(".listing", (l) => l.map((x) => [x.dataset.file, x.querySelectorAll(".bad").length]));
  if (summary.listed.some(([, bad]) => bad === 0)) fail(`a file with no error is listed: ${JSON.stringify(summary.listed)}`);
  summary.markedLines = await page.$$eval(".listing .bad", (rows) => rows.map((r) => Number(r.dataset.line)));
  if (!summary.markedLines.includes(3)) fail(`line 3 is not marked: ${summary.markedLines}`);
  const where = await page.$$eval(".diag .where", (w) => w.map((x) => x.textContent));
  if (!where.some((w) => w.startsWith("contract:3:"))) fail(`no diagnostic at contract:3: ${where}`);
  await page.locator("#paste-box").screenshot({ path: join(outDir, "serve-4-paste.png") });
  // Back to a deal of the library: its story and explanation return.
  done = answered(page, "/api/run");
  await page.selectOption("#deal", "peterborough");
  await done;
  await page.waitForSelector("#diagram svg");
  for (const id of ["#story", "#explain-box", "#compare-box", "#history-box"]) {
    if (!(await page.isVisible(id))) fail(`${id} is not shown again for a library deal`);
  }
  if (await page.$eval("#check-out", (o) => o.childElementCount)) fail("the pasted files' check stays shown under a library deal");

  // 8b. Quiz: nothing tells the answer before Reveal; Reveal needs a number 0-100.
  await page.waitForSelector("#loss-bonds");
  await page.check("#quiz");
  for (const sel of ["#figures", "#figures .se", "#run-info", "#charts"]) {
    if ((await visibility(page, sel)) !== "hidden") fail(`quiz: ${sel} is visible before Reveal`);
  }
  if (!(await page.isVisible("#quiz-hidden-note"))) fail("quiz: the page does not say the results are hidden");
  if (!(await page.isDisabled("#reveal"))) fail("quiz: Reveal is enabled with no guess");
  await page.fill("#guess", "150");
  if (!(await page.isDisabled("#reveal"))) fail("quiz: Reveal is enabled with a guess of 150");
  await page.fill("#guess", "30");
  if (await page.isDisabled("#reveal")) fail("quiz: Reveal stays disabled with a guess of 30");
  if (!(await page.textContent("#quiz-tranche")).includes("bonds")) fail("quiz: the prompt does not name the tranche");
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(outDir, "serve-7-quiz.png") });
  await page.click("#reveal");
  if ((await visibility(page, "#figures .se")) !== "visible") fail("quiz: the figures stay hidden after Reveal");
  if (await page.isVisible("#quiz-hidden-note")) fail("quiz: the hidden note stays after Reveal");
  summary.quiz = await page.textContent("#quiz-result");
  if (!summary.quiz.includes("bonds")) fail(`quiz: the result does not name the tranche: ${summary.quiz}`);
  await page.uncheck("#quiz");

  // 8c. A run past the server's time limit (504): the page says so in its language, and
  //     reruns once with one rung fewer trials (2,000 asked: 1,000).
  page.timeoutOnPurpose = true;
  let calls = 0;
  await page.route("**/api/run", async (route) => {
    if (calls++ === 0) {
      return route.fulfill({ status: 504, contentType: "application/json",
        body: JSON.stringify({ error: "the run took longer than the time limit" }) });
    }
    await new Promise((ok) => setTimeout(ok, 800)); // time to read the message
    return route.fallback();
  });
  const sentBefore504 = page.sent.length;
  await page.$eval("#slider-effect", (input) => {
    input.stepUp(1);
    input.dispatchEvent(new Event("input", { bubbles: true }));
  });
  const fewer = await sentMatching(page, "/api/run", sentBefore504 + 1, () => true, "after the 504");
  summary.timeout = { message: await page.textContent("#status"), trials: fewer.trials };
  // (the page is in Swedish since step 7: its own message, not the server's English)
  const timeoutText = await page.evaluate(() => t("page-timeout"));
  if (timeoutText === "page-timeout" || summary.timeout.message !== timeoutText) fail(`504: the page says ${summary.timeout.message}`);
  if (fewer.trials !== 1000) fail(`504: the rerun asked ${fewer.trials} trials, not 1000`);
  if (await page.$("#figures .figure")) fail("504: the previous figures stay shown");
  await page.waitForSelector("#run-info[data-trials='1000']");
  await page.unroute("**/api/run");
  page.timeoutOnPurpose = false;

  // 9. Trials chosen by the page: once, then kept for every slider move.
  const auto = await open();
  const plain = new URL(url);
  plain.searchParams.delete("trials");
  await auto.goto(plain.href);
  await auto.waitForSelector("#run-info[data-fixed='true']");
  const chosen = Number(await auto.getAttribute("#run-info", "data-trials"));
  await moveSlider(auto, "effect", { down: 3 });
  await moveSlider(auto, "effect", { down: 3 });
  summary.chosenTrials = [chosen, ...runs(auto).slice(-2).map((b) => b.trials)];
  if (new Set(summary.chosenTrials).size !== 1) fail(`the chosen trials changed between moves: ${summary.chosenTrials}`);
  // The README's picture: a deal picked, the true effect a little lower, the charts.
  await auto.setViewportSize({ width: 1280, height: 1400 });
  await auto.evaluate(() => window.scrollTo(0, 0));
  await auto.screenshot({ path: join(outDir, "serve-5-readme.png"), type: "png" });

  // 9b. Reset moves the sliders back and keeps the trials.
  done = answered(auto, "/api/run");
  await auto.click("#reset");
  await done;
  if (lastRun(auto).trials !== chosen || Object.keys(lastRun(auto).set).length) fail(`reset ran ${JSON.stringify(lastRun(auto))}, trials chosen ${chosen}`);
  // 9c. The keyboard: Home on a focused slider reruns with it at its lowest; its value is
  //     spoken (aria-valuetext); a language switch keeps the focus on it.
  done = answered(auto, "/api/run");
  await auto.focus("#slider-effect");
  await auto.keyboard.press("Home");
  await done;
  const effectMin = await auto.$eval("#slider-effect", (i) => Number(i.min));
  if (Math.abs(lastRun(auto).set.effect - effectMin) > 1e-9) fail(`Home: the run's set is ${JSON.stringify(lastRun(auto).set)}, the lowest ${effectMin}`);
  const spoken = await auto.getAttribute("#slider-effect", "aria-valuetext");
  if (spoken !== (await auto.textContent("#value-effect"))) fail(`aria-valuetext ${spoken}`);
  for (const lang of ["fi", "en"]) {
    done = answered(auto, "/api/run");
    await auto.evaluate((lang) => {
      const sel = document.getElementById("lang");
      sel.value = lang;
      sel.dispatchEvent(new Event("change"));
    }, lang);
    await done;
    await auto.waitForFunction((lang) => document.documentElement.lang === lang, lang);
    if ((await auto.evaluate(() => document.activeElement?.id)) !== "slider-effect") fail(`the slider lost the focus at the switch to ${lang}`);
  }
  // 9d. A projector (1,024 x 768): the last slider and the key figures in sight together.
  await auto.setViewportSize({ width: 1024, height: 768 });
  await auto.$eval("#sliders .slider:last-child", (s) => s.scrollIntoView({ block: "end" }));
  const box = await auto.$eval("#figures", (f) => { const r = f.getBoundingClientRect(); return [r.top, r.bottom]; });
  summary.projectorFigures = box.map(Math.round);
  if (box[0] < 0 || box[0] > 768 - 60) fail(`at 1024x768 the figures are out of sight: ${box}`);
  await auto.screenshot({ path: join(outDir, "serve-8-projector.png") });
  await auto.evaluate(() => window.scrollTo(0, 0));
  await auto.screenshot({ path: join(outDir, "serve-8b-projector-top.png") });
  await auto.setViewportSize({ width: 1280, height: 1400 });

  // 10. A server that stays busy: after its retries the page says so, results not greyed.
  auto.busyOnPurpose = true;
  await auto.route("**/api/run", (route) => route.fulfill({
    status: 503, contentType: "application/json", headers: { "Retry-After": "1" },
    body: JSON.stringify({ error: "busy: too many runs are waiting" }),
  }));
  await auto.$eval("#slider-effect", (input) => {
    input.stepUp(1);
    input.dispatchEvent(new Event("input", { bubbles: true }));
  });
  await auto.waitForFunction(() => document.querySelector("#status").classList.contains("error"));
  summary.busyMessage = await auto.textContent("#status");
  if (summary.busyMessage !== "The server is busy; try again in a moment.") fail(`busy: the page says ${summary.busyMessage}`);
  if (await auto.$eval("#results", (r) => r.classList.contains("busy"))) fail("busy: the results stay greyed");
  await auto.unroute("**/api/run");

  // 11. A replay with a caveat (Fair Chance Fund's counts by stage): shown under it.
  if (await auto.$("#deal option[value='fair-chance-fund']")) {
    await auto.selectOption("#deal", "fair-chance-fund");
    await auto.click("#history-box summary");
    done = answered(auto, "/api/settle");
    await auto.click("#history");
    const withCaveats = await (await done).json();
    await auto.waitForFunction(() => document.querySelector("#history-out").textContent.length > 0);
    const shownCaveats = await auto.$$eval("#history-warnings li", (l) => l.map((x) => x.textContent));
    summary.caveats = shownCaveats.length;
    if (JSON.stringify(shownCaveats) !== JSON.stringify(withCaveats.warnings || [])) fail(`replay caveats shown ${shownCaveats}`);
    if (shownCaveats.length && !(await auto.isVisible("#history-warnings li"))) fail("the replay's caveats are not visible");
    await auto.locator("#history-box").screenshot({ path: join(outDir, "serve-6-caveats.png") });
  }

  // 12. Mass Roca: several tranches, each with its figures, the charts; no record of its real
  //     results, so no replay.
  if (await auto.$("#deal option[value='mass-roca']")) {
    done = answered(auto, "/api/run");
    await auto.selectOption("#deal", "mass-roca");
    const roca = await (await done).json();
    const trancheIds = tranches(roca.summary);
    await auto.waitForSelector("#figures .figure.loss");
    const lossShown = await auto.$$eval("#figures .figure.loss", (f) => f.map((x) => x.dataset.tranche));
    summary.roca = { tranches: lossShown, charts: await auto.$$eval("#charts .chart svg", (s) => s.length) };
    if (trancheIds.length < 2 || JSON.stringify(lossShown) !== JSON.stringify(trancheIds)) fail(`Mass Roca: figures for ${lossShown}, tranches ${trancheIds}`);
    if (summary.roca.charts < 1) fail("Mass Roca: no charts");
    const minusZero = (await auto.textContent("#figures")).match(/[-−]0[.,]0+\s?%/);
    if (minusZero) fail(`Mass Roca: a figure shows ${minusZero[0]}`);
    await auto.$eval("#history-box", (d) => { d.open = true; });
    if (await auto.isVisible("#history")) fail("Mass Roca: a replay is offered with no record");
    if (!(await auto.isVisible("#history-none"))) fail("Mass Roca: the page does not say there is no record");
    // Its trials chosen; at a projector's size the figures scroll within their sticky box.
    await auto.waitForSelector("#run-info[data-fixed='true']");
    await auto.setViewportSize({ width: 1024, height: 768 });
    await auto.$eval("#sliders .slider:last-child", (s) => s.scrollIntoView({ block: "end" }));
    const rocaBox = await auto.$eval("#figures", (f) => f.getBoundingClientRect().height);
    if (rocaBox > 768 / 2) fail(`Mass Roca at 1024x768: the sticky figures are ${rocaBox} px tall`);
    await auto.screenshot({ path: join(outDir, "serve-9b-roca-projector.png") });
    await auto.setViewportSize({ width: 1280, height: 1400 });
    await auto.evaluate(() => window.scrollTo(0, 0));
    await auto.screenshot({ path: join(outDir, "serve-9-roca.png") });
  }
} catch (e) {
  if (!failures.includes(e.message)) failures.push(e.message);
}
await browser.close();
if (failures.length) {
  for (const f of failures) console.error(f);
  process.exit(1);
}
console.log(JSON.stringify(summary));
