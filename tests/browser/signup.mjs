// A developer signs up in the console, logs out, then becomes a voice contributor on the portal's sign-up page with
// the same email and password: one account, both sides.
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

  t.step("log out");
  await page.getByRole("button", { name: "Log out" }).click();
  await page.waitForFunction(() => !localStorage.length);

  t.step("portal sign-up with a wrong password");
  await page.goto("/portal/signup");
  const fill = async (secret) => {
    await page.getByLabel("Name", { exact: true }).fill("Ada Lovelace");
    await page.getByLabel("Email", { exact: true }).fill(email);
    await page.getByLabel("Password", { exact: true }).fill(secret);
    await page.getByLabel("Country", { exact: true }).fill("GB");
    await page.getByLabel("Languages you speak", { exact: true }).fill("en-GB");
  };
  await fill(`${password}-but-not`);
  await page.getByRole("button", { name: "Sign up and check my microphone" }).click();
  const status = page.locator(".form-status");
  await status.getByText("already exists").waitFor();
  t.results.takenMessage = await status.innerText();
  await t.shot("portal-signup-taken");

  t.step("portal sign-up with the console password");
  await fill(password);
  await page.getByRole("button", { name: "Sign up and check my microphone" }).click();
  await page.waitForURL(/\/portal\/mic-check/);
  t.results.portalLanding = new URL(page.url()).pathname;
  await t.shot("portal-after-signup");
});
