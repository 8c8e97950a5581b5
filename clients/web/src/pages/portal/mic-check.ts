import { Microphone, type PcmChunk } from "../../audio/capture";
import { judge, markMicChecked, type MicCheckResult } from "../../audio/mic-check";
import { navigate, type Page } from "../../router";
import { busy, fill, h } from "../../ui/dom";
import { db } from "../../ui/format";
import { notice, pageHeader } from "../../ui/layout";
import { LevelMeter } from "../../ui/level-meter";

const listenMs = 6000;
const sentence = "The morning sun rose slowly over the quiet harbour.";

export const micCheckPage: Page = {
  title: "Microphone check",
  area: "portal",
  render(main, params) {
    let microphone: Microphone | null = null;
    const meter = new LevelMeter("Microphone level");
    const progress = h("progress", { max: listenMs, value: 0, "aria-label": "Listening" });
    const result = h("div", { "aria-live": "polite", "data-testid": "mic-check-result" });
    const next = params.get("next")?.startsWith("/portal/") ? params.get("next")! : "/portal/record";
    const start = h("button", { type: "button", class: "button button-primary" }, "Start the check");
    const proceed = h("button", {
      type: "button", class: "button", hidden: true,
      onclick: () => {
        markMicChecked();
        navigate(next);
      },
    }, "Continue to recording");

    start.addEventListener("click", () => void busy(start, async () => {
      start.className = "button button-primary";
      fill(result);
      start.textContent = "Listening…";
      try {
        microphone ??= await Microphone.open();
      } catch (error) {
        fill(result, notice("error", error instanceof Error ? error.message : String(error)));
        return;
      }
      const chunks: PcmChunk[] = [];
      let heard = 0;
      await new Promise<void>((done) => {
        const off = microphone!.onChunk((chunk) => {
          chunks.push(chunk);
          heard += (chunk.pcm.length / chunk.sampleRate) * 1000;
          meter.update(chunk.peakDbfs);
          progress.value = Math.min(listenMs, heard);
          if (heard >= listenMs) {
            off();
            done();
          }
        });
      });
      show(judge(chunks));
    }).then(() => {
      if (!proceed.hidden) {
        start.textContent = "Check again";
        start.className = "button";
      }
    }));

    const show = (outcome: MicCheckResult): void => {
      const passed = outcome.verdicts.every((v) => v.severity !== "bad");
      fill(result, h("section", { class: "card stack", "data-passed": String(passed) },
        h("h2", null, passed ? "Ready to record" : "Worth fixing before you record"),
        h("dl", { class: "stats" },
          h("div", null, h("dt", null, "Noise floor"), h("dd", null, db(outcome.noiseFloorDbfs), h("span", { class: "muted small" }, " FS"))),
          h("div", null, h("dt", null, "Speech level"), h("dd", null, db(outcome.speechLevelDbfs), h("span", { class: "muted small" }, " FS"))),
          h("div", null, h("dt", null, "Peak"), h("dd", null, db(outcome.peakDbfs), h("span", { class: "muted small" }, " FS"))),
          h("div", null, h("dt", null, "Signal to noise"), h("dd", null, db(outcome.snrDb)))),
        h("ul", { class: "verdicts" }, outcome.verdicts.map((v) => h("li", { class: `verdict verdict-${v.severity}` }, v.message)))));
      proceed.hidden = false;
      proceed.className = passed ? "button button-primary" : "button";
      proceed.focus();
    };

    main.replaceChildren(
      pageHeader("Microphone check", "Before your first take: a six-second check of your room and your level."),
      h("section", { class: "card stack" },
        h("ol", { class: "steps" },
          h("li", null, "Sit where you will record, at your usual distance from the microphone."),
          h("li", null, "Press start, stay quiet for a second, then read this aloud at your normal volume:")),
        h("blockquote", { class: "prompt-text prompt-small" }, sentence),
        meter.element, progress,
        h("div", { class: "row" }, start, proceed)),
      result);
    start.focus();
    return () => void microphone?.close();
  },
};
