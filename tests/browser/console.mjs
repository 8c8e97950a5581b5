// The console as a user sees it: log in, create an API key (shown once), create a deployment and watch its badge go
// to running without a reload, read its live log, stop it; team and audit pages; a phone-sized and a dark screen.
// Usage: node console.mjs <baseUrl> <screenshotFolder> <email> <password> <deploymentName>
import { logIn, run } from "./lib.mjs";

const [baseUrl, shots, email, password, name] = process.argv.slice(2);
process.env.VOICEFLOW_BASE_URL = baseUrl;

await run({ shots }, async (page, t) => {
  t.step("login");
  await page.goto("/");
  await page.waitForURL(/\/login/);
  await page.getByRole("heading", { name: "Log in" }).waitFor();
  await t.shot("login");
  await logIn(page, email, password);
  // Set once: if anything reloaded the page, this is gone.
  await page.evaluate(() => (window.__sameDocument = true));

  t.step("api keys");
  await page.getByRole("link", { name: "API keys" }).click();
  await page.getByLabel("Name", { exact: true }).fill("browser test");
  await page.getByRole("button", { name: "Create key" }).click();
  const rawKey = await page.getByLabel("New API key").inputValue();
  await page.getByRole("button", { name: "Copy" }).waitFor();
  const keyRow = page.locator("tr", { hasText: "browser test" });
  await keyRow.waitFor();
  t.results.rawKeyShown = /^vf_live_[A-Za-z0-9_-]{43}$/.test(rawKey);
  t.results.prefixListed = (await keyRow.locator("code").innerText()).replace("…", "");
  t.results.rawKeyInTable = (await page.locator("table").innerText()).includes(rawKey);
  await t.shot("api-keys");

  t.step("deployment");
  await page.getByRole("link", { name: "Deployments" }).click();
  await page.locator(".link-state[data-state='live']").waitFor();
  // Inline validation before anything is sent.
  await page.getByLabel("Name", { exact: true }).fill("Bad Name!");
  await page.getByRole("button", { name: "Deploy" }).click();
  t.results.inlineValidation = await page.locator(".field-error:not([hidden])").first().innerText();
  // Every status the badge shows, in order, as the hub pushes them.
  await page.evaluate((deployment) => {
    window.__statuses = [];
    const record = () => {
      const status = document.querySelector(`tr[data-name="${deployment}"] [data-status]`)?.getAttribute("data-status");
      if (status && window.__statuses.at(-1) !== status) window.__statuses.push(status);
    };
    record();
    new MutationObserver(record).observe(document.body, { subtree: true, childList: true, attributes: true });
  }, name);
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByLabel("GPU", { exact: true }).selectOption("L40S");
  await page.getByText("Serverless", { exact: true }).click();
  await page.getByRole("button", { name: "Deploy" }).click();
  const row = page.locator(`tr[data-name="${name}"]`);
  await row.waitFor();
  await row.locator("[data-status='running']").waitFor({ timeout: 90_000 });
  t.results.statuses = await page.evaluate(() => window.__statuses);
  t.results.sameDocument = await page.evaluate(() => window.__sameDocument === true);
  t.results.cost = await row.locator("[data-cell='cost']").innerText();
  t.results.inState = await row.locator("[data-cell='since']").innerText();
  await row.getByRole("button", { name: `Logs of ${name}` }).click();
  const log = page.getByRole("log");
  await log.locator(".log-line").first().waitFor();
  t.results.logLines = await log.locator(".log-line").count();
  await t.shot("deployments");

  t.step("stop");
  await row.getByRole("button", { name: `Stop ${name}` }).click();
  await row.locator("[data-status='stopped']").waitFor({ timeout: 60_000 });
  t.results.statuses = await page.evaluate(() => window.__statuses);

  t.step("team and audit");
  await page.getByRole("link", { name: "Team" }).click();
  await page.locator("td", { hasText: email }).waitFor();
  await t.shot("team");
  await page.getByRole("link", { name: "Audit log" }).click();
  await page.locator("code", { hasText: "deployment.create" }).first().waitFor();
  await t.shot("audit");

  t.step("phone and dark");
  await page.setViewportSize({ width: 390, height: 844 });
  await page.getByRole("button", { name: "Menu" }).click();
  await page.getByRole("link", { name: "Deployments" }).click();
  await row.waitFor();
  await t.shot("deployments-phone");
  await page.emulateMedia({ colorScheme: "dark" });
  await page.setViewportSize({ width: 1280, height: 860 });
  await t.shot("deployments-dark");
  t.results.sameDocument &&= await page.evaluate(() => window.__sameDocument === true);
});
