// A developer signs up in the console, opens the contributor portal, is offered a voice profile for the same account,
// and adds one on the portal's sign-up page with the console password: one account, both sides.
// Usage: node signup.mjs <baseUrl> <screenshotFolder> <email> <password>
import { run } from "./lib.mjs";

const [baseUrl, shots, email, password] = process.argv.slice(2);
process.env.VOICEFLOW_BASE_URL = baseUrl;

await run({ shots }, async (page, t) => {
  t.step("console sign-up");
  await page.goto("/signup");
  await page.getByLabel("Name", { exact: true }).fill("Ada Lovelace");
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await t.shot("console-signup");
  await page.getByRole("button", { name: "Create account" }).click();
  await page.waitForURL((url) => url.pathname === "/deployments");
  t.results.consoleLanding = new URL(page.url()).pathname;

  t.step("the portal offers a voice profile");
  await page.goto("/portal/record");
  await page.getByRole("link", { name: "Add a voice profile" }).click();
  await page.waitForURL((url) => url.pathname === "/portal/signup");
  t.results.prefilledEmail = await page.getByLabel("Email", { exact: true }).inputValue();
  await page.getByLabel("Country", { exact: true }).fill("GB");
  await page.getByLabel("Languages you speak", { exact: true }).fill("en-GB");

  t.step("a wrong password is refused");
  await page.getByLabel("Password", { exact: true }).fill(`${password}-but-not`);
  await page.getByRole("button", { name: "Sign up and check my microphone" }).click();
  const status = page.locator(".form-status");
  await status.getByText("already exists").waitFor();
  t.results.takenMessage = await status.innerText();
  await t.shot("portal-signup-taken");

  t.step("the console password adds the profile");
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign up and check my microphone" }).click();
  await page.waitForURL(/\/portal\/mic-check/);
  t.results.portalLanding = new URL(page.url()).pathname;
  t.results.portalLinks = await page.locator("#nav-portal").count();
  await t.shot("portal-after-signup");
});
