// The draw-a-digit page and the HTML report in a real browser (headless Chromium through playwright-core):
//   node scripts/browser-test.mjs PLAYWRIGHT_CORE_DIR MODEL...
// For each model: starts `./backprop4j serve MODEL --port 0` on loopback, draws a 1, a 7 and a 0 on the canvas with
// the mouse and checks the guess shown, asks for a random test image; then opens the model's report (MODEL.html)
// and checks that its charts, heat map, gallery and first-layer images are drawn. Any request that leaves the
// machine fails the test.
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";

const [pwDir, ...models] = process.argv.slice(2);
if (!pwDir || models.length === 0) {
  console.error("usage: node scripts/browser-test.mjs PLAYWRIGHT_CORE_DIR MODEL...");
  process.exit(2);
}
const { chromium } = createRequire(import.meta.url)(path.resolve(pwDir));
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const failures = [];
const check = (ok, what) => { console.log((ok ? "ok   " : "FAIL ") + what); if (!ok) failures.push(what); };

function serve(model) {
  return new Promise((resolve, reject) => {
    const p = spawn(path.join(root, "backprop4j"), ["serve", model, "--port", "0"], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    const timer = setTimeout(() => reject(new Error("serve did not start in 120 s: " + out)), 120_000);
    const onData = d => {
      out += d;
      const m = out.match(/at (http:\/\/127\.0\.0\.1:\d+\/)/);
      if (m) { clearTimeout(timer); resolve({ url: m[1], process: p }); }
    };
    p.stdout.on("data", onData);
    p.stderr.on("data", d => { out += d; });
    p.on("exit", code => { clearTimeout(timer); reject(new Error("serve exited with " + code + ": " + out)); });
  });
}

/** Draws strokes given in 0..1 coordinates of the pad, as a user with a mouse would. */
async function draw(page, strokes) {
  const box = await page.locator("#pad").boundingBox();
  for (const stroke of strokes) {
    const at = ([x, y]) => [box.x + x * box.width, box.y + y * box.height];
    await page.mouse.move(...at(stroke[0]));
    await page.mouse.down();
    for (const p of stroke.slice(1)) await page.mouse.move(...at(p), { steps: 8 });
    await page.mouse.up();
  }
}

async function guessAfter(page, strokes) {
  await page.click("#clear");
  await draw(page, strokes);
  // the answer to the last stroke: wait until the page has asked and shown it
  await page.waitForFunction(() => document.getElementById("guess").textContent !== "", null, { timeout: 10_000 });
  await page.waitForTimeout(400);
  return page.locator("#guess").textContent();
}

const circle = [];
for (let i = 0; i <= 24; i++) {
  const t = (2 * Math.PI * i) / 24;
  circle.push([0.5 + 0.2 * Math.sin(t), 0.5 - 0.3 * Math.cos(t)]);
}
const digits = [
  ["1", [[[0.5, 0.15], [0.5, 0.85]]]],
  ["7", [[[0.25, 0.2], [0.75, 0.2], [0.45, 0.85]]]],
  ["0", [circle]],
];

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium", headless: true, args: ["--no-sandbox"] });
try {
  for (const model of models) {
    const name = path.basename(model);
    const server = await serve(model);
    const context = await browser.newContext({ viewport: { width: 1000, height: 800 } });
    const outside = [];
    await context.route("**/*", route => {
      const u = route.request().url();
      if (u.startsWith(server.url) || u.startsWith("file:") || u.startsWith("data:")) return route.continue();
      outside.push(u);
      return route.abort();
    });
    try {
      const page = await context.newPage();
      await page.goto(server.url);
      for (const [digit, strokes] of digits) {
        const shown = await guessAfter(page, strokes);
        check(shown === digit, `${name}: a drawn ${digit} is read as ${shown}`);
      }
      const seen = await page.evaluate(() => {
        const d = document.getElementById("seen").getContext("2d").getImageData(0, 0, 28, 28).data;
        let lit = 0;
        for (let i = 0; i < d.length; i += 4) if (d[i] > 64) lit++;
        return lit;
      });
      check(seen > 20, `${name}: the 28x28 input is shown (${seen} lit pixels)`);
      const bars = await page.locator(".bar").count();
      check(bars === 10, `${name}: ten probability bars (${bars})`);
      await page.click("#random");
      await page.waitForFunction(() => document.getElementById("note").textContent.startsWith("Test image #"), null, { timeout: 10_000 });
      check(true, `${name}: a random test image: ` + (await page.locator("#note").textContent()));

      const report = path.resolve(root, model.replace(/\.bp4j$/, "") + ".html");
      const r = await context.newPage();
      await r.goto(pathToFileURL(report).href);
      const drawn = await r.evaluate(() => {
        const charts = [...document.querySelectorAll("svg.chart")];
        // a line per series, or a dot where a series has one epoch
        const lines = charts.flatMap(c => [...c.querySelectorAll("path.series, circle")]).filter(p => { const b = p.getBBox(); return b.width > 0 || b.height > 0; });
        const images = [...document.querySelectorAll("img")];
        return {
          charts: charts.length, lines: lines.length,
          heat: document.querySelectorAll("svg.heat rect").length,
          gallery: document.querySelectorAll("img.digit").length,
          tiles: document.querySelectorAll("img.tile").length,
          broken: images.filter(i => !i.complete || i.naturalWidth === 0).length,
        };
      });
      check(drawn.charts === 4 && drawn.lines >= 6, `${name} report: ${drawn.charts} charts with ${drawn.lines} lines drawn`);
      check(drawn.heat >= 100, `${name} report: the confusion heat map (${drawn.heat} cells)`);
      check(drawn.gallery > 0 && drawn.tiles > 0 && drawn.broken === 0,
        `${name} report: ${drawn.gallery} misclassified images, ${drawn.tiles} first-layer images, ${drawn.broken} broken`);
      check(outside.length === 0, `${name}: no request left the machine ${outside.join(" ")}`);
    } finally {
      await context.close();
      server.process.kill("SIGTERM");
    }
  }
} finally {
  await browser.close();
}
if (failures.length) {
  console.error(`${failures.length} browser check(s) failed`);
  process.exit(1);
}
console.log("browser tests passed");
