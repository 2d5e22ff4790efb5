// The workshop page: picks a deal, moves its sliders and redraws, on common random
// numbers (the same seed at every position). Plain JavaScript, no network assets.
"use strict";

const state = {
  lang: "en",
  messages: {},
  deals: [],
  deal: null,
  set: {},
  client: Math.random().toString(36).slice(2) + Date.now().toString(36),
  controller: null,
  timer: null,
  last: null,
  revealed: true,
  pasted: null,
  // The trials: chosen once per deal (on the first answers after a deal is picked or
  // reset), then the same for every slider move, so a difference between two positions
  // comes from the deal and not from a different number of trials.
  trials: 5000,
  trialsChosen: false,
  calibrating: false,
  calibrated: 0,
  limits: { max_trials: 200000, compare_max_trials: 50000 },
  compared: null,
  replayed: false,
};
const SEED = 1;
const LADDER = [1000, 5000, 20000, 50000];
const $ = (id) => document.getElementById(id);
const t = (key) => state.messages[key] || key;

// A value that rounds to zero at `digits` decimals is zero: no "-0.0".
const unsigned0 = (x, digits) => (Math.abs(x) < 0.5 / 10 ** digits ? 0 : x);
function fmt(x, digits) {
  return new Intl.NumberFormat(state.lang, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(unsigned0(x, digits));
}
function pct(p, digits) {
  return new Intl.NumberFormat(state.lang, { style: "percent", minimumFractionDigits: digits, maximumFractionDigits: digits }).format(unsigned0(p, digits + 2));
}
function sig(x) {
  if (!isFinite(x)) return "–";
  const a = Math.abs(x);
  const digits = a === 0 ? 0 : a >= 100 ? 0 : a >= 10 ? 1 : a >= 1 ? 2 : 3;
  return fmt(x, digits);
}
function money(x) {
  return new Intl.NumberFormat(state.lang, { maximumFractionDigits: 0 }).format(x);
}
function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "class") e.className = v; else e.setAttribute(k, v);
  }
  for (const c of children) e.append(c);
  return e;
}

async function api(path, body, signal) {
  const init = body === undefined ? { signal } :
    { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body), signal };
  const r = await fetch(path, init);
  // An answer that is not JSON (a proxy's error page) is an empty one, kept by its status.
  const data = await r.json().catch(() => ({}));
  return { status: r.status, data };
}

async function loadMessages() {
  const { data } = await api("/api/messages?lang=" + state.lang);
  state.messages = data.messages || {};
  document.documentElement.lang = state.lang;
  document.querySelectorAll("[data-msg]").forEach((e) => { e.textContent = t(e.dataset.msg); });
  document.title = t("page-title");
}

// A deal of the library is shown (not pasted files).
function libraryDeal() {
  return !state.pasted && state.deal && state.deal.id && state.deal.scenario ? state.deal : null;
}

// Pasted files have no story, explanation, other design or history: hide those boxes.
function showLibraryBoxes(on) {
  $("story").hidden = !on;
  $("explain-box").hidden = !on;
  $("history-box").hidden = !on;
  if (!on) {
    $("compare-box").hidden = true;
    $("story").replaceChildren();
    $("diagram").replaceChildren();
    $("explain").replaceChildren();
    $("compare-out").replaceChildren();
    clearHistory();
  }
}

function renderStory() {
  const d = libraryDeal();
  const story = $("story");
  story.replaceChildren();
  if (!d) return;
  if (d.description) story.append(el("p", {}, d.description));
  story.append(el("p", {}, el("strong", {}, t("page-scenario") + ": "), d.scenario.name +
    (d.scenario.description ? " — " + d.scenario.description : "")));
  const sources = [...new Set([...(d.sources || []), ...(d.scenario.sources || [])])];
  if (sources.length) {
    const ul = el("ul", { class: "sources" });
    sources.forEach((s) => ul.append(el("li", {}, s)));
    story.append(el("details", { class: "sources", id: "sources" }, el("summary", {}, t("page-sources")), ul));
  }
}

// A slider at its default (on its step grid) is not moved: the run is the deal's own.
const atDefault = (s, v) => Math.abs(v - s.value) <= s.step / 2;

function renderSliders() {
  const box = $("sliders");
  const focused = document.activeElement && document.activeElement.closest && document.activeElement.closest("#sliders input")
    ? document.activeElement.id : null;
  box.replaceChildren();
  for (const s of (state.deal && state.deal.sliders) || []) {
    const current = state.set[s.id] ?? s.value;
    const value = el("span", { class: "value", id: "value-" + s.id }, sig(current));
    value.classList.toggle("moved", !atDefault(s, current));
    const input = el("input", {
      type: "range", id: "slider-" + s.id, "data-id": s.id,
      min: s.min, max: s.max, step: s.step, value: current,
    });
    input.value = String(current);
    input.setAttribute("aria-valuetext", sig(current));
    input.addEventListener("input", () => {
      const v = Number(input.value);
      if (atDefault(s, v)) delete state.set[s.id];
      else state.set[s.id] = v;
      value.textContent = sig(atDefault(s, v) ? s.value : v);
      input.setAttribute("aria-valuetext", value.textContent);
      value.classList.toggle("moved", !atDefault(s, v));
      schedule();
    });
    // A plain id reads as a name; a dotted path (metric.x.y) only in the label's title.
    const dotted = s.id.includes(".");
    const label = el("label", { class: "name", for: "slider-" + s.id },
      t("page-role-" + s.role) + (dotted ? "" : " · " + s.id));
    if (dotted) label.title = s.id;
    box.append(el("div", { class: "slider" },
      el("div", { class: "head" }, label, value),
      input,
      el("div", { class: "desc" }, s.description || (s.move === "size" ? t("page-slider-group-size") : ""))));
  }
  if (focused && $(focused)) $(focused).focus();
}

function schedule() {
  clearTimeout(state.timer);
  state.timer = setTimeout(run, 250);
}

// The trial counts offered: the ladder up to the server's limit, and a ?trials= asked for.
function trialOptions() {
  const max = state.limits.max_trials;
  const opts = LADDER.filter((n) => n <= max);
  if (!opts.length) opts.push(max);
  if (state.asked && !opts.includes(state.asked)) opts.push(state.asked);
  return opts.sort((a, b) => a - b);
}

function renderTrials() {
  const sel = $("trials");
  sel.replaceChildren();
  for (const n of trialOptions()) sel.append(el("option", { value: String(n) }, money(n)));
  sel.value = String(state.trials);
}

// Choose the trials again on the next answers (a deal picked, or reset), unless they
// were chosen by hand or by ?trials=.
function calibrate() {
  state.calibrating = !state.trialsChosen;
  state.calibrated = 0;
}

// After an answer that took `ms`: a step down while too slow, up while quick, never back
// up after a step down. True when the run should be redone with the new trials.
function nextTrials(ms) {
  if (!state.calibrating) return false;
  const opts = LADDER.filter((n) => n <= state.limits.max_trials);
  const i = opts.indexOf(state.trials);
  let next = null;
  if (ms > 1200 && i > 0) {
    next = opts[i - 1];
    if (state.calibrated > 0) state.calibrating = false; // back to the last quick enough
    state.calibrated = -1;
  } else if (ms < 400 && i >= 0 && i < opts.length - 1 && state.calibrated >= 0) {
    next = opts[i + 1];
    state.calibrated = 1;
  } else {
    state.calibrating = false;
  }
  if (next === null) return false;
  state.trials = next;
  $("trials").value = String(next);
  return true;
}

function busyLater(where) {
  where.textContent = t("page-busy-later");
  where.classList.add("error");
}

// The figures, charts and run info of an earlier run, no longer true for what is chosen.
function clearResults() {
  $("figures").replaceChildren();
  $("charts").replaceChildren();
  $("run-info").replaceChildren();
  delete $("run-info").dataset.trials;
  $("quiz-tranche").textContent = "";
  state.last = null;
}

function failed(text) {
  const status = $("status");
  $("results").classList.remove("busy");
  clearResults();
  if (state.compared) $("compare-out").replaceChildren(); // its assumptions may be others now
  status.textContent = text;
  status.classList.add("error");
}

// One rung down the ladder from the trials now asked (null at the lowest).
function fewerTrials() {
  const lower = LADDER.filter((n) => n < state.trials && n <= state.limits.max_trials);
  return lower.length ? lower[lower.length - 1] : null;
}

// `timedOut`: this run follows a 504 with fewer trials (it is not tried a third time).
async function run(timedOut) {
  if (state.controller) state.controller.abort();
  const controller = new AbortController();
  state.controller = controller;
  const deal = state.deal;
  const body = {
    trials: state.trials, seed: SEED, set: { ...state.set },
    client: state.client, charts: true, lang: state.lang,
  };
  if (state.pasted) { body.contract = state.pasted.contract; body.scenario = state.pasted.scenario; }
  else body.deal = deal.id;
  const status = $("status");
  status.classList.remove("error");
  $("results").classList.add("busy");
  status.textContent = timedOut ? t("page-timeout") : t("page-running");
  for (let attempt = 0; attempt < 6; attempt++) {
    const started = performance.now();
    let r;
    try {
      r = await api("/api/run", body, controller.signal);
    } catch (e) {
      if (controller.signal.aborted || controller !== state.controller) return;
      failed(t("page-error") + " " + e);
      return;
    }
    // An answer for a run since replaced, or for a deal no longer shown.
    if (controller !== state.controller || state.deal !== deal || r.status === 409) return;
    if (r.status === 503) {
      if (attempt === 5) break;
      status.textContent = t("page-busy");
      await new Promise((ok) => setTimeout(ok, 700 + Math.random() * 600 * (attempt + 1)));
      if (controller !== state.controller) return;
      continue;
    }
    if (r.status === 504) {
      // Too slow for the server's time limit: one rung fewer, tried once more.
      const fewer = timedOut ? null : fewerTrials();
      if (fewer === null) { failed(t("page-timeout")); return; }
      clearResults();
      state.trials = fewer;
      state.calibrating = false; // chosen again when another deal is picked
      $("trials").value = String(fewer);
      run(true);
      return;
    }
    $("results").classList.remove("busy");
    if (r.status !== 200) {
      failed(t("page-error") + " " + (r.data && r.data.error) + (r.data && r.data.help ? " — " + r.data.help : ""));
      return;
    }
    const ms = Math.round(performance.now() - started);
    state.last = r.data;
    if (!timedOut) status.textContent = "";
    const again = nextTrials(ms);
    renderResults(r.data, ms);
    if (again) run();
    // A comparison shown is run again with the assumptions and trials of this run.
    else if (state.compared && libraryDeal() && $("design").value === state.compared) compare();
    return;
  }
  $("results").classList.remove("busy");
  busyLater(status);
}

function tranches(summary) {
  return Object.keys(summary.probabilities)
    .filter((k) => /^tranche\..+\.loss$/.test(k))
    .map((k) => k.slice("tranche.".length, -".loss".length));
}

function figure(cls, label, big, se) {
  return el("div", { class: "figure " + cls },
    el("div", { class: "label" }, label),
    el("div", { class: "big" }, big),
    el("div", { class: "se" }, se));
}

function renderResults(data, ms) {
  const s = data.summary;
  const box = $("figures");
  box.replaceChildren();
  const info = $("run-info");
  info.replaceChildren(el("strong", {}, t("page-trials") + ": " + money(s.trials)),
    " " + (state.calibrating ? t("page-trials-choosing") : t("page-trials-kept")) +
    (ms === undefined ? "" : " · " + money(ms) + " ms"));
  info.dataset.trials = s.trials;
  info.dataset.fixed = String(!state.calibrating && s.trials === state.trials);
  for (const id of tranches(s)) {
    const loss = s.probabilities["tranche." + id + ".loss"];
    const f = figure("loss", t("page-loss") + " (" + id + ")", pct(loss.p, 1), "± " + pct(loss.se, 1) + " " + t("page-se"));
    f.id = "loss-" + id;
    f.dataset.p = loss.p;
    f.dataset.tranche = id;
    box.append(f);
    const moic = s.metrics["tranche." + id + ".moic"];
    if (moic) {
      const median = typeof moic.p50 === "number" ? t("page-median") + " " + fmt(moic.p50, 2) + "× · " : "";
      box.append(figure("", t("page-moic") + " (" + id + ")", fmt(moic.mean, 2) + "×", median + "± " + fmt(moic.se, 3) + " " + t("page-se")));
    }
    const irr = s.metrics["tranche." + id + ".irr"];
    if (irr) box.append(figure("", t("page-irr") + " (" + id + ")", pct(irr.p50, 1), pct(irr.p05, 1) + " … " + pct(irr.p95, 1) + " (5–95%)"));
  }
  const paid = s.metrics["deal.paid"];
  if (paid) box.append(figure("", t("page-paid"), money(paid.mean), "± " + money(paid.se) + " " + t("page-se")));
  drawCharts($("charts"), data.charts, "chart-");
  // The quiz asks about the first tranche: named in its prompt.
  const first = tranches(s)[0];
  $("quiz-tranche").textContent = first ? " — " + t("page-tranche") + " " + first : "";
}

// Every chart the server drew, in its order.
function drawCharts(box, charts, prefix) {
  box.replaceChildren();
  for (const c of Array.isArray(charts) ? charts : []) {
    if (!c || typeof c.svg !== "string") continue;
    const div = el("div", { class: "chart", id: prefix + c.name }, el("h3", {}, c.title || ""));
    const holder = el("div", {});
    holder.innerHTML = c.svg; // drawn by the server, every text escaped
    div.append(holder);
    box.append(div);
  }
}

async function renderExplain() {
  const deal = libraryDeal();
  if (!deal) return;
  const lang = state.lang;
  const q = "/api/explain?deal=" + encodeURIComponent(deal.id) + "&lang=" + lang;
  const { status, data } = await api(q);
  if (status !== 200 || libraryDeal() !== deal || state.lang !== lang) return; // since changed
  $("diagram").innerHTML = data.diagram;
  $("explain").innerHTML = data.html;
}

function renderDesigns() {
  const d = libraryDeal();
  const designs = (d && d.designs) || [];
  $("compare-box").hidden = designs.length === 0;
  const sel = $("design");
  sel.replaceChildren();
  designs.forEach((x) => sel.append(el("option", { value: x.id }, x.name + " (" + x.id + ")")));
  $("compare-out").replaceChildren();
  state.compared = null;
}

// One comparison at a time: asked for while one runs, it runs after it (with the
// assumptions then shown), so no comparison cancels another.
function compare() {
  if (state.comparing) { state.compareAgain = true; return; }
  state.comparing = true;
  compareOnce().finally(() => {
    state.comparing = false;
    if (state.compareAgain) { state.compareAgain = false; compare(); }
  });
}

async function compareOnce() {
  const d = libraryDeal();
  if (!d) return;
  const other = $("design").value;
  if (!other) return;
  const trials = Math.min(state.trials, state.limits.compare_max_trials);
  // The page's id, for the comparisons alone: a newer comparison cancels an older one,
  // and never the page's run.
  const body = { deal: d.id, design: other, trials, seed: SEED, set: { ...state.set }, client: state.client + "-compare" };
  const out = $("compare-out");
  out.classList.remove("error");
  out.textContent = t("page-running");
  state.compared = other;
  let r;
  for (let attempt = 0; ; attempt++) {
    r = await api("/api/compare", body);
    if (libraryDeal() !== d || state.compared !== other) return; // another deal or design since
    if (r.status === 409) return; // a newer comparison took its place
    if (r.status !== 503) break;
    if (attempt === 4) { busyLater(out); return; }
    out.textContent = t("page-busy");
    await new Promise((ok) => setTimeout(ok, 700 + Math.random() * 600 * (attempt + 1)));
  }
  if (r.status !== 200) {
    out.textContent = t("page-error") + " " + r.data.error;
    return;
  }
  const c = r.data.comparison;
  const [a, b] = c.designs;
  const diff = c.differences[0];
  const rows = [];
  for (const id of tranches(a)) {
    const k = "tranche." + id + ".loss";
    if (b.probabilities[k] && diff.probabilities[k]) {
      rows.push([t("page-loss") + " (" + id + ")", a.probabilities[k].p, b.probabilities[k].p, diff.probabilities[k].p, diff.probabilities[k].se, (x) => pct(x, 1), (x) => pct(x, 2)]);
    }
    const m = "tranche." + id + ".moic";
    if (b.metrics[m] && diff.metrics[m]) {
      rows.push([t("page-moic") + " (" + id + ")", a.metrics[m].mean, b.metrics[m].mean, diff.metrics[m].mean, diff.metrics[m].se, (x) => fmt(x, 2) + "×", (x) => fmt(x, 3) + "×"]);
    }
  }
  const paid = "deal.paid";
  if (diff.metrics[paid]) rows.push([t("page-paid"), a.metrics[paid].mean, b.metrics[paid].mean, diff.metrics[paid].mean, diff.metrics[paid].se, money, money]);
  // The differences are the other design minus this deal (B − A), paired trial by trial.
  const table = el("table", { class: "compare", id: "compare-table" },
    el("tr", {}, el("th", {}, ""), el("th", {}, "A: " + a.name), el("th", {}, "B: " + b.name),
      el("th", { class: "diff" }, t("page-compare-difference-ba"))));
  for (const [label, x, y, dm, se, f, fse] of rows) {
    table.append(el("tr", {}, el("td", {}, label), el("td", {}, f(x)), el("td", {}, f(y)),
      el("td", {}, (dm >= 0 ? "+" : "") + f(dm) + " ± " + fse(se))));
  }
  const trialsUsed = (a.trials ?? trials);
  out.replaceChildren(table, el("p", { class: "note" }, t("page-trials") + ": " + money(trialsUsed)));
}

function clearHistory() {
  $("history-charts").replaceChildren();
  $("history-out").textContent = "";
  $("history-warnings").replaceChildren();
  $("history-out").classList.remove("error");
  state.replayed = false;
}

async function history() {
  const d = libraryDeal();
  if (!d) return;
  state.replayed = true;
  const lang = state.lang;
  let r;
  for (let attempt = 0; ; attempt++) {
    r = await api("/api/settle", { deal: d.id, lang });
    if (libraryDeal() !== d || state.lang !== lang) return; // another deal or language since
    if (r.status !== 503) break;
    if (attempt === 4) { busyLater($("history-out")); return; }
    await new Promise((ok) => setTimeout(ok, 700 + Math.random() * 600 * (attempt + 1)));
  }
  const { status, data } = r;
  clearHistory();
  state.replayed = true;
  if (status !== 200) {
    $("history-out").textContent = t("page-error") + " " + data.error;
    return;
  }
  drawCharts($("history-charts"), data.charts, "history-chart-");
  $("history-out").textContent = data.table || "";
  const warnings = Array.isArray(data.warnings) ? data.warnings : [];
  const box = $("history-warnings");
  if (warnings.length) {
    const ul = el("ul", {});
    warnings.forEach((w) => ul.append(el("li", {}, String(w))));
    box.append(el("p", { class: "caveat-head" }, t("page-history-caveats")), ul);
  }
}

function renderHistory() {
  const d = libraryDeal();
  const has = !!(d && d.has_observed);
  $("history-none").hidden = has;
  $("history").hidden = !has;
  clearHistory();
}

function listing(text, file, diagnostics) {
  const bad = new Map();
  for (const d of diagnostics) {
    if (d.file !== file || d.severity !== "error" || !d.line) continue;
    for (let l = d.line; l <= Math.max(d.line, d.end_line || d.line); l++) bad.set(l, d.message);
  }
  const box = el("div", { class: "listing", "data-file": file });
  text.split("\n").forEach((line, i) => {
    const row = el("div", {}, el("span", { class: "no" }, String(i + 1)), line);
    if (bad.has(i + 1)) { row.classList.add("bad"); row.title = bad.get(i + 1); row.dataset.line = i + 1; }
    box.append(row);
  });
  return box;
}

async function check() {
  const contract = $("paste-contract").value;
  const scenario = $("paste-scenario").value;
  const body = { contract };
  if (scenario.trim()) body.scenario = scenario;
  const { status, data } = await api("/api/check", body);
  const out = $("check-out");
  out.replaceChildren();
  if (status !== 200) { out.append(el("p", { class: "error" }, data.error)); return false; }
  const errors = data.diagnostics.filter((d) => d.severity === "error");
  if (data.ok) out.append(el("p", { class: "ok" }, t("page-paste-ok")));
  else out.append(el("p", { class: "error" }, t("page-paste-errors")));
  for (const d of data.diagnostics) {
    const where = d.file + (d.line ? ":" + d.line + ":" + d.column : "");
    out.append(el("div", { class: "diag " + d.severity },
      el("span", { class: "where" }, where), " ", d.message + (d.label ? " (" + d.label + ")" : ""),
      d.help ? el("div", { class: "help" }, d.help) : ""));
  }
  // Only the files with errors are listed; the first marked line is scrolled into view.
  if (errors.some((d) => d.file === "contract")) out.append(listing(contract, "contract", data.diagnostics));
  if (scenario.trim() && errors.some((d) => d.file === "scenario")) out.append(listing(scenario, "scenario", data.diagnostics));
  const bad = out.querySelector(".listing .bad");
  if (bad) bad.scrollIntoView({ block: "center" });
  return data.ok;
}

async function runPasted() {
  if (!$("paste-scenario").value.trim()) { await check(); return; }
  if (!(await check())) return;
  state.pasted = { contract: $("paste-contract").value, scenario: $("paste-scenario").value };
  const { data } = await api("/api/check", state.pasted);
  state.set = {};
  const sel = $("deal");
  if (!sel.querySelector("option[value='']")) sel.prepend(el("option", { value: "" }, "—"));
  sel.value = "";
  state.deal = { id: "", sliders: data.sliders || [], designs: [], has_observed: false };
  clearResults();
  showLibraryBoxes(false);
  renderSliders();
  calibrate();
  run();
}

async function pick(id) {
  const deal = state.deals.find((d) => d.id === id);
  if (!deal) return;
  if (state.pasted) $("check-out").replaceChildren(); // the pasted files are no longer shown
  state.pasted = null;
  state.deal = deal;
  state.set = {};
  clearResults(); // the previous deal's figures are not this deal's
  showLibraryBoxes(true);
  renderStory();
  renderSliders();
  renderDesigns();
  renderHistory();
  renderExplain();
  calibrate();
  run();
}

// The language changed: every text shown is drawn again, and what was run is run again
// for its charts' language (same trials, same sliders).
async function changeLanguage() {
  state.lang = $("lang").value;
  await loadMessages();
  renderTrials();
  renderSliders();
  if (libraryDeal()) {
    renderStory();
    renderExplain();
    if (state.replayed) history(); // a comparison shown is rerun after the run

  } else if (state.pasted && $("check-out").childElementCount) {
    check();
  }
  if (state.deal) run();
}

// While the quiz is not revealed, every figure, the charts, the run info and the
// comparison are hidden (each of them tells the answer).
function quizMode(on) {
  state.revealed = !on;
  document.body.classList.toggle("quiz-hidden", on);
  $("quiz-box").hidden = !on;
  $("quiz-result").textContent = "";
  $("guess").value = "";
  $("reveal").disabled = true;
}

// A guess is a number from 0 to 100.
function guessed() {
  const raw = $("guess").value.trim();
  const n = Number(raw);
  return raw !== "" && Number.isFinite(n) && n >= 0 && n <= 100 ? n : null;
}

function reveal() {
  const guess = guessed();
  if (guess === null) return;
  const first = document.querySelector(".figure.loss");
  state.revealed = true;
  document.body.classList.remove("quiz-hidden");
  if (!first) return;
  const actual = Number(first.dataset.p);
  $("quiz-result").textContent = t("page-tranche") + " " + first.dataset.tranche + " — " +
    t("page-quiz-you") + ": " + pct(guess / 100, 0) + " · " + t("page-quiz-sim") + ": " + pct(actual, 1);
}

async function start() {
  const params = new URLSearchParams(location.search);
  const { data } = await api("/api/deals");
  state.deals = data.deals || [];
  const limits = data.limits || {};
  const positive = (n) => Number.isInteger(n) && n > 0;
  if (positive(limits.max_trials)) state.limits.max_trials = limits.max_trials;
  if (positive(limits.compare_max_trials)) state.limits.compare_max_trials = limits.compare_max_trials;
  else state.limits.compare_max_trials = Math.min(state.limits.compare_max_trials, Math.max(1, Math.floor(state.limits.max_trials / 4)));
  state.lang = params.get("lang") || data.lang || "en";
  $("lang").value = state.lang;
  await loadMessages();
  // ?trials=N runs with N trials, at most the server's limit (a slow machine, a test).
  const asked = Number(params.get("trials"));
  const opts = trialOptions();
  state.trials = opts.includes(5000) ? 5000 : opts[opts.length - 1];
  if (Number.isInteger(asked) && asked > 0) {
    state.asked = Math.min(asked, state.limits.max_trials);
    state.trials = state.asked;
    state.trialsChosen = true;
  }
  renderTrials();
  const sel = $("deal");
  state.deals.forEach((d) => sel.append(el("option", { value: d.id }, d.name)));
  $("lang").addEventListener("change", changeLanguage);
  $("trials").addEventListener("change", () => {
    state.trials = Number($("trials").value);
    state.trialsChosen = true;
    state.calibrating = false;
    run();
  });
  // Reset moves the sliders back, with the same trials (chosen again only for a new deal).
  $("reset").addEventListener("click", () => { state.set = {}; renderSliders(); run(); });
  $("quiz").addEventListener("change", () => quizMode($("quiz").checked));
  $("reveal").addEventListener("click", reveal);
  $("guess").addEventListener("input", () => { $("reveal").disabled = guessed() === null; });
  $("compare").addEventListener("click", compare);
  $("design").addEventListener("change", () => { state.compared = null; $("compare-out").replaceChildren(); });
  $("history").addEventListener("click", history);
  $("check").addEventListener("click", check);
  $("run-pasted").addEventListener("click", runPasted);
  sel.addEventListener("change", () => { if (sel.value) pick(sel.value); });
  if (!state.deals.length) return;
  // ?deal=ID opens that deal; else Peterborough, the first social impact bond, where there.
  const known = (id) => id && state.deals.some((d) => d.id === id);
  const first = known(params.get("deal")) ? params.get("deal") : known("peterborough") ? "peterborough" : state.deals[0].id;
  sel.value = first;
  await pick(first);
}

start();
