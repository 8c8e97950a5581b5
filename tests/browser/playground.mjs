// The TTS playground: a playground key, then speech that plays through Web Audio while chunks arrive, with the time
// to first audio and word highlighting. Usage: node playground.mjs <baseUrl> <screenshotFolder> <email> <password>
import { logIn, run } from "./lib.mjs";

const [baseUrl, shots, email, password] = process.argv.slice(2);
process.env.VOICEFLOW_BASE_URL = baseUrl;

await run({ shots }, async (page, t) => {
  await logIn(page, email, password, "/playground");
  t.step("key");
  await page.getByRole("button", { name: "Create a playground key" }).click();
  await page.getByLabel("Voice", { exact: true }).waitFor();
  t.results.voices = await page.getByLabel("Voice", { exact: true }).locator("option").count();
  t.results.voice = await page.getByLabel("Voice", { exact: true }).inputValue();
  await page.getByLabel("Format", { exact: true }).selectOption("pcm_24000");

  t.step("speak");
  await page.getByRole("button", { name: "Speak" }).click();
  const ttfa = page.getByTestId("ttfa");
  await page.waitForFunction(() => document.querySelector("[data-testid='ttfa']")?.dataset.ms !== undefined);
  t.results.timeToFirstAudio = await ttfa.innerText();
  t.results.timeToFirstAudioMs = Number(await ttfa.getAttribute("data-ms"));
  // Audio is heard while the stream goes on: the played counter moves and words light up in turn.
  await page.waitForFunction(() => Number(document.querySelector("[data-testid='played']")?.dataset.ms) > 500);
  await page.locator(".word.current").first().waitFor();
  t.results.highlighted = await page.locator(".word.current").first().innerText();
  t.results.words = await page.locator(".word").count();
  await t.shot("playground");
  await page.getByText("Done.").waitFor({ timeout: 30_000 });
  t.results.playedMs = Number(await page.getByTestId("played").getAttribute("data-ms"));
  t.results.chunks = Number(await page.locator("#chunks").innerText());
});
