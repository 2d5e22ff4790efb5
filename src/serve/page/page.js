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
  trialsChosen: false,
};
const SEED = 1;
const $ = (id) => document.getElementById(id);
const t = (key) => state.messages[key] || key;

function fmt(x, digits) {
  return new Intl.NumberFormat(state.lang, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(x);
}
function pct(p, digits) {
  return new Intl.NumberFormat(state.lang, { style: "percent", minimumFractionDigits: digits, maximumFractionDigits: digits }).format(p);
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
  const data = await r.json();
  return { status: r.status, data };
}

async function loadMessages() {
  const { data } = await api("/api/messages?lang=" + state.lang);
  state.messages = data.messages;
  document.documentElement.lang = state.lang;
  document.querySelectorAll("[data-msg]").forEach((e) => { e.textContent = t(e.dataset.msg); });
  document.title = t("page-title");
}

function renderStory() {
  const d = state.deal;
  const story = $("story");
  story.replaceChildren();
  if (d.description) story.append(el("p", {}, d.description));
  story.append(el("p", {}, el("strong", {}, t("page-scenario") + ": "), d.scenario.name +
    (d.scenario.description ? " — " + d.scenario.description : "")));
  const sources = [...new Set([...d.sources, ...d.scenario.sources])];
  if (sources.length) {
    const ul = el("ul", { class: "sources" });
    sources.forEach((s) => ul.append(el("li", {}, s)));
    story.append(el("p", { class: "sources" }, t("page-sources") + ":"), ul);
  }
}

function renderSliders() {
  const box = $("sliders");
  box.replaceChildren();
  for (const s of state.deal.sliders) {
    const value = el("span", { class: "value", id: "value-" + s.id }, sig(s.value));
    const input = el("input", {
      type: "range", id: "slider-" + s.id, "data-id": s.id,
      min: s.min, max: s.max, step: s.step, value: s.value,
    });
    input.addEventListener("input", () => {
      const v = Number(input.value);
      state.set[s.id] = v;
      value.textContent = sig(v);
      value.classList.toggle("moved", Math.abs(v - s.value) > s.step / 2);
      schedule();
    });
    const name = t("page-role-" + s.role) + " · " + s.id;
    box.append(el("div", { class: "slider" },
      el("div", { class: "head" }, el("label", { class: "name", for: "slider-" + s.id }, name), value),
      input,
      el("div", { class: "desc" }, s.description || "")));
  }
}

function schedule() {
  clearTimeout(state.timer);
  state.timer = setTimeout(run, 250);
}

async function run() {
  if (state.controller) state.controller.abort();
  const controller = new AbortController();
  state.controller = controller;
  const body = {
    trials: Number($("trials").value), seed: SEED, set: state.set,
    client: state.client, charts: true, lang: state.lang,
  };
  if (state.pasted) { body.contract = state.pasted.contract; body.scenario = state.pasted.scenario; }
  else body.deal = state.deal.id;
  $("results").classList.add("busy");
  $("status").textContent = t("page-running");
  for (let attempt = 0; attempt < 5; attempt++) {
    let r;
    try {
      r = await api("/api/run", body, controller.signal);
    } catch (e) {
      if (controller.signal.aborted) return;
      $("status").textContent = t("page-error") + " " + e;
      $("results").classList.remove("busy");
      return;
    }
    if (controller !== state.controller || r.status === 409) return;
    if (r.status === 503) {
      $("status").textContent = t("page-busy");
      await new Promise((ok) => setTimeout(ok, 700 + Math.random() * 600));
      continue;
    }
    $("results").classList.remove("busy");
    if (r.status !== 200) {
      $("status").textContent = t("page-error") + " " + r.data.error + (r.data.help ? " — " + r.data.help : "");
      return;
    }
    state.last = r.data;
    // Keep a response under about a second: fewer trials next time if this one was slow,
    // more (for smaller standard errors) if it was quick, unless the trials were chosen.
    const trials = $("trials");
    if (!state.trialsChosen) {
      if (r.data.elapsed_ms > 1200 && trials.selectedIndex > 0) trials.selectedIndex -= 1;
      else if (r.data.elapsed_ms < 400 && trials.selectedIndex < trials.options.length - 1) trials.selectedIndex += 1;
    }
    $("status").textContent = t("page-trials") + ": " + money(r.data.summary.trials) + " · " + r.data.elapsed_ms + " ms";
    renderResults(r.data);
    return;
  }
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

function renderResults(data) {
  const s = data.summary;
  const box = $("figures");
  box.replaceChildren();
  for (const id of tranches(s)) {
    const loss = s.probabilities["tranche." + id + ".loss"];
    const f = figure("loss", t("page-loss") + " (" + id + ")", pct(loss.p, 1), "± " + pct(loss.se, 1) + " " + t("page-se"));
    f.id = "loss-" + id;
    f.dataset.p = loss.p;
    if (!state.revealed) f.classList.add("hidden-figure");
    box.append(f);
    const moic = s.metrics["tranche." + id + ".moic"];
    if (moic) box.append(figure("", t("page-moic") + " (" + id + ")", fmt(moic.mean, 2) + "×", "± " + fmt(moic.se, 3) + " " + t("page-se")));
    const irr = s.metrics["tranche." + id + ".irr"];
    if (irr) box.append(figure("", t("page-irr") + " (" + id + ")", pct(irr.p50, 1), pct(irr.p05, 1) + " … " + pct(irr.p95, 1) + " (5–95%)"));
  }
  const paid = s.metrics["deal.paid"];
  if (paid) box.append(figure("", t("page-paid"), money(paid.mean), "± " + money(paid.se) + " " + t("page-se")));
  const charts = $("charts");
  charts.replaceChildren();
  for (const c of data.charts || []) {
    const div = el("div", { class: "chart", id: "chart-" + c.name }, el("h3", {}, c.title));
    const holder = el("div", {});
    holder.innerHTML = c.svg; // drawn by the server, every text escaped
    div.append(holder);
    charts.append(div);
  }
  if (!state.revealed) charts.style.visibility = "hidden";
}

async function renderExplain() {
  const q = "/api/explain?deal=" + encodeURIComponent(state.deal.id) + "&lang=" + state.lang;
  const { status, data } = await api(q);
  if (status !== 200) return;
  $("diagram").innerHTML = data.diagram;
  $("explain").innerHTML = data.html;
}

function renderDesigns() {
  const d = state.deal;
  $("compare-box").hidden = d.designs.length === 0;
  const sel = $("design");
  sel.replaceChildren();
  d.designs.forEach((x) => sel.append(el("option", { value: x.id }, x.name + " (" + x.id + ")")));
  $("compare-out").replaceChildren();
}

async function compare() {
  const d = state.deal;
  const other = $("design").value;
  const body = { deal: d.id, design: other, trials: Number($("trials").value), seed: SEED, set: state.set };
  $("compare-out").textContent = t("page-running");
  const r = await api("/api/compare", body);
  if (r.status !== 200) {
    $("compare-out").textContent = t("page-error") + " " + r.data.error;
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
  const table = el("table", { class: "compare", id: "compare-table" },
    el("tr", {}, el("th", {}, ""), el("th", {}, a.name), el("th", {}, b.name), el("th", {}, t("page-compare-difference"))));
  for (const [label, x, y, dm, se, f, fse] of rows) {
    table.append(el("tr", {}, el("td", {}, label), el("td", {}, f(x)), el("td", {}, f(y)),
      el("td", {}, (dm >= 0 ? "+" : "") + f(dm) + " ± " + fse(se))));
  }
  $("compare-out").replaceChildren(table);
}

async function history() {
  const { status, data } = await api("/api/settle", { deal: state.deal.id, lang: state.lang });
  $("history-out").textContent = status === 200 ? data.table : t("page-error") + " " + data.error;
}

function renderHistory() {
  const has = state.deal.has_observed;
  $("history-none").hidden = has;
  $("history").hidden = !has;
  $("history-out").textContent = "";
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
  if (errors.length) {
    out.append(listing(contract, "contract", data.diagnostics));
    if (scenario.trim()) out.append(listing(scenario, "scenario", data.diagnostics));
  }
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
  renderSliders();
  renderDesigns();
  renderHistory();
  run();
}

async function pick(id) {
  state.pasted = null;
  state.deal = state.deals.find((d) => d.id === id);
  state.set = {};
  renderStory();
  renderSliders();
  renderDesigns();
  renderHistory();
  renderExplain();
  run();
}

function quizMode(on) {
  state.revealed = !on;
  $("quiz-box").hidden = !on;
  $("quiz-result").textContent = "";
  $("guess").value = "";
  document.querySelectorAll(".figure.loss").forEach((f) => f.classList.toggle("hidden-figure", on));
  $("charts").style.visibility = on ? "hidden" : "visible";
}

function reveal() {
  const first = document.querySelector(".figure.loss");
  state.revealed = true;
  document.querySelectorAll(".hidden-figure").forEach((f) => f.classList.remove("hidden-figure"));
  $("charts").style.visibility = "visible";
  if (!first) return;
  const guess = Number($("guess").value) / 100;
  const actual = Number(first.dataset.p);
  $("quiz-result").textContent = t("page-quiz-you") + ": " + pct(guess, 0) + " · " + t("page-quiz-sim") + ": " + pct(actual, 1);
}

async function start() {
  const params = new URLSearchParams(location.search);
  const { data } = await api("/api/deals");
  state.deals = data.deals;
  state.lang = params.get("lang") || data.lang || "en";
  $("lang").value = state.lang;
  await loadMessages();
  // ?trials=N starts with N trials (a slow machine, a test).
  const asked = Number(params.get("trials"));
  if (Number.isInteger(asked) && asked > 0) {
    const trials = $("trials");
    if (![...trials.options].some((o) => Number(o.value) === asked)) {
      trials.prepend(el("option", { value: String(asked) }, money(asked)));
    }
    trials.value = String(asked);
    state.trialsChosen = true;
  }
  const sel = $("deal");
  state.deals.forEach((d) => sel.append(el("option", { value: d.id }, d.name)));
  // ?deal=ID opens that deal; else Peterborough, the first social impact bond, where there.
  const known = (id) => id && state.deals.some((d) => d.id === id);
  const first = known(params.get("deal")) ? params.get("deal") : known("peterborough") ? "peterborough" : state.deals[0].id;
  sel.value = first;
  sel.addEventListener("change", () => { if (sel.value) pick(sel.value); });
  $("lang").addEventListener("change", async () => {
    state.lang = $("lang").value;
    await loadMessages();
    renderStory();
    renderSliders();
    renderExplain();
    run();
  });
  $("trials").addEventListener("change", () => { state.trialsChosen = true; run(); });
  $("reset").addEventListener("click", () => { state.set = {}; renderSliders(); run(); });
  $("quiz").addEventListener("change", () => quizMode($("quiz").checked));
  $("reveal").addEventListener("click", reveal);
  $("compare").addEventListener("click", compare);
  $("history").addEventListener("click", history);
  $("check").addEventListener("click", check);
  $("run-pasted").addEventListener("click", runPasted);
  await pick(first);
}

start();
