import { h } from "./dom";

/** A modal confirmation (native <dialog>: focus trap, Esc to cancel). Resolves true when confirmed. */
export function confirmDialog(title: string, body: string, confirmLabel: string, danger = true): Promise<boolean> {
  return new Promise((resolve) => {
    const dialog = h("dialog", { class: "dialog", "aria-labelledby": "dialog-title" },
      h("form", { method: "dialog", class: "stack" },
        h("h2", { id: "dialog-title" }, title),
        h("p", null, body),
        h("div", { class: "row row-end" },
          h("button", { value: "cancel", class: "button", autofocus: true }, "Cancel"),
          h("button", { value: "confirm", class: danger ? "button button-danger" : "button button-primary" }, confirmLabel))));
    dialog.addEventListener("close", () => {
      resolve(dialog.returnValue === "confirm");
      dialog.remove();
    });
    document.body.append(dialog);
    dialog.showModal();
  });
}
