// History-API routing: the server answers every page path with index.html, and this picks the page.
export type Area = "public" | "console" | "portal";
export type Cleanup = () => void;

export interface Page {
  title: string;
  area: Area;
  render(main: HTMLElement, params: URLSearchParams): void | Cleanup | Promise<void | Cleanup>;
}

type Resolver = (path: string) => Page | null;
let resolve: Resolver = () => null;
let onRoute: (page: Page | null, path: string, params: URLSearchParams) => void = () => {};

export function navigate(to: string, replace = false): void {
  if (replace) history.replaceState(null, "", to);
  else history.pushState(null, "", to);
  dispatch();
}

export function dispatch(): void {
  const url = new URL(location.href);
  onRoute(resolve(url.pathname), url.pathname, url.searchParams);
}

export function startRouter(resolver: Resolver, handler: typeof onRoute): void {
  resolve = resolver;
  onRoute = handler;
  window.addEventListener("popstate", dispatch);
  // Same-origin links navigate in place; modified clicks (new tab) and downloads keep the browser's behaviour.
  document.addEventListener("click", (event) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const link = (event.target as Element | null)?.closest?.("a[href]") as HTMLAnchorElement | null;
    if (!link || link.target || link.hasAttribute("download") || link.origin !== location.origin) return;
    if (link.pathname.startsWith("/api/") || link.pathname.startsWith("/hubs/")) return;
    event.preventDefault();
    if (link.href !== location.href) navigate(link.pathname + link.search);
  });
  dispatch();
}
