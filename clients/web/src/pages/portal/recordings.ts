import { contributors } from "../../api/endpoints";
import { describe } from "../../api/http";
import type { RecordingView } from "../../api/types";
import { onRecordingScored } from "../../hubs/recording";
import type { Page } from "../../router";
import { fill, h } from "../../ui/dom";
import { dateTime, dollars } from "../../ui/format";
import { notice, pageHeader } from "../../ui/layout";
import { toast } from "../../ui/toast";

const percent = (value: number | null | undefined) => (value === null || value === undefined ? "—" : `${Math.round(value * 100)} %`);
const number = (value: number | null | undefined, unit = "") => (value === null || value === undefined ? "—" : `${value.toFixed(1)}${unit}`);

export const recordingsPage: Page = {
  title: "My recordings",
  area: "portal",
  render(main) {
    const rows = new Map<string, HTMLTableRowElement>();
    const tbody = h("tbody");
    const body = h("div", { class: "card" }, h("p", { class: "muted" }, "Loading…"));

    const row = (r: RecordingView): HTMLTableRowElement => {
      const element = h("tr", { "data-recording-id": r.id, "data-status": r.status },
        h("td", { "data-label": "Recorded" }, dateTime(r.createdAt)),
        h("td", { "data-label": "Prompt", class: "prompt-cell" }, r.promptText ?? "—",
          r.playbackUrl ? h("audio", { controls: "", preload: "none", src: r.playbackUrl, "aria-label": "Play this take" }) : null),
        h("td", { "data-label": "Length", class: "num" }, `${r.durationSeconds.toFixed(1)} s`),
        h("td", { "data-label": "Status" }, h("span", { class: `badge badge-${r.status}`, "data-status": r.status }, r.status),
          r.rejectionReason ? h("div", { class: "muted small" }, r.rejectionReason) : null),
        h("td", { "data-label": "Score", class: "num", "data-cell": "score" }, r.qualityScore === null ? "—" : `${r.qualityScore} / 100`),
        h("td", { "data-label": "SNR", class: "num" }, number(r.metrics?.snrDb, " dB")),
        h("td", { "data-label": "Clarity", class: "num" }, percent(r.metrics?.clarity)),
        h("td", { "data-label": "Clipping", class: "num" }, percent(r.metrics?.clipping)),
        h("td", { "data-label": "Transcript match", class: "num" }, percent(r.metrics?.transcriptMatch)),
        h("td", { "data-label": "Payment", class: "num" }, r.paymentCents ? dollars(r.paymentCents) : "—"));
      return element;
    };

    const put = (r: RecordingView): void => {
      const fresh = row(r);
      const existing = rows.get(r.id);
      if (existing) {
        existing.replaceWith(fresh);
        fresh.classList.add("flash");
      } else tbody.prepend(fresh);
      rows.set(r.id, fresh);
    };

    const load = async (): Promise<void> => {
      try {
        const list = await contributors.recordings(1, 100);
        rows.clear();
        tbody.replaceChildren();
        [...list].reverse().forEach(put);
        fill(body, list.length
          ? h("div", { class: "table-wrap" }, h("table", null,
            h("caption", { class: "visually-hidden" }, "Your recordings, newest first, updated live"),
            h("thead", null, h("tr", null, ["Recorded", "Prompt", "Length", "Status", "Score", "SNR", "Clarity", "Clipping", "Transcript match", "Payment"].map((c) => h("th", { scope: "col" }, c)))),
            tbody))
          : h("p", { class: "empty" }, "No recordings yet. ", h("a", { href: "/portal/record" }, "Record your first take.")));
      } catch (error) {
        fill(body, notice("error", describe(error)));
      }
    };

    // A take was scored or reviewed: its row changes in place, with the metrics from the detail.
    const unsubscribe = onRecordingScored(async (scored) => {
      try {
        put(await contributors.recording(scored.recordingId));
      } catch {
        const existing = rows.get(scored.recordingId);
        if (!existing) return void load();
      }
      if (scored.status === "approved" || scored.status === "rejected") {
        toast(`A take was ${scored.status}${scored.paymentCents ? `: ${dollars(scored.paymentCents)}` : ""}.`, scored.status === "approved" ? "success" : "info");
      }
    });

    main.replaceChildren(pageHeader("My recordings", "Status, score and metrics change here as soon as a take is scored or reviewed."), body);
    void load();
    return unsubscribe;
  },
};
