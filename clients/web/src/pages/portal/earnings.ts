import { contributors } from "../../api/endpoints";
import { ApiError, describe } from "../../api/http";
import type { Earnings, Payout } from "../../api/types";
import type { Page } from "../../router";
import { busy, fill, h } from "../../ui/dom";
import { dateTime, dollars } from "../../ui/format";
import { notice, pageHeader } from "../../ui/layout";
import { toast } from "../../ui/toast";

export const earningsPage: Page = {
  title: "Earnings",
  area: "portal",
  render(main) {
    const summary = h("div", { class: "card" }, h("p", { class: "muted" }, "Loading…"));
    const history = h("div", { class: "card" });

    const load = async (): Promise<void> => {
      const [earnings, payouts] = await Promise.allSettled([contributors.earnings(), contributors.payouts()]);
      if (earnings.status === "fulfilled") fill(summary, summaryView(earnings.value, load));
      else fill(summary, unavailable(earnings.reason, "Your earnings"));
      if (payouts.status === "fulfilled") fill(history, payoutTable(payouts.value));
      else fill(history, unavailable(payouts.reason, "Payout history"));
    };

    main.replaceChildren(pageHeader("Earnings", "What your approved takes earned, and your payouts."), summary, history);
    void load();
  },
};

function unavailable(error: unknown, what: string): HTMLElement {
  return error instanceof ApiError && (error.status === 404 || error.status === 501)
    ? notice("info", `${what} will show here once takes are being reviewed and paid on this server.`)
    : notice("error", describe(error));
}

function summaryView(e: Earnings, reload: () => Promise<void>): HTMLElement {
  const request = h("button", { type: "button", class: "button button-primary", disabled: e.approvedUnpaidCents <= 0 }, `Request payout of ${dollars(e.approvedUnpaidCents)}`);
  request.addEventListener("click", () => void busy(request, async () => {
    try {
      await contributors.requestPayout();
      toast("Payout requested.", "success");
      await reload();
    } catch (error) {
      toast(describe(error), "error");
    }
  }));
  return h("div", { class: "stack" },
    h("dl", { class: "stats stats-large" },
      h("div", null, h("dt", null, "Ready to pay out"), h("dd", { "data-testid": "unpaid" }, dollars(e.approvedUnpaidCents))),
      h("div", null, h("dt", null, "Payout requested"), h("dd", null, dollars(e.payoutRequestedCents))),
      h("div", null, h("dt", null, "Paid"), h("dd", null, dollars(e.paidCents))),
      h("div", null, h("dt", null, "Earned in total"), h("dd", null, dollars(e.totalEarnedCents)))),
    h("dl", { class: "stats" },
      h("div", null, h("dt", null, "Pending"), h("dd", null, String(e.pendingRecordings))),
      h("div", null, h("dt", null, "In review"), h("dd", null, String(e.reviewRecordings))),
      h("div", null, h("dt", null, "Approved"), h("dd", null, String(e.approvedRecordings))),
      h("div", null, h("dt", null, "Rejected"), h("dd", null, String(e.rejectedRecordings)))),
    h("div", { class: "row" }, request));
}

function payoutTable(payouts: Payout[]): HTMLElement {
  return h("div", { class: "stack" }, h("h2", null, "Payouts"), payouts.length
    ? h("div", { class: "table-wrap" }, h("table", null,
      h("thead", null, h("tr", null, ["Requested", "Amount", "Status", "Paid"].map((c) => h("th", { scope: "col" }, c)))),
      h("tbody", null, payouts.map((p) => h("tr", null,
        h("td", { "data-label": "Requested" }, dateTime(p.requestedAt)),
        h("td", { "data-label": "Amount", class: "num" }, dollars(p.amountCents)),
        h("td", { "data-label": "Status" }, h("span", { class: `badge badge-${p.status}` }, p.status)),
        h("td", { "data-label": "Paid" }, p.paidAt ? dateTime(p.paidAt) : "—"))))))
    : h("p", { class: "empty" }, "No payouts yet."));
}
