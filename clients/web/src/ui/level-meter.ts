// A peak meter from -60 to 0 dBFS with green / amber / red zones and a peak-hold marker.
import { h } from "./dom";

const floor = -60;
const amberFrom = -12;
const redFrom = -3;
const holdMs = 1500;
const releaseDbPerSecond = 24;

export const zoneOf = (db: number): "green" | "amber" | "red" => (db >= redFrom ? "red" : db >= amberFrom ? "amber" : "green");

export class LevelMeter {
  readonly element: HTMLElement;
  private readonly bar: HTMLElement;
  private readonly hold: HTMLElement;
  private readonly readout: HTMLElement;
  private level = floor;
  private held = floor;
  private heldAt = 0;
  private last = performance.now();
  /** How many distinct values the meter has shown, so tests (and curious people) can see it move. */
  changes = 0;

  constructor(label = "Input level") {
    this.bar = h("div", { class: "meter-bar" });
    this.hold = h("div", { class: "meter-hold" });
    this.readout = h("span", { class: "meter-readout", "aria-hidden": "true" }, "—");
    this.element = h("div", { class: "meter-wrap" },
      h("div", {
        class: "meter", role: "meter", "aria-label": label, "aria-valuemin": floor, "aria-valuemax": 0, "aria-valuenow": floor,
        "aria-valuetext": "silent", "data-level": floor, "data-zone": "green",
      },
      // Zone widths in the stylesheet: green to -12 dBFS (80 %), amber to -3 dBFS (95 %), red above.
      h("div", { class: "meter-zones", "aria-hidden": "true" },
        h("span", { class: "zone zone-green" }), h("span", { class: "zone zone-amber" }), h("span", { class: "zone zone-red" })),
      this.bar, this.hold),
      this.readout);
  }

  /** Feed a chunk's peak in dBFS. */
  update(peakDbfs: number): void {
    const now = performance.now();
    const elapsed = (now - this.last) / 1000;
    this.last = now;
    const target = Math.max(floor, Math.min(0, peakDbfs));
    // Instant attack, steady release: easy to read, like a hardware PPM.
    this.level = target >= this.level ? target : Math.max(target, this.level - releaseDbPerSecond * elapsed);
    if (target >= this.held || now - this.heldAt > holdMs) {
      this.held = target >= this.held ? target : Math.max(this.level, this.held - releaseDbPerSecond * elapsed);
      if (target >= this.held) this.heldAt = now;
    }
    this.render();
  }

  reset(): void {
    this.level = floor;
    this.held = floor;
    this.render();
  }

  private render(): void {
    const meter = this.element.firstElementChild as HTMLElement;
    const value = Math.round(this.level);
    if (meter.getAttribute("aria-valuenow") !== String(value)) this.changes++;
    const zone = zoneOf(this.held);
    meter.setAttribute("aria-valuenow", String(value));
    meter.setAttribute("aria-valuetext", value <= floor ? "silent" : `${value} dBFS, ${zoneOf(this.level) === "green" ? "good" : zoneOf(this.level) === "amber" ? "loud" : "too loud"}`);
    meter.dataset.level = String(value);
    meter.dataset.zone = zone;
    meter.dataset.changes = String(this.changes);
    // Clipped rather than scaled, so the zone colours stay where the scale puts them.
    this.bar.style.clipPath = `inset(0 ${100 - ((this.level - floor) / -floor) * 100}% 0 0)`;
    this.bar.dataset.zone = zoneOf(this.level);
    this.hold.style.left = `${((this.held - floor) / -floor) * 100}%`;
    this.hold.dataset.zone = zone;
    this.readout.textContent = value <= floor ? "—" : `${value} dB`;
  }
}
