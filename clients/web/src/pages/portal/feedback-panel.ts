// Live Feedback from the recording hub: voice activity, level, noise floor, SNR and warnings while a take streams.
import type { Feedback, WarningCode } from "../../api/types";
import { fill, h } from "../../ui/dom";
import { db } from "../../ui/format";

export const warningText: Record<WarningCode, string> = {
  too_quiet: "Too quiet: move closer or raise the input level",
  too_loud: "Too loud: move back a little",
  clipping: "Clipping: lower the input level",
  noisy: "Noisy: background noise is high",
  no_speech: "No speech heard yet",
  too_long: "Too long: past this prompt's limit",
};

export class FeedbackPanel {
  readonly element: HTMLElement;
  private readonly voice = h("span", { class: "voice-indicator", "data-speaking": "false" }, "Waiting for audio");
  private readonly level = h("dd", null, "—");
  private readonly floor = h("dd", null, "—");
  private readonly snr = h("dd", null, "—");
  private readonly warnings = h("ul", { class: "warnings", "aria-live": "polite", "aria-label": "Warnings" });
  private readonly transcript = h("p", { class: "transcript muted", hidden: true });
  private lastWarnings = "";
  /** Every warning seen during the take, for the review. */
  readonly seen = new Set<WarningCode>();

  constructor() {
    this.element = h("section", { class: "feedback card", "aria-label": "Live feedback", "data-testid": "feedback", "data-seq": "0", "data-heard-speech": "false" },
      h("div", { class: "row row-between" }, h("h2", null, "Live feedback"), this.voice),
      h("dl", { class: "stats stats-compact" },
        h("div", null, h("dt", null, "Level"), this.level),
        h("div", null, h("dt", null, "Noise floor"), this.floor),
        h("div", null, h("dt", null, "Signal to noise"), this.snr)),
      this.warnings, this.transcript);
  }

  reset(): void {
    this.element.dataset.seq = "0";
    this.element.dataset.heardSpeech = "false";
    this.voice.dataset.speaking = "false";
    this.voice.textContent = "Waiting for audio";
    for (const cell of [this.level, this.floor, this.snr]) cell.textContent = "—";
    this.lastWarnings = "";
    this.seen.clear();
    fill(this.warnings);
    this.transcript.hidden = true;
  }

  update(feedback: Feedback): void {
    this.element.dataset.seq = String(feedback.seq);
    if (feedback.speaking) this.element.dataset.heardSpeech = "true";
    this.voice.dataset.speaking = String(feedback.speaking);
    this.voice.textContent = feedback.speaking ? "Voice detected" : "Listening…";
    this.level.textContent = `${db(feedback.rmsDbfs)}FS`;
    this.floor.textContent = `${db(feedback.noiseFloorDbfs)}FS`;
    this.snr.textContent = db(feedback.snrDb);
    feedback.warnings.forEach((w) => this.seen.add(w));
    const key = feedback.warnings.join(",");
    if (key !== this.lastWarnings) {
      this.lastWarnings = key;
      fill(this.warnings, feedback.warnings.map((w) => h("li", { class: `warning warning-${w}`, "data-warning": w }, warningText[w] ?? w)));
    }
  }

  heard(transcript: { text: string; matchRatio: number }): void {
    this.transcript.hidden = false;
    this.transcript.textContent = `Heard: “${transcript.text}” (${Math.round(transcript.matchRatio * 100)} % match)`;
  }
}
