// The contributor portal with Chromium's fake microphone playing a generated take: sign up with a profile, mic check,
// record with the space bar (meter moves, live feedback arrives), re-record (discarded), record again, listen back,
// submit, and see the take in "My recordings" with its status.
// Usage: node recorder.mjs <baseUrl> <screenshotFolder> <wavFile> <email> <password>
import { run } from "./lib.mjs";

const [baseUrl, shots, wav, email, password] = process.argv.slice(2);
process.env.VOICEFLOW_BASE_URL = baseUrl;

const fakeMicrophone = ["--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream", `--use-file-for-fake-audio-capture=${wav}`];

await run({ shots, args: fakeMicrophone }, async (page, t) => {
  t.step("sign up");
  await page.goto("/portal/signup");
  await page.getByLabel("Name", { exact: true }).fill("Mary Read");
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByLabel("Country", { exact: true }).fill("GB");
  await page.getByLabel("Languages you speak", { exact: true }).fill("en-GB");
  await page.getByLabel("Microphone", { exact: true }).selectOption("headset");
  await t.shot("portal-signup");
  await page.getByRole("button", { name: "Sign up and check my microphone" }).click();
  await page.waitForURL(/\/portal\/mic-check/);

  t.step("mic check");
  await page.getByRole("button", { name: "Start the check" }).click();
  await page.locator("[data-testid='mic-check-result'] [data-passed]").waitFor({ timeout: 20_000 });
  t.results.micCheck = await page.locator(".verdicts").innerText();
  await t.shot("mic-check");
  await page.getByRole("button", { name: "Continue to recording" }).click();
  await page.waitForURL(/\/portal\/record/);

  t.step("record");
  const prompt = page.getByTestId("prompt");
  await page.waitForFunction(() => !document.querySelector("[data-testid='prompt']")?.textContent?.startsWith("Loading"));
  t.results.prompt = await prompt.innerText();
  const meter = page.getByRole("meter", { name: "Microphone level" });
  const record = async () => {
    await page.keyboard.press("Space");
    await page.locator("main[data-phase='recording']").waitFor();
    // The level meter follows the microphone and the server's Feedback arrives while audio streams.
    await page.waitForFunction(() => Number(document.querySelector("[role='meter']")?.getAttribute("data-changes")) >= 5);
    await page.waitForFunction(() => {
      const panel = document.querySelector("[data-testid='feedback']");
      return Number(panel?.dataset.seq) >= 3 && panel?.dataset.heardSpeech === "true";
    }, null, { timeout: 20_000 });
    await page.waitForFunction(() => Number(document.querySelector("[data-testid='elapsed']")?.dataset.ms) >= 3500, null, { timeout: 20_000 });
  };
  await record();
  t.results.meterLevel = Number(await meter.getAttribute("aria-valuenow"));
  t.results.meterChanges = Number(await meter.getAttribute("data-changes"));
  t.results.feedbackSeq = Number(await page.getByTestId("feedback").getAttribute("data-seq"));
  t.results.voiceIndicator = await page.locator(".voice-indicator").innerText();
  await t.shot("record");
  await page.keyboard.press("Space");
  await page.getByTestId("review").waitFor();

  t.step("re-record");
  await page.getByRole("button", { name: "Re-record" }).click();
  await page.locator("main[data-phase='idle']").waitFor();
  await record();
  await page.keyboard.press("Space");
  const review = page.getByTestId("review");
  await review.waitFor();
  t.results.reviewDuration = await page.evaluate(async () => {
    const audio = document.querySelector("[data-testid='review'] audio");
    if (!Number.isFinite(audio.duration) || audio.duration === 0) await new Promise((r) => audio.addEventListener("loadedmetadata", r, { once: true }));
    return audio.duration;
  });
  await t.shot("review");
  await page.getByTestId("submit-take").click();
  const saved = page.getByTestId("session-takes").locator("li").first();
  await saved.waitFor({ timeout: 20_000 });
  t.results.savedStatus = await saved.locator("[data-status]").getAttribute("data-status");
  t.results.savedText = await saved.innerText();

  t.step("recordings");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "My recordings" }).click();
  const row = page.locator("tr[data-recording-id]").first();
  await row.waitFor();
  t.results.rows = await page.locator("tr[data-recording-id]").count();
  t.results.rowStatus = await row.getAttribute("data-status");
  t.results.recordingId = await row.getAttribute("data-recording-id");
  await t.shot("recordings");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Earnings" }).click();
  await page.getByRole("heading", { name: "Earnings" }).waitFor();
  await page.locator(".stats, .notice").first().waitFor();
  await t.shot("earnings");
});
