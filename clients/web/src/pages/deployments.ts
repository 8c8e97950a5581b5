import { deployments as deploymentsApi } from "../api/endpoints";
import { ApiError, describe } from "../api/http";
import type { ConsoleOptions, Deployment, DeploymentChanged, DeploymentLog, DeploymentState } from "../api/types";
import { watchDeployments, type LinkState } from "../hubs/deployments";
import type { Page } from "../router";
import { canWrite, onStateChange, state } from "../state";
import { confirmDialog } from "../ui/dialog";
import { busy, fill, h } from "../ui/dom";
import { dollars, duration, perHour, toDate } from "../ui/format";
import { notice, pageHeader } from "../ui/layout";
import { toast } from "../ui/toast";
import { defaultOptions, deploymentForm } from "./deployment-form";
import { logPanel, type LogPanel } from "./deployment-logs";

const terminal: DeploymentState[] = ["stopped", "failed"];
const transitional: DeploymentState[] = ["pending", "provisioning", "starting", "stopping"];

interface Row { deployment: Deployment; element: HTMLTableRowElement; actionsKey: string }

export const deploymentsPage: Page = {
  title: "Deployments",
  area: "console",
  render(main) {
    const rows = new Map<string, Row>();
    const deleted = new Set<string>();
    const tbody = h("tbody");
    const empty = h("p", { class: "empty" }, "No deployments in this team yet. Create one above: it is live in seconds.");
    const linkBadge = h("span", { class: "link-state", "data-state": "connecting", role: "status" }, "Connecting…");
    const retry = h("button", { type: "button", class: "button button-small", hidden: true, onclick: () => void watch.retry() }, "Reconnect");
    const logs: { panel: LogPanel | null } = { panel: null };
    const logSlot = h("div");
    let options: ConsoleOptions = defaultOptions;
    const formSlot = h("div");

    const table = h("div", { class: "card" },
      h("div", { class: "table-wrap" }, h("table", { class: "deployments" },
        h("caption", { class: "visually-hidden" }, "Deployments of the team, updated live"),
        h("thead", null, h("tr", null, ["Name", "Status", "In state", "GPU", "Cost", "Endpoint", ""].map((c) => h("th", { scope: "col" }, c)))),
        tbody)),
      empty);

    const inTeam = (d: { teamId?: string }) => !d.teamId || d.teamId === state.teamId;
    const sync = (): void => {
      empty.hidden = rows.size > 0;
    };

    const upsert = (deployment: Deployment): void => {
      if (deleted.has(deployment.id) || !inTeam(deployment)) return;
      const existing = rows.get(deployment.id);
      if (existing) {
        existing.deployment = deployment;
        updateRow(existing);
      } else {
        const row: Row = { deployment, element: h("tr", { "data-deployment-id": deployment.id, "data-name": deployment.name }), actionsKey: "" };
        rows.set(deployment.id, row);
        updateRow(row);
        // Newest first, as the server lists them.
        tbody.prepend(row.element);
      }
      sync();
    };

    const remove = (id: string): void => {
      deleted.add(id);
      rows.get(id)?.element.remove();
      rows.delete(id);
      if (logs.panel?.id === id) closeLogs();
      sync();
    };

    const updateRow = (row: Row): void => {
      const d = row.deployment;
      const since = toDate(d.statusChangedAt) ?? new Date();
      if (row.element.childElementCount === 0) {
        row.element.append(
          h("td", { "data-label": "Name" }, h("span", { class: "strong" }, d.name), h("div", { class: "muted small", "data-cell": "type" })),
          h("td", { "data-label": "Status", "data-cell": "status" }),
          h("td", { "data-label": "In state", "data-cell": "since" }),
          h("td", { "data-label": "GPU", "data-cell": "gpu" }),
          h("td", { "data-label": "Cost", "data-cell": "cost" }),
          h("td", { "data-label": "Endpoint", "data-cell": "endpoint", class: "endpoint" }),
          h("td", { class: "actions", "data-cell": "actions" }));
      }
      const cell = (name: string) => row.element.querySelector(`[data-cell="${name}"]`) as HTMLElement;
      cell("type").textContent = `${d.deploymentType === "raw_compute" ? "Raw compute" : "Serverless"} · ${d.engine ?? ""}`;
      fill(cell("status"),
        h("span", { class: `badge badge-${d.status}`, "data-status": d.status }, transitional.includes(d.status) ? h("span", { class: "pulse", "aria-hidden": "true" }) : null, d.status),
        d.message ? h("div", { class: "muted small message", title: d.message }, d.message) : null);
      cell("since").dataset.since = String(since.getTime());
      cell("gpu").textContent = `${d.gpuType}${d.replicas > 1 ? ` × ${d.replicas}` : ""}`;
      cell("cost").dataset.cost = String(d.hourlyCostCents);
      cell("cost").dataset.running = d.status === "running" ? String(since.getTime()) : "";
      fill(cell("endpoint"), d.endpoint && d.status === "running" ? h("code", null, d.endpoint) : h("span", { class: "muted" }, "—"));
      tick(row.element);

      const canStop = canWrite() && !terminal.includes(d.status) && !d.stopRequested;
      const key = `${canStop}|${canWrite()}`;
      if (key !== row.actionsKey) {
        row.actionsKey = key;
        fill(cell("actions"),
          h("button", { type: "button", class: "button button-small", "aria-label": `Logs of ${d.name}`, onclick: () => openLogs(row.deployment) }, "Logs"),
          canStop ? h("button", {
            type: "button", class: "button button-small", "aria-label": `Stop ${d.name}`,
            onclick: (e: Event) => void busy(e.currentTarget as HTMLButtonElement, async () => {
              try {
                upsert(await deploymentsApi.stop(d.id));
              } catch (error) {
                toast(describe(error), "error");
              }
            }),
          }, "Stop") : null,
          canWrite() ? h("button", {
            type: "button", class: "button button-small button-danger", "aria-label": `Delete ${d.name}`,
            onclick: async (e: Event) => {
              const button = e.currentTarget as HTMLButtonElement;
              if (!(await confirmDialog(`Delete ${d.name}?`, "It is stopped first if it is running; its history stays for billing.", "Delete"))) return;
              await busy(button, async () => {
                try {
                  await deploymentsApi.remove(d.id);
                  remove(d.id);
                  toast(`Deleted ${d.name}.`, "success");
                } catch (error) {
                  toast(describe(error), "error");
                }
              });
            },
          }, "Delete") : null);
      }
    };

    const openLogs = (deployment: Deployment): void => {
      closeLogs();
      logs.panel = logPanel(deployment, closeLogs);
      logSlot.replaceChildren(logs.panel.element);
      logs.panel.element.scrollIntoView({ block: "nearest" });
    };
    const closeLogs = (): void => {
      logs.panel = null;
      logSlot.replaceChildren();
    };

    const applyChange = (change: DeploymentChanged): void => {
      const row = rows.get(change.id);
      if (!row) {
        if (deleted.has(change.id)) return;
        // Another team's deployment, or one created elsewhere: the REST answer says which team it belongs to.
        deploymentsApi.get(change.id).then(upsert, () => deleted.add(change.id));
        return;
      }
      const moved = change.status !== change.previousStatus;
      upsert({
        ...row.deployment,
        status: change.status,
        endpoint: change.endpoint,
        replicas: change.replicas,
        hourlyCostCents: change.hourlyCostCents,
        message: change.message,
        statusChangedAt: moved ? change.at : row.deployment.statusChangedAt,
        stoppedAt: change.status === "stopped" ? change.at : row.deployment.stoppedAt,
      });
    };

    const setLink = (link: LinkState, error?: string): void => {
      linkBadge.dataset.state = link;
      linkBadge.textContent = { connecting: "Connecting…", live: "Live", reconnecting: "Reconnecting…", offline: "Offline" }[link];
      linkBadge.title = error ?? "";
      retry.hidden = link !== "offline";
    };

    const watch = watchDeployments({
      snapshot: (all) => all.forEach(upsert),
      changed: applyChange,
      log: (line: DeploymentLog) => {
        if (logs.panel?.id === line.id) logs.panel.append(line.at, line.line);
      },
      link: setLink,
    });

    const load = async (): Promise<void> => {
      try {
        (await deploymentsApi.list(state.teamId)).reverse().forEach(upsert);
      } catch (error) {
        table.prepend(notice("error", describe(error)));
      }
    };

    const renderForm = (): void => {
      fill(formSlot, canWrite()
        ? deploymentForm(options, (deployment) => {
          upsert(deployment);
          toast(`${deployment.name} is being deployed.`, "success");
        })
        : notice("info", "Your role in this team can watch deployments but not create or stop them."));
    };

    const render = (): void => {
      rows.clear();
      tbody.replaceChildren();
      closeLogs();
      renderForm();
      main.replaceChildren(
        pageHeader("Deployments", "Your team's TTS servers. Status, logs and cost update live.", h("div", { class: "row" }, linkBadge, retry)),
        formSlot, table, logSlot);
      sync();
      void load();
    };
    render();

    deploymentsApi.options().then((answer) => {
      options = answer;
      renderForm();
    }, (error: unknown) => {
      if (!(error instanceof ApiError && error.status === 404)) console.warn("Deployment options:", error);
    });

    const ticker = window.setInterval(() => rows.forEach((row) => tick(row.element)), 1000);
    const unsubscribe = onStateChange(render);
    return () => {
      window.clearInterval(ticker);
      unsubscribe();
      void watch.stop();
    };
  },
};

/** Time in state and the cost of the current run, which move every second. */
function tick(row: HTMLElement): void {
  const since = row.querySelector<HTMLElement>("[data-since]");
  if (since) since.textContent = duration(Date.now() - Number(since.dataset.since));
  const cost = row.querySelector<HTMLElement>("[data-cost]");
  if (cost) {
    const hourly = Number(cost.dataset.cost);
    const running = Number(cost.dataset.running);
    fill(cost, h("span", null, perHour(hourly)),
      running ? h("div", { class: "muted small" }, `${dollars(Math.max(0, Date.now() - running) / 3_600_000 * hourly)} this run`) : null);
  }
}
