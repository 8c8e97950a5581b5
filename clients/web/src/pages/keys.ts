import { keys as keysApi } from "../api/endpoints";
import { describe } from "../api/http";
import type { ApiKey, CreatedApiKey } from "../api/types";
import { playgroundKey } from "../playground-key";
import { navigate, type Page } from "../router";
import { canWrite, onStateChange, state } from "../state";
import { busy, field, fill, h } from "../ui/dom";
import { ago, dateTime } from "../ui/format";
import { showFieldErrors } from "../ui/forms";
import { confirmDialog } from "../ui/dialog";
import { notice, pageHeader } from "../ui/layout";
import { toast } from "../ui/toast";

export const keysPage: Page = {
  title: "API keys",
  area: "console",
  render(main) {
    const list = h("div", { class: "card", "aria-live": "polite" }, h("p", { class: "muted" }, "Loading keys…"));
    const created = h("div");
    const name = h("input", { name: "name", required: true, maxlength: 100, placeholder: "my app" });
    const description = h("input", { name: "description", maxlength: 500, placeholder: "what uses it (optional)" });
    const fields = { name: field("Name", name), description: field("Description", description) };
    const submit = h("button", { type: "submit", class: "button button-primary" }, "Create key");
    const form = h("form", {
      class: "card form-inline", novalidate: true, "aria-label": "Create an API key",
      onsubmit: (event: Event) => {
        event.preventDefault();
        fields.name.setError(name.value.trim() ? null : "Give the key a name.");
        if (!name.value.trim()) return;
        void busy(submit, async () => {
          try {
            const key = await keysApi.create(state.teamId, name.value.trim(), description.value.trim());
            fill(created, revealKey(key, () => created.replaceChildren()));
            form.reset();
            await load();
          } catch (error) {
            if (!showFieldErrors(error, fields)) toast(describe(error), "error");
          }
        });
      },
    }, fields.name.wrapper, fields.description.wrapper, h("div", { class: "form-actions" }, submit));

    const load = async (): Promise<void> => {
      try {
        const rows = await keysApi.list(state.teamId);
        fill(list, rows.length ? keyTable(rows, load) : h("p", { class: "empty" }, "No keys yet. Create one to call the API."));
      } catch (error) {
        fill(list, notice("error", describe(error)));
      }
    };
    const render = (): void => {
      main.replaceChildren(
        pageHeader("API keys", "Apps authenticate with a key: X-API-Key header, Bearer token, or access_token on hub URLs."),
        created,
        canWrite() ? form : notice("info", "Your role in this team can read keys but not create or revoke them."),
        list);
      void load();
    };
    render();
    return onStateChange(render);
  },
};

function revealKey(key: CreatedApiKey, close: () => void): HTMLElement {
  const value = h("input", { class: "secret", readonly: true, value: key.key, "aria-label": "New API key", onfocus: (e: Event) => (e.target as HTMLInputElement).select() });
  const copy = h("button", {
    type: "button", class: "button",
    onclick: async () => {
      try {
        await navigator.clipboard.writeText(key.key);
        copy.textContent = "Copied";
      } catch {
        value.select();
        copy.textContent = "Press Ctrl+C";
      }
    },
  }, "Copy");
  return notice("success",
    h("div", { class: "stack-tight", "data-testid": "new-key" },
      h("strong", null, `Key "${key.name}" created. Copy it now: it is shown this once and never again.`),
      h("div", { class: "copy-row" }, value, copy),
      h("div", { class: "row" },
        h("button", {
          type: "button", class: "button button-quiet",
          onclick: () => {
            playgroundKey.set(key.key, key.prefix, key.name);
            navigate("/playground");
          },
        }, "Use it in the playground"),
        h("button", { type: "button", class: "button button-quiet", onclick: close }, "I saved it, hide it"))));
}

function keyTable(rows: ApiKey[], reload: () => Promise<void>): HTMLElement {
  return h("div", { class: "table-wrap" }, h("table", null,
    h("caption", { class: "visually-hidden" }, "API keys of the team"),
    h("thead", null, h("tr", null, ["Name", "Key", "Created", "Last used", "Requests", "Status", ""].map((c) => h("th", { scope: "col" }, c)))),
    h("tbody", null, rows.map((key) => h("tr", { "data-key-id": key.id },
      h("td", { "data-label": "Name" }, h("span", { class: "strong" }, key.name), key.description ? h("div", { class: "muted small" }, key.description) : null),
      h("td", { "data-label": "Key" }, h("code", null, `${key.prefix}…`)),
      h("td", { "data-label": "Created" }, dateTime(key.createdAt)),
      h("td", { "data-label": "Last used", title: dateTime(key.lastUsedAt) }, key.lastUsedAt ? ago(key.lastUsedAt) : "never"),
      h("td", { "data-label": "Requests", class: "num" }, key.requestCount.toLocaleString()),
      h("td", { "data-label": "Status" }, key.revokedAt
        ? h("span", { class: "badge badge-stopped" }, "revoked")
        : h("span", { class: "badge badge-running" }, "active")),
      h("td", { class: "actions" }, !key.revokedAt && canWrite()
        ? h("button", {
          type: "button", class: "button button-danger button-small", "aria-label": `Revoke ${key.name}`,
          onclick: async (event: Event) => {
            const button = event.currentTarget as HTMLButtonElement;
            if (!(await confirmDialog(`Revoke "${key.name}"?`, "Apps using this key stop working at once. This cannot be undone.", "Revoke key"))) return;
            await busy(button, async () => {
              try {
                await keysApi.revoke(key.id);
                if (playgroundKey.get()?.prefix === key.prefix) playgroundKey.clear();
                toast(`Revoked ${key.name}.`, "success");
                await reload();
              } catch (error) {
                toast(describe(error), "error");
              }
            });
          },
        }, "Revoke")
        : null))))));
}
