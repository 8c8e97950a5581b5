import { deployments as deploymentsApi } from "../api/endpoints";
import { describe } from "../api/http";
import type { Deployment } from "../api/types";
import { h } from "../ui/dom";
import { toDate } from "../ui/format";

export interface LogPanel { id: string; element: HTMLElement; append(at: string | Date, line: string): void }

const maxLines = 1000;

/** A deployment's recent log, then every new line as it arrives; follows the end unless scrolled up. */
export function logPanel(deployment: Deployment, close: () => void): LogPanel {
  const output = h("pre", { class: "log", role: "log", "aria-live": "polite", "aria-label": `Log of ${deployment.name}`, tabindex: "0" });
  const status = h("span", { class: "muted small" }, "Loading…");
  const element = h("section", { class: "card log-panel", "aria-labelledby": `log-${deployment.id}` },
    h("div", { class: "row row-between" },
      h("h2", { id: `log-${deployment.id}` }, `Log · ${deployment.name}`),
      h("div", { class: "row" }, status, h("button", { type: "button", class: "button button-small", onclick: close }, "Close"))),
    output);
  const pending: [string | Date, string][] = [];
  let loaded = false;

  const write = (at: string | Date, line: string): void => {
    const follow = output.scrollHeight - output.scrollTop - output.clientHeight < 40;
    const time = toDate(at)?.toLocaleTimeString(undefined, { hour12: false }) ?? "";
    output.append(h("span", { class: "log-line" }, h("span", { class: "log-time" }, time), " ", line, "\n"));
    while (output.childElementCount > maxLines) output.firstElementChild?.remove();
    if (follow) output.scrollTop = output.scrollHeight;
  };

  deploymentsApi.logs(deployment.id).then((lines) => {
    lines.forEach((l) => write(l.at, l.line));
    loaded = true;
    // Lines that arrived live while the history loaded, after it.
    const seen = new Set(lines.map((l) => `${toDate(l.at)?.getTime()}|${l.line}`));
    pending.filter(([at, line]) => !seen.has(`${toDate(at)?.getTime()}|${line}`)).forEach(([at, line]) => write(at, line));
    status.textContent = "Live";
    output.scrollTop = output.scrollHeight;
  }, (error: unknown) => {
    loaded = true;
    status.textContent = describe(error);
  });

  return {
    id: deployment.id,
    element,
    append(at, line) {
      if (loaded) write(at, line);
      else pending.push([at, line]);
    },
  };
}
