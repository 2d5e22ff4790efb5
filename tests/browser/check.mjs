// Opens one sibyl HTML report in headless Chromium, as a reader would, and checks it:
//
//   node check.mjs REPORT.html OUT_DIR [--lang en|bg|sv|fi] [--name BASE] [--strict-layout]
//
// Failures:
// - a console error or a page error;
// - any request but the report itself (the page must be self-contained: no http(s), no
//   font, no image, no fetch; every request is recorded, and refused);
// - a <script>, <link>, embedded image or frame, or web font in the page;
// - a `figure.chart` without an <svg> of more than 50 x 50 px with drawn shapes, unless it
//   holds an intentional note (`p.note`); the diagram and at least one histogram (moic-,
//   irr-, paid-) must always be SVGs;
// - a lang attribute other than the one expected (with --lang);
// - a PDF that is not one, or of a single page.
// Layout warnings (failures with --strict-layout): chart labels over one another, over the
// edge of a bar or box, or outside the chart; two charts with the same data-chart name; a
// table, cell, chart or paragraph wider than the page's column, on screen (1100 px wide)
// and at the width between an A4 page's margins (182 mm).
// It writes OUT_DIR/BASE.png (the whole page on screen) and OUT_DIR/BASE.pdf (A4, as
// printed); BASE is the report's name without .html unless --name gives it.
//
// On success it prints a one-line JSON summary on stdout (charts, svgs, notes, requests,
// pdfPages, layout warnings...) and exits 0; on a failed check it prints every failure on
// stderr and exits 1; on a wrong command line or a browser that cannot be started it
// exits 2. The browser is Debian's Chromium (`/usr/bin/chromium`, or the CHROMIUM
// environment variable); Playwright downloads none.

import { mkdir, readFile, stat } from "node:fs/promises";
import { basename, extname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const USAGE = "usage: node check.mjs REPORT.html OUT_DIR [--lang LANG] [--name BASE] [--strict-layout]";

function usage(message) {
  console.error(`check.mjs: ${message}\n${USAGE}`);
  process.exit(2);
}

function parseArgs(argv) {
  const positional = [];
  const opts = { lang: null, name: null, strictLayout: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--strict-layout") {
      opts.strictLayout = true;
    } else if (a === "--lang" || a === "--name") {
      if (i + 1 >= argv.length) usage(`${a} needs a value`);
      opts[a.slice(2)] = argv[++i];
    } else if (a.startsWith("--")) {
      usage(`unknown option ${a}`);
    } else {
      positional.push(a);
    }
  }
  if (positional.length !== 2) usage("give the report and the output folder");
  const [file, outDir] = positional;
  return { file: resolve(file), outDir: resolve(outDir), ...opts };
}

// Every chart the page holds, as the browser lays it out (runs in the page).
function measureCharts() {
  const drawn = "rect, path, line, polyline, polygon, circle, ellipse";
  return [...document.querySelectorAll("figure.chart")].map((fig, index) => {
    const svg = fig.querySelector("svg");
    const note = fig.querySelector("p.note");
    const caption = fig.querySelector("figcaption");
    const out = {
      index,
      name: fig.dataset.chart ?? "",
      svg: null,
      note: note ? note.textContent.trim() : null,
      caption: caption ? caption.textContent.trim() : "",
    };
    if (svg) {
      const box = svg.getBoundingClientRect();
      // Text drawn outside the svg's own box is cut off on screen and on paper.
      const outside = [];
      const texts = [];
      for (const t of svg.querySelectorAll("text")) {
        const r = t.getBoundingClientRect();
        const text = t.textContent.trim();
        if (!text || r.width === 0) continue;
        if (r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1 || r.bottom > box.bottom + 1) {
          outside.push(text);
        }
        texts.push({ text, r });
      }
      // Labels written over one another (more than a pixel each way) cannot be read.
      const overlapping = [];
      for (let i = 0; i < texts.length; i++) {
        for (let j = i + 1; j < texts.length; j++) {
          const a = texts[i].r;
          const b = texts[j].r;
          const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
          const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
          if (w > 1 && h > 1) overlapping.push(`"${texts[i].text}" and "${texts[j].text}"`);
        }
      }
      // Labels half on a bar or box: partly hidden, or crossing its edge.
      const area = box.width * box.height;
      const shapes = [...svg.querySelectorAll("rect")]
        .map((el) => ({ el, r: el.getBoundingClientRect() }))
        .filter(({ el, r }) => {
          const fill = (el.getAttribute("fill") ?? "").toLowerCase();
          return r.width > 0 && r.height > 0 && r.width * r.height < area / 2 && !["none", "white", "#fff", "#ffffff", "transparent"].includes(fill);
        });
      const straddling = [];
      for (const t of texts) {
        for (const { r } of shapes) {
          const w = Math.min(t.r.right, r.right) - Math.max(t.r.left, r.left);
          const h = Math.min(t.r.bottom, r.bottom) - Math.max(t.r.top, r.top);
          const inside = t.r.left >= r.left - 1 && t.r.right <= r.right + 1 && t.r.top >= r.top - 1 && t.r.bottom <= r.bottom + 1;
          if (w > 1 && h > 1 && !inside) {
            straddling.push(t.text);
            break;
          }
        }
      }
      out.svg = {
        width: box.width,
        height: box.height,
        shapes: svg.querySelectorAll(drawn).length,
        texts: svg.querySelectorAll("text").length,
        textOutside: outside,
        textOverlapping: overlapping,
        textOverShapes: straddling,
      };
    }
    return out;
  });
}

// Whatever sticks out of the column it sits in (runs in the page, for the current width).
function measureOverflow() {
  const found = [];
  const main = document.querySelector("main") ?? document.body;
  const style = getComputedStyle(main);
  const mainBox = main.getBoundingClientRect();
  const right = mainBox.right - parseFloat(style.paddingRight) + 1;
  const describe = (el) => {
    const section = el.closest("section");
    const where = section ? `#${section.id}` : "page";
    const text = (el.textContent ?? "").trim().replace(/\s+/g, " ").slice(0, 60);
    return `${where} <${el.tagName.toLowerCase()}> "${text}"`;
  };
  for (const table of main.querySelectorAll("table")) {
    const r = table.getBoundingClientRect();
    if (r.right > right) found.push(`${describe(table)} is ${Math.round(r.right - right)} px wider than the page's column`);
    for (const cell of table.querySelectorAll("th, td")) {
      if (cell.scrollWidth > cell.clientWidth + 1) {
        found.push(`${describe(cell)}: its text overflows the cell by ${cell.scrollWidth - cell.clientWidth} px`);
      }
    }
  }
  for (const fig of main.querySelectorAll("figure.chart")) {
    const r = fig.getBoundingClientRect();
    if (r.right > right) found.push(`chart ${fig.dataset.chart} is ${Math.round(r.right - right)} px wider than the page's column`);
  }
  for (const el of main.querySelectorAll(".keys .key, dl.meta dd, p, li")) {
    if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX === "visible") {
      found.push(`${describe(el)}: its text overflows by ${el.scrollWidth - el.clientWidth} px`);
    }
  }
  const page = document.documentElement.scrollWidth - document.documentElement.clientWidth;
  if (page > 1) found.push(`the page scrolls sideways by ${page} px`);
  return found;
}

// Pages in a PDF as Chromium writes it: one `/Type /Page` object each (not `/Pages`).
function pdfPages(bytes) {
  const text = bytes.toString("latin1");
  const objects = text.match(/\/Type\s*\/Page(?![a-zA-Z])/g)?.length ?? 0;
  const counts = [...text.matchAll(/\/Type\s*\/Pages\b[^>]*?\/Count\s+(\d+)/g)].map((m) => Number(m[1]));
  return { objects, count: counts.length ? Math.max(...counts) : null };
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const failures = [];
  const fail = (m) => failures.push(m);
  // What a reader would see as untidy rather than broken: reported, and failures only
  // with --strict-layout.
  const layout = [];
  const untidy = (m) => layout.push(m);

  const info = await stat(args.file).catch(() => null);
  if (!info?.isFile()) usage(`no report at ${args.file}`);
  await mkdir(args.outDir, { recursive: true });
  const base = args.name ?? basename(args.file, extname(args.file));
  const url = pathToFileURL(args.file).href;
  const executablePath = process.env.CHROMIUM || "/usr/bin/chromium";

  let browser;
  try {
    browser = await chromium.launch({
      executablePath,
      headless: true,
      args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
      timeout: 60_000,
    });
  } catch (e) {
    console.error(`check.mjs: cannot start Chromium at ${executablePath}: ${e.message}`);
    process.exit(2);
  }

  const summary = { report: args.file, lang: null, charts: 0, svgs: 0, notes: 0, requests: [], pdfPages: 0 };
  try {
    // A screen a little wider than the page's 980 px column.
    const context = await browser.newContext({ viewport: { width: 1100, height: 900 }, offline: true });
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);

    const requests = [];
    page.on("request", (req) => requests.push({ url: req.url(), type: req.resourceType() }));
    page.on("requestfailed", (req) => {
      if (req.url() !== url) fail(`a request failed: ${req.resourceType()} ${req.url()}`);
    });
    page.on("console", (msg) => {
      if (msg.type() === "error") fail(`console error: ${msg.text()}`);
    });
    page.on("pageerror", (err) => fail(`page error: ${err.message}`));
    page.on("popup", (p) => fail(`the page opened a window: ${p.url()}`));
    // Nothing leaves the machine even if the page asks: all but the report is refused.
    await context.route("**/*", (route) => (route.request().url() === url ? route.continue() : route.abort()));

    const response = await page.goto(url, { waitUntil: "load" });
    if (response && !response.ok()) fail(`the report did not load: ${response.status()}`);
    await page.evaluate(() => document.fonts.ready);
    // Anything lazy (images below the fold, fonts, timers) gets its chance to ask.
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    await page.waitForTimeout(300);
    await page.evaluate(() => window.scrollTo(0, 0));

    const lang = await page.evaluate(() => document.documentElement.getAttribute("lang"));
    summary.lang = lang;
    if (args.lang && lang !== args.lang) fail(`the page's lang is ${JSON.stringify(lang)}, expected ${JSON.stringify(args.lang)}`);

    const dom = await page.evaluate(() => ({
      scripts: document.querySelectorAll("script").length,
      links: document.querySelectorAll("link").length,
      embedded: document.querySelectorAll("img, iframe, object, embed, video, audio, source").length,
      fonts: document.fonts.size,
      title: document.title.trim(),
    }));
    if (dom.scripts) fail(`the page has ${dom.scripts} <script> element(s)`);
    if (dom.links) fail(`the page has ${dom.links} <link> element(s)`);
    if (dom.embedded) fail(`the page embeds ${dom.embedded} image(s), frame(s) or media element(s)`);
    if (dom.fonts) fail(`the page declares ${dom.fonts} web font(s)`);
    if (!dom.title) fail("the page has no title");

    const charts = await page.evaluate(measureCharts);
    summary.charts = charts.length;
    for (const c of charts) {
      const label = `chart ${c.index + 1} (${c.name || "no data-chart name"})`;
      if (!c.name) fail(`${label} has no data-chart name`);
      if (!c.caption) fail(`${label} has no caption`);
      if (c.svg) {
        summary.svgs++;
        const { width, height, shapes } = c.svg;
        if (!(width > 50 && height > 50)) fail(`${label}: its svg is ${width.toFixed(0)} x ${height.toFixed(0)} px`);
        if (shapes < 3) fail(`${label}: its svg draws only ${shapes} shape(s)`);
        if (c.note) fail(`${label} holds both an svg and a note`);
        for (const t of c.svg.textOutside) untidy(`chart ${c.name}: text drawn outside the chart: "${t}"`);
        for (const t of c.svg.textOverlapping) untidy(`chart ${c.name}: labels drawn over one another: ${t}`);
        for (const t of c.svg.textOverShapes) untidy(`chart ${c.name}: a label runs over the edge of a bar or box: "${t}"`);
      } else if (c.note) {
        summary.notes++;
      } else {
        fail(`${label} holds neither an svg nor a note`);
      }
    }
    const names = charts.map((c) => c.name);
    for (const n of new Set(names)) {
      const times = names.filter((m) => m === n).length;
      if (times > 1) untidy(`chart name ${n} is used by ${times} charts (data-chart should tell them apart)`);
    }
    const real = (name) => charts.some((c) => c.svg && c.name === name);
    if (!real("diagram")) fail("the who-pays-whom diagram is missing or not an svg");
    if (!charts.some((c) => c.svg && /^(moic|irr|paid)-/.test(c.name))) fail("no histogram (moic-, irr- or paid-) is drawn as an svg");
    summary.chartNames = charts.map((c) => (c.svg ? c.name : `${c.name} (note)`));

    for (const o of await page.evaluate(measureOverflow)) untidy(`on screen: ${o}`);

    const shot = join(args.outDir, `${base}.png`);
    await page.screenshot({ path: shot, fullPage: true });
    summary.screenshot = shot;

    // Paper: the print styles at the width between an A4 page's margins (210 - 2 x 14 mm).
    await page.emulateMedia({ media: "print" });
    await page.setViewportSize({ width: Math.floor((182 / 25.4) * 96), height: 1100 });
    for (const o of await page.evaluate(measureOverflow)) untidy(`on A4: ${o}`);
    const pdfPath = join(args.outDir, `${base}.pdf`);
    await page.pdf({ path: pdfPath, format: "A4", printBackground: true });
    summary.pdf = pdfPath;
    const pdf = await readFile(pdfPath);
    if (pdf.length < 1000 || pdf.subarray(0, 5).toString("latin1") !== "%PDF-") {
      fail(`the PDF is not a PDF (${pdf.length} bytes)`);
    } else {
      const { objects, count } = pdfPages(pdf);
      summary.pdfPages = Math.max(objects, count ?? 0);
      if (count !== null && count !== objects) fail(`the PDF's page tree says ${count} pages but holds ${objects}`);
      if (summary.pdfPages < 2) fail(`the PDF has ${summary.pdfPages} page(s); a report runs to more than one`);
    }

    await page.waitForTimeout(100);
    summary.requests = requests.map((r) => `${r.type} ${r.url}`);
    for (const r of requests) {
      if (r.url !== url) fail(`the page requested ${r.type} ${r.url.slice(0, 200)}`);
    }
    if (!requests.some((r) => r.url === url)) fail("the report itself was never requested");
    await context.close();
  } catch (e) {
    fail(`the check stopped: ${e.stack ?? e}`);
  } finally {
    await browser.close();
  }

  summary.layout = layout;
  if (args.strictLayout) failures.push(...layout.map((m) => `layout: ${m}`));
  else if (layout.length) {
    console.error(`check.mjs: ${args.file}: ${layout.length} layout warning(s) (failures with --strict-layout):`);
    for (const m of layout) console.error(`  ~ ${m}`);
  }
  if (failures.length) {
    console.error(`check.mjs: ${args.file}: ${failures.length} problem(s):`);
    for (const f of failures) console.error(`  - ${f}`);
    process.exit(1);
  }
  console.log(JSON.stringify(summary));
}

await main();
