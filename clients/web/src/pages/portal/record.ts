import { contributors } from "../../api/endpoints";
import { describe } from "../../api/http";
import type { Prompt, RecordingResult } from "../../api/types";
import { Microphone } from "../../audio/capture";
import { micChecked } from "../../audio/mic-check";
import { wavBlob } from "../../audio/wav";
import { hubErrorCode } from "../../hubs/hub";
import { LiveTake } from "../../hubs/recording";
import { navigate, type Page } from "../../router";
import { fill, h } from "../../ui/dom";
import { clock } from "../../ui/format";
import { notice, pageHeader } from "../../ui/layout";
import { LevelMeter } from "../../ui/level-meter";
import { FeedbackPanel, warningText } from "./feedback-panel";

type Phase = "idle" | "starting" | "recording" | "review" | "submitting";

/** The server's limit for a take: twice the target plus 3 s, at most 60 s. */
const limitMs = (prompt: Prompt) => Math.min(60, prompt.targetDurationSeconds * 2 + 3) * 1000;

export const recordPage: Page = {
  title: "Record",
  area: "portal",
  render(main) {
    if (!micChecked()) {
      navigate("/portal/mic-check?next=/portal/record", true);
      return;
    }
    let phase: Phase = "idle";
    let microphone: Microphone | null = null;
    let take: LiveTake | null = null;
    let captured: Int16Array[] = [];
    let capturedMs = 0;
    let reviewUrl: string | null = null;
    let prompt: Prompt | null = null;
    let queue: Prompt[] = [];
    const done = new Set<string>();

    const meter = new LevelMeter("Microphone level");
    const feedback = new FeedbackPanel();
    const promptText = h("blockquote", { class: "prompt-text", "data-testid": "prompt" }, "Loading a prompt…");
    const promptMeta = h("p", { class: "muted small" });
    const elapsed = h("span", { class: "elapsed", "data-testid": "elapsed", "data-ms": "0" }, "0:00.0");
    const target = h("span", { class: "muted" });
    const timeFill = h("div", { class: "time-fill" });
    const targetMark = h("div", { class: "time-target", "aria-hidden": "true" });
    const timeBar = h("div", { class: "time-bar", "aria-hidden": "true" }, timeFill, targetMark);
    const status = h("p", { class: "record-status", role: "status" }, "Press Space or the button to start recording.");
    const mainButton = h("button", { type: "button", class: "button button-record", "data-testid": "record-button", onclick: () => void toggle() },
      "Start recording", h("kbd", null, "Space"));
    const skip = h("button", { type: "button", class: "button button-quiet", onclick: () => void skipPrompt() }, "Skip prompt");
    const review = h("section", { class: "card review stack", hidden: true, "aria-label": "Review the take", "data-testid": "review" });
    const sessionList = h("ol", { class: "session-takes", "data-testid": "session-takes" });
    const alertSlot = h("div");

    const setPhase = (next: Phase, message?: string): void => {
      phase = next;
      main.dataset.phase = next;
      if (message) status.textContent = message;
      fill(mainButton, next === "recording" ? "Stop" : "Start recording", h("kbd", null, "Space"));
      mainButton.classList.toggle("recording", next === "recording");
      mainButton.setAttribute("aria-pressed", String(next === "recording"));
      mainButton.disabled = next === "starting" || next === "submitting" || next === "review" || !prompt;
      mainButton.hidden = next === "review" || next === "submitting";
      skip.disabled = next === "starting" || next === "submitting";
    };

    const showPrompt = (): void => {
      if (!prompt) {
        fill(promptText, "No prompts left for you right now. Thank you for recording!");
        promptMeta.textContent = "";
        setPhase("idle");
        return;
      }
      promptText.textContent = prompt.text;
      promptMeta.textContent = `${prompt.category} · difficulty ${prompt.difficulty} of 5 · ${prompt.language}`;
      target.textContent = ` / ${clock(prompt.targetDurationSeconds * 1000)} target`;
      targetMark.style.left = `${(prompt.targetDurationSeconds * 1000 / limitMs(prompt)) * 100}%`;
      setTime(0);
    };

    const nextPrompt = async (): Promise<void> => {
      queue = queue.filter((p) => !done.has(p.id));
      if (queue.length === 0) {
        try {
          queue = (await contributors.prompts(10)).filter((p) => !done.has(p.id));
        } catch (error) {
          fill(alertSlot, notice("error", `Prompts could not be loaded: ${describe(error)}`));
        }
      }
      prompt = queue.shift() ?? null;
      showPrompt();
      setPhase("idle");
    };

    const setTime = (ms: number): void => {
      elapsed.textContent = clock(ms);
      elapsed.dataset.ms = String(Math.round(ms));
      const limit = prompt ? limitMs(prompt) : 1;
      timeFill.style.transform = `scaleX(${Math.min(1, ms / limit)})`;
      const over = prompt && ms > prompt.targetDurationSeconds * 1000;
      timeFill.dataset.zone = ms > limit - 3000 ? "red" : over ? "amber" : "green";
    };

    const ensureMicrophone = async (): Promise<Microphone> => {
      if (microphone) {
        await microphone.resume();
        return microphone;
      }
      microphone = await Microphone.open();
      microphone.onChunk((chunk) => {
        meter.update(chunk.peakDbfs);
        if (phase !== "recording" || !take) return;
        take.send(chunk.pcm);
        captured.push(chunk.pcm);
        capturedMs += (chunk.pcm.length / chunk.sampleRate) * 1000;
        setTime(capturedMs);
        // Stop just short of the server's limit rather than lose the take to it.
        if (prompt && capturedMs >= limitMs(prompt) - 250) stop("Stopped at this prompt's time limit.");
      });
      return microphone;
    };

    const start = async (): Promise<void> => {
      if (phase !== "idle" || !prompt) return;
      setPhase("starting", "Opening the microphone…");
      fill(alertSlot);
      try {
        const mic = await ensureMicrophone();
        captured = [];
        capturedMs = 0;
        feedback.reset();
        setTime(0);
        const current = await LiveTake.begin(prompt.id, mic.sampleRate, {
          feedback: (f) => feedback.update(f),
          transcript: (t) => feedback.heard(t),
        });
        take = current;
        current.result.catch((error: unknown) => {
          // The server ended the take (too long, a bad chunk, a lost connection): nothing was kept.
          if (take !== current || phase === "submitting") return;
          const { code, message } = hubErrorCode(error);
          if (message.includes("discarded by the contributor")) return;
          take = null;
          clearReview();
          fill(alertSlot, notice("error", code === "too_long" ? `${warningText.too_long}. The take was not kept: record it again a little faster.` : `The take stopped: ${message}`));
          setPhase("idle", "Press Space to record again.");
        });
        setPhase("recording", "Recording… read the sentence, then press Space to stop.");
      } catch (error) {
        take = null;
        const { message } = hubErrorCode(error);
        fill(alertSlot, notice("error", message));
        setPhase("idle", "Press Space or the button to try again.");
      }
    };

    const stop = (message = "Listen back, then submit the take or record it again."): void => {
      if (phase !== "recording") return;
      setPhase("review", message);
      showReview();
    };

    const clearReview = (): void => {
      if (reviewUrl) URL.revokeObjectURL(reviewUrl);
      reviewUrl = null;
      review.hidden = true;
      review.replaceChildren();
      window.removeEventListener("beforeunload", guard);
    };

    const showReview = (): void => {
      clearReview();
      reviewUrl = URL.createObjectURL(wavBlob(captured, microphone?.sampleRate ?? 48000));
      const audio = h("audio", { controls: true, src: reviewUrl, preload: "auto", "aria-label": "Your take" });
      const warnings = [...feedback.seen].filter((w) => w !== "no_speech" || feedback.element.dataset.heardSpeech !== "true");
      const submit = h("button", { type: "button", class: "button button-primary", "data-testid": "submit-take", onclick: () => void submitTake() }, "Submit take");
      fill(review,
        h("h2", null, `Your take · ${clock(capturedMs)}`),
        audio,
        warnings.length
          ? h("ul", { class: "warnings" }, warnings.map((w) => h("li", { class: `warning warning-${w}` }, warningText[w])))
          : h("p", { class: "muted" }, "No warnings during this take."),
        h("p", { class: "muted small" }, "Nothing is stored until you submit. Re-record or skip and this take is discarded."),
        h("div", { class: "row row-wrap" },
          submit,
          h("button", { type: "button", class: "button", onclick: () => void rerecord() }, "Re-record"),
          h("button", { type: "button", class: "button button-quiet", onclick: () => void skipPrompt() }, "Skip prompt")));
      review.hidden = false;
      window.addEventListener("beforeunload", guard);
      submit.focus();
    };

    const submitTake = async (): Promise<void> => {
      if (phase !== "review" || !take) return;
      const current = take;
      setPhase("submitting", "Saving the take…");
      try {
        const result = await current.submit();
        take = null;
        addToSession(result, prompt!);
        done.add(prompt!.id);
        clearReview();
        await nextPrompt();
        status.textContent = `Saved (live score ${result.liveScore}). Next sentence: press Space when ready.`;
      } catch (error) {
        take = null;
        clearReview();
        fill(alertSlot, notice("error", `The take was not saved: ${hubErrorCode(error).message}`));
        setPhase("idle", "Press Space to record it again.");
      }
    };

    const discard = async (): Promise<void> => {
      const current = take;
      take = null;
      clearReview();
      await current?.discard();
    };

    const rerecord = async (): Promise<void> => {
      await discard();
      setPhase("idle", "Discarded. Press Space when you are ready to record again.");
      mainButton.focus();
    };

    const skipPrompt = async (): Promise<void> => {
      if (phase === "starting" || phase === "submitting") return;
      await discard();
      if (prompt) done.add(prompt.id);
      await nextPrompt();
      status.textContent = "Skipped. Press Space to record this one.";
    };

    const toggle = async (): Promise<void> => {
      if (phase === "idle") await start();
      else if (phase === "recording") stop();
    };

    const addToSession = (result: RecordingResult, recorded: Prompt): void => {
      sessionList.prepend(h("li", { "data-recording-id": result.recordingId },
        h("span", { class: "session-text" }, recorded.text),
        h("span", { class: "muted small" }, ` ${clock(result.durationMs)} · live score ${result.liveScore} · `),
        h("span", { class: `badge badge-${result.status}`, "data-status": result.status }, result.status)));
    };

    const guard = (event: BeforeUnloadEvent): void => {
      event.preventDefault();
    };

    // Space starts and stops (in review it plays the take); typing in a field keeps its space.
    const onKey = (event: KeyboardEvent): void => {
      if (event.code !== "Space" && event.key !== " ") return;
      const targetElement = event.target as HTMLElement | null;
      if (targetElement?.closest("input, textarea, select, [contenteditable='true'], dialog")) return;
      event.preventDefault();
      if (event.type !== "keydown" || event.repeat) return;
      if (phase === "review") {
        const audio = review.querySelector("audio");
        if (audio) void (audio.paused ? audio.play() : Promise.resolve(audio.pause()));
        return;
      }
      void toggle();
    };
    document.addEventListener("keydown", onKey);
    document.addEventListener("keyup", onKey);

    main.replaceChildren(
      pageHeader("Record", "Read the sentence as written, in your natural voice.", skip),
      alertSlot,
      h("section", { class: "card record-card stack" },
        promptText, promptMeta,
        meter.element,
        h("div", { class: "time-row" }, h("span", null, elapsed, target), timeBar),
        h("div", { class: "row record-controls" }, mainButton),
        status),
      review,
      feedback.element,
      h("section", { class: "card" },
        h("h2", null, "This session"),
        sessionList,
        h("p", { class: "muted small" }, "Scores and payments appear on ", h("a", { href: "/portal/recordings" }, "My recordings"), " as takes are reviewed.")),
      h("details", { class: "card tips" },
        h("summary", null, "Tips for good takes"),
        h("ul", null,
          h("li", null, "Keep the meter in the green; short amber peaks are fine, red means too loud."),
          h("li", null, "Stay at the same distance from the microphone for every take."),
          h("li", null, "Pause briefly before and after the sentence."),
          h("li", null, "Re-record if you stumble: nothing is stored until you submit."))));
    setPhase("idle");
    void nextPrompt();

    return () => {
      document.removeEventListener("keydown", onKey);
      document.removeEventListener("keyup", onKey);
      void discard();
      void microphone?.close();
      microphone = null;
    };
  },
};
