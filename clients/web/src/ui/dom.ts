// A tiny hyperscript helper: every page builds real DOM nodes, and text always goes in as text nodes
// (never innerHTML), so nothing the server or a user typed can become markup.

export type Child = Node | string | number | null | undefined | false | Child[];
export type Attrs = Record<string, unknown>;

const properties = new Set(["value", "checked", "disabled", "selected", "hidden", "indeterminate", "open"]);

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs?: Attrs | null, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false && !properties.has(key)) continue;
    if (key.startsWith("on") && typeof value === "function") {
      element.addEventListener(key.slice(2).toLowerCase(), value as EventListener);
    } else if (key === "class") {
      element.className = String(value);
    } else if (properties.has(key)) {
      (element as unknown as Record<string, unknown>)[key] = value;
      // Also the default, so form.reset() returns to it.
      if ((key === "checked" || key === "selected") && value === true) element.setAttribute(key, "");
      if (key === "value" && element instanceof HTMLInputElement) element.defaultValue = String(value);
    } else {
      element.setAttribute(key, value === true ? "" : String(value));
    }
  }
  append(element, children);
  return element;
}

export function append(parent: Node, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(parent, child);
    else parent.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces an element's content. */
export function fill(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, children);
}

let ids = 0;
/** A unique id for label/aria wiring. */
export const uid = (prefix = "f"): string => `${prefix}-${++ids}`;

/** A labelled form field with an inline message slot (aria-describedby) for validation errors. */
export function field(label: string, control: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement, hint?: string): {
  wrapper: HTMLDivElement;
  setError: (message: string | null) => void;
} {
  const id = control.id || (control.id = uid(control.name || "field"));
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const error = h("p", { class: "field-error", id: errorId, hidden: true });
  const describedBy = [hint ? hintId : null, errorId].filter(Boolean).join(" ");
  control.setAttribute("aria-describedby", describedBy);
  const wrapper = h("div", { class: "field" },
    h("label", { for: id }, label),
    control,
    hint ? h("p", { class: "field-hint", id: hintId }, hint) : null,
    error);
  return {
    wrapper,
    setError(message) {
      error.textContent = message ?? "";
      error.hidden = !message;
      if (message) control.setAttribute("aria-invalid", "true");
      else control.removeAttribute("aria-invalid");
    },
  };
}

/** A button that shows progress while its action runs and cannot be pressed twice. */
export async function busy<T>(button: HTMLButtonElement, action: () => Promise<T>): Promise<T | undefined> {
  if (button.disabled) return undefined;
  const label = button.textContent;
  button.disabled = true;
  button.setAttribute("aria-busy", "true");
  try {
    return await action();
  } finally {
    button.disabled = false;
    button.removeAttribute("aria-busy");
    button.textContent = label;
  }
}
