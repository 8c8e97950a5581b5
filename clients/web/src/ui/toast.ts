import { h } from "./dom";

let region: HTMLElement | null = null;

function ensureRegion(): HTMLElement {
  if (!region || !region.isConnected) {
    region = h("div", { class: "toasts", role: "status", "aria-live": "polite" });
    document.body.append(region);
  }
  return region;
}

/** A short message announced to screen readers; errors stay until dismissed. */
export function toast(message: string, kind: "info" | "success" | "error" = "info"): void {
  const item = h("div", { class: `toast toast-${kind}` },
    h("span", null, message),
    h("button", { type: "button", class: "icon-button", "aria-label": "Dismiss", onclick: () => item.remove() }, "×"));
  ensureRegion().append(item);
  if (kind !== "error") setTimeout(() => item.remove(), 5000);
}
