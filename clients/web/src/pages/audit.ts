import { audit } from "../api/endpoints";
import { ApiError, describe } from "../api/http";
import type { AuditPage } from "../api/types";
import type { Page } from "../router";
import { onStateChange, state } from "../state";
import { fill, h } from "../ui/dom";
import { dateTime } from "../ui/format";
import { notice, pageHeader } from "../ui/layout";

export const auditPage: Page = {
  title: "Audit log",
  area: "console",
  render(main) {
    let page = 1;
    const body = h("div", { class: "card", "aria-live": "polite" });
    const load = async (): Promise<void> => {
      fill(body, h("p", { class: "muted" }, "Loading…"));
      try {
        fill(body, table(await audit.page(state.teamId, page)));
      } catch (error) {
        fill(body, notice(error instanceof ApiError && error.status === 403 ? "info" : "error",
          error instanceof ApiError && error.status === 403 ? "Only owners and admins of the team read its audit log." : describe(error)));
      }
    };
    const table = (result: AuditPage): HTMLElement => h("div", { class: "stack" },
      result.items.length
        ? h("div", { class: "table-wrap" }, h("table", null,
          h("caption", { class: "visually-hidden" }, "Audit log, newest first"),
          h("thead", null, h("tr", null, ["When", "Who", "Action", "Resource", "From"].map((c) => h("th", { scope: "col" }, c)))),
          h("tbody", null, result.items.map((e) => h("tr", null,
            h("td", { "data-label": "When" }, dateTime(e.at)),
            h("td", { "data-label": "Who" }, e.userEmail ?? (e.apiKeyId ? "API key" : "system")),
            h("td", { "data-label": "Action" }, h("code", null, e.action)),
            h("td", { "data-label": "Resource" }, e.resourceType, e.resourceId ? h("div", { class: "muted small mono" }, e.resourceId) : null),
            h("td", { "data-label": "From", title: e.userAgent ?? "" }, e.ip ?? "—"))))))
        : h("p", { class: "empty" }, "Nothing recorded yet."),
      h("nav", { class: "row row-between pager", "aria-label": "Audit pages" },
        h("button", { type: "button", class: "button", disabled: page === 1, onclick: () => { page--; void load(); } }, "← Newer"),
        h("span", { class: "muted" }, `Page ${page}`),
        h("button", { type: "button", class: "button", disabled: !result.hasMore, onclick: () => { page++; void load(); } }, "Older →")));
    const render = (): void => {
      page = 1;
      main.replaceChildren(pageHeader("Audit log", "Every change to the team: who, what, from where."), body);
      void load();
    };
    render();
    return onStateChange(render);
  },
};
