// End-to-end test of kg serve in a real headless Chromium (Debian's
// chromium, never a downloaded browser), driven by playwright-core:
//
//   KG_BIN=/path/to/kg SEEDS=/path/to/seeds node e2e/e2e.mjs [SHOTS_DIR]
//
// It starts `kg serve --watch` on a copy of the seeds into an empty store,
// searches 崔榮國 (Traditional), opens the person, walks to 无锡高新区
// and to an article, runs a library query, opens the status page (a
// screenshot of each goes to SHOTS_DIR, default docs/screenshots), then
// drops a new article into the watched folder and waits for it to be
// found by search while the server keeps answering.
import { chromium } from "playwright-core";
import { spawn } from "node:child_process";
import { mkdtempSync, cpSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const kg = process.env.KG_BIN || "kg";
const seeds = process.env.SEEDS || "seeds";
const shots = resolve(process.argv[2] || "docs/screenshots");
const browserPath = process.env.CHROMIUM || "/usr/bin/chromium";
mkdirSync(shots, { recursive: true });

const work = mkdtempSync(join(tmpdir(), "kg-e2e-"));
const folder = join(work, "seeds");
cpSync(seeds, folder, { recursive: true });

function fail(msg) {
  console.error("e2e FAILED: " + msg);
  process.exitCode = 1;
  throw new Error(msg);
}

// start kg serve and wait for the address it prints
const serve = spawn(kg, ["serve", "--db", join(work, "kg.kuzu"), "--watch", folder, "--debounce", "300ms", "--addr", "127.0.0.1:0"], { stdio: ["ignore", "pipe", "pipe"] });
let log = "";
serve.stderr.on("data", (d) => { log += d; });
const base = await new Promise((ok, ko) => {
  let out = "";
  const timer = setTimeout(() => ko(new Error("kg serve printed no address in 60 s:\n" + out + log)), 60000);
  serve.stdout.on("data", (d) => {
    out += d;
    const m = out.match(/http:\/\/[^\s]+\//);
    if (m) { clearTimeout(timer); ok(m[0].replace(/\/$/, "")); }
  });
  serve.on("exit", (code) => ko(new Error(`kg serve exited (${code}):\n${out}${log}`)));
});
console.log("kg serve at", base);

// the first round ingests the seeds: wait until the store holds them
async function status() { return (await fetch(base + "/api/status")).json(); }
for (let i = 0; ; i++) {
  const s = await status();
  if (s.rounds >= 1 && (s.nodes.Article || 0) >= 5) break;
  if (i > 240) fail("the first round did not ingest the seeds: " + JSON.stringify(s));
  await new Promise((r) => setTimeout(r, 250));
}

const profile = mkdtempSync(join(tmpdir(), "kg-e2e-profile-")); // an empty --user-data-dir
const context = await chromium.launchPersistentContext(profile, {
  executablePath: browserPath,
  headless: true,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  viewport: { width: 1280, height: 900 },
});
const page = context.pages()[0] || (await context.newPage());
const errors = [];
page.on("pageerror", (e) => errors.push(String(e)));

try {
  // search in Traditional script
  await page.goto(base + "/");
  await page.fill("main input[type=search]", "崔榮國");
  await page.press("main input[type=search]", "Enter");
  const person = page.locator('a[data-entity="Person:崔荣国"]');
  await person.waitFor({ timeout: 10000 });
  await page.screenshot({ path: join(shots, "search.jpg"), fullPage: true, type: "jpeg", quality: 75 });

  // the person: posts in time order, the graph drawn
  await person.click();
  await page.locator("h1", { hasText: "崔荣国" }).waitFor();
  await page.locator("h2", { hasText: "Positions" }).waitFor();
  await page.locator("#graph canvas").first().waitFor();
  await page.waitForTimeout(500);
  await page.screenshot({ path: join(shots, "entity-person.jpg"), fullPage: true, type: "jpeg", quality: 75 });

  // walk to the organisation: who holds which post there, and where it says so
  await page.locator("table a", { hasText: "无锡高新区" }).first().click();
  await page.locator("h1", { hasText: "无锡高新区" }).waitFor();
  const rows = await page.locator("table tr", { hasText: "党工委书记" }).count();
  if (rows === 0) fail("无锡高新区's page lists no 党工委书记");
  await page.waitForTimeout(500);
  await page.screenshot({ path: join(shots, "entity-organization.jpg"), fullPage: true, type: "jpeg", quality: 75 });

  // and to an article that says so, its mentions highlighted
  await page.locator("a", { hasText: "article →" }).first().click();
  await page.locator("mark.Person").first().waitFor();
  await page.screenshot({ path: join(shots, "article.jpg"), fullPage: true, type: "jpeg", quality: 75 });

  // a library query, as a table
  await page.goto(base + "/#/query");
  await page.locator(".library button", { hasText: "officials_of_org" }).click();
  await page.locator("button.primary", { hasText: "Run" }).click();
  await page.locator("main table td", { hasText: "崔荣国" }).first().waitFor();
  await page.screenshot({ path: join(shots, "query.jpg"), fullPage: true, type: "jpeg", quality: 75 });

  // a file dropped into the watched folder is found within seconds
  const dropped = Date.now();
  writeFileSync(join(folder, "new_article.txt"), "无锡高新区召开会议\n2026-11-30\n无锡高新区管委会副主任周立新出席会议并讲话。\n");
  for (let i = 0; ; i++) {
    const r = await (await fetch(base + "/api/search?q=" + encodeURIComponent("周立新"))).json();
    if ((r.by_type.Person || []).some((p) => p.name === "周立新")) break;
    if (i > 120) fail("a dropped article did not appear in search within 30 s");
    await new Promise((r) => setTimeout(r, 250));
  }
  console.log(`dropped article found by search after ${((Date.now() - dropped) / 1000).toFixed(1)} s`);

  await page.goto(base + "/#/status");
  await page.locator("h2", { hasText: "Nodes" }).waitFor();
  await page.screenshot({ path: join(shots, "status.jpg"), fullPage: true, type: "jpeg", quality: 75 });

  if (errors.length) fail("the page threw: " + errors.join("; "));
  console.log("e2e passed; screenshots in", shots);
} catch (err) {
  process.exitCode = 1;
  console.error("e2e FAILED:", err.message, "\nkg serve log:\n" + log.split("\n").filter((l) => !l.includes("path=/api/search")).slice(-40).join("\n"));
} finally {
  await context.close();
  serve.kill("SIGTERM");
}
