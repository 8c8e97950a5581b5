// Shared by the browser scripts: Debian's Chromium through playwright-core (no browser download), screenshots,
// and one JSON line of results on stdout for the .NET test that ran the script.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { chromium } from "playwright-core";

export const chromiumPath = process.env.VOICEFLOW_CHROMIUM ?? "/usr/bin/chromium";

const baseArgs = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
  "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--autoplay-policy=no-user-gesture-required",
];

/** Runs `scenario(page, tools)` in a fresh browser and prints {ok, ...results} or {ok:false, error} as JSON. */
export async function run({ shots, args = [], viewport = { width: 1280, height: 860 } }, scenario) {
  mkdirSync(shots, { recursive: true });
  const browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: [...baseArgs, ...args] });
  const context = await browser.newContext({ viewport, baseURL: process.env.VOICEFLOW_BASE_URL });
  const page = await context.newPage();
  const consoleErrors = [];
  page.on("console", (message) => {
    if (message.type() === "error") consoleErrors.push(message.text());
  });
  page.on("pageerror", (error) => consoleErrors.push(`page error: ${error.message}`));
  const results = { screenshots: [] };
  const tools = {
    results,
    consoleErrors,
    async shot(name) {
      const path = join(shots, `${name}.png`);
      await page.screenshot({ path, fullPage: true });
      results.screenshots.push(path);
    },
    step(name) {
      process.stderr.write(`[browser] ${name}\n`);
    },
  };
  let exitCode = 0;
  try {
    await scenario(page, tools);
    results.ok = true;
  } catch (error) {
    exitCode = 1;
    results.ok = false;
    results.error = String(error?.stack ?? error);
    try {
      await tools.shot("failure");
    } catch {
      // The page may be gone.
    }
  } finally {
    results.consoleErrors = consoleErrors;
    results.url = page.url();
    await browser.close();
  }
  process.stdout.write(`${JSON.stringify(results)}\n`);
  process.exitCode = exitCode;
}

/** Logs in through the login page and waits for the first console page. */
export async function logIn(page, email, password, landing = "/deployments") {
  await page.goto(`/login?next=${encodeURIComponent(landing)}`);
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Log in" }).click();
  await page.waitForURL((url) => url.pathname === landing);
}
