// The shared frame: header with navigation (console and contributor sections), team picker, account menu.
import type { Area } from "../router";
import { h, fill } from "./dom";
import { state, selectTeam } from "../state";

const consoleLinks = [
  ["/deployments", "Deployments"],
  ["/keys", "API keys"],
  ["/playground", "Playground"],
  ["/team", "Team"],
  ["/audit", "Audit log"],
] as const;

const portalLinks = [
  ["/portal/record", "Record"],
  ["/portal/recordings", "My recordings"],
  ["/portal/earnings", "Earnings"],
] as const;

export interface Shell { main: HTMLElement; update(path: string, area: Area): void }

export function createShell(root: HTMLElement, onLogout: () => void): Shell {
  const main = h("main", { id: "main", tabindex: "-1" });
  const nav = h("nav", { id: "site-nav", class: "site-nav", "aria-label": "Main" });
  const menuButton = h("button", {
    type: "button", class: "menu-button", "aria-controls": "site-nav", "aria-expanded": "false",
    onclick: () => {
      const open = menuButton.getAttribute("aria-expanded") !== "true";
      menuButton.setAttribute("aria-expanded", String(open));
      nav.classList.toggle("open", open);
    },
  }, h("span", { class: "menu-icon", "aria-hidden": "true" }), h("span", { class: "visually-hidden" }, "Menu"));
  const header = h("header", { class: "topbar" },
    h("a", { href: "/", class: "brand", "aria-label": "VoiceFlow home" },
      h("img", { src: "/favicon.svg", alt: "", width: 28, height: 28 }), h("span", null, "VoiceFlow")),
    menuButton,
    nav);
  fill(root,
    h("a", { class: "skip-link", href: "#main", onclick: (e: Event) => { e.preventDefault(); main.focus(); } }, "Skip to content"),
    header,
    main);

  const update = (path: string, area: Area): void => {
    header.hidden = area === "public";
    root.classList.toggle("with-nav", area !== "public");
    menuButton.setAttribute("aria-expanded", "false");
    nav.classList.remove("open");
    if (area === "public") return;
    const link = ([href, label]: readonly [string, string]) =>
      h("li", null, h("a", { href, "aria-current": path === href ? "page" : undefined }, label));
    const teamPicker = state.teams.length > 1 && area === "console"
      ? h("label", { class: "team-picker" }, h("span", { class: "visually-hidden" }, "Team"),
        h("select", {
          onchange: (e: Event) => selectTeam((e.target as HTMLSelectElement).value),
        }, state.teams.map((t) => h("option", { value: t.id, selected: t.id === state.teamId }, t.personal ? `${t.name} (personal)` : t.name))))
      : null;
    fill(nav,
      h("div", { class: "nav-group" },
        h("span", { class: "nav-heading", id: "nav-console" }, "Console"),
        h("ul", { "aria-labelledby": "nav-console" }, consoleLinks.map(link))),
      state.contributor
        ? h("div", { class: "nav-group" },
          h("span", { class: "nav-heading", id: "nav-portal" }, "Contributor"),
          h("ul", { "aria-labelledby": "nav-portal" }, portalLinks.map(link)))
        : null,
      h("div", { class: "nav-account" },
        teamPicker,
        h("span", { class: "account-email", title: state.me?.email ?? "" }, state.me?.email ?? ""),
        h("button", { type: "button", class: "button button-quiet", onclick: onLogout }, "Log out")));
  };
  return { main, update };
}

/** A page heading plus optional actions; the heading takes focus after navigation. */
export function pageHeader(title: string, subtitle?: string | Node | null, ...actions: Node[]): HTMLElement {
  return h("div", { class: "page-header" },
    h("div", null, h("h1", { tabindex: "-1" }, title), subtitle ? h("p", { class: "subtitle" }, subtitle) : null),
    actions.length ? h("div", { class: "page-actions" }, actions) : null);
}

/** A dismissable message box (role=alert for errors). */
export function notice(kind: "info" | "error" | "success" | "warning", ...content: (Node | string)[]): HTMLElement {
  return h("div", { class: `notice notice-${kind}`, role: kind === "error" ? "alert" : "status" }, content);
}
