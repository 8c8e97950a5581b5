import "./styles.css";
import { auth } from "./api/endpoints";
import { SignedOutError, describe } from "./api/http";
import { clearSession, currentSession, onSessionChange } from "./api/session";
import { closeRecordingHub } from "./hubs/recording";
import { auditPage } from "./pages/audit";
import { deploymentsPage } from "./pages/deployments";
import { keysPage } from "./pages/keys";
import { forgotPasswordPage, loginPage } from "./pages/login";
import { playgroundPage } from "./pages/playground";
import { earningsPage } from "./pages/portal/earnings";
import { micCheckPage } from "./pages/portal/mic-check";
import { recordPage } from "./pages/portal/record";
import { recordingsPage } from "./pages/portal/recordings";
import { portalSignupPage } from "./pages/portal/signup";
import { signupPage } from "./pages/signup";
import { teamPage } from "./pages/team";
import { playgroundKey } from "./playground-key";
import { dispatch, navigate, startRouter, type Cleanup, type Page } from "./router";
import { loadAccount, resetAccount, state } from "./state";
import { h } from "./ui/dom";
import { createShell, notice, pageHeader } from "./ui/layout";

const routes: Record<string, Page> = {
  "/login": loginPage,
  "/signup": signupPage,
  "/forgot-password": forgotPasswordPage,
  "/deployments": deploymentsPage,
  "/keys": keysPage,
  "/playground": playgroundPage,
  "/team": teamPage,
  "/audit": auditPage,
  "/portal/signup": portalSignupPage,
  "/portal/mic-check": micCheckPage,
  "/portal/record": recordPage,
  "/portal/recordings": recordingsPage,
  "/portal/earnings": earningsPage,
};
const redirects: Record<string, string> = { "/": "/deployments", "/console": "/deployments", "/portal": "/portal/record" };

const notFound: Page = {
  title: "Not found",
  area: "console",
  render(main) {
    main.replaceChildren(pageHeader("Page not found"), h("p", null, "There is nothing here. ", h("a", { href: "/deployments" }, "Go to the console.")));
  },
};

const noProfile: Page = {
  title: "Contributor portal",
  area: "portal",
  render(main) {
    main.replaceChildren(pageHeader("Contributor portal"), notice("info",
      "This account has no contributor profile yet. ",
      h("a", { href: "/portal/signup" }, "Add a voice profile"), " with this account's email and password, and one login opens both; or keep using the ",
      h("a", { href: "/deployments" }, "console"), "."));
  },
};

const shell = createShell(document.getElementById("app")!, () => void logout());
let cleanup: Cleanup | void = undefined;
let accountLoaded = false;
let generation = 0;

async function show(page: Page | null, path: string, params: URLSearchParams): Promise<void> {
  const mine = ++generation;
  cleanup?.();
  cleanup = undefined;
  if (redirects[path]) return navigate(currentSession() ? redirects[path]! : "/login", true);
  page ??= notFound;
  if (page.area !== "public") {
    if (!currentSession()) return navigate(`/login?next=${encodeURIComponent(path + location.search)}`, true);
    if (!accountLoaded) {
      try {
        await loadAccount();
        accountLoaded = true;
      } catch (error) {
        if (error instanceof SignedOutError) return navigate(`/login?next=${encodeURIComponent(path)}`, true);
        shell.update(path, "public");
        shell.main.replaceChildren(notice("error", `VoiceFlow is not reachable: ${describe(error)}`),
          h("button", { type: "button", class: "button", onclick: dispatch }, "Try again"));
        return;
      }
      if (mine !== generation) return;
    }
    if (page.area === "portal" && !state.contributor) page = noProfile;
  } else if (currentSession() && (path === "/login" || path === "/signup")) {
    return navigate(params.get("next") ?? "/deployments", true);
  }

  shell.update(path, page.area);
  document.title = `${page.title} · VoiceFlow`;
  shell.main.replaceChildren();
  const result = await page.render(shell.main, params);
  if (mine !== generation) {
    result?.();
    return;
  }
  cleanup = result;
  // Move focus to the new page's heading so keyboard and screen-reader users start there.
  const heading = shell.main.querySelector<HTMLElement>("h1");
  if (heading && !shell.main.contains(document.activeElement)) heading.focus({ preventScroll: true });
  window.scrollTo(0, 0);
}

async function logout(): Promise<void> {
  try {
    await auth.logout();
  } catch {
    // The session ends here whatever the server said.
  }
  signedOut();
}

function signedOut(): void {
  cleanup?.();
  cleanup = undefined;
  accountLoaded = false;
  void closeRecordingHub();
  playgroundKey.clear();
  clearSession();
  resetAccount();
  navigate("/login", true);
}

// Signed out in another tab, or the session could not be refreshed.
onSessionChange((session) => {
  if (!session && accountLoaded) signedOut();
});

startRouter((path) => routes[path.replace(/(.)\/+$/, "$1")] ?? null, (page, path, params) => void show(page, path, params));
