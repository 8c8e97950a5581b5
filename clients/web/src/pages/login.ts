import { auth } from "../api/endpoints";
import { ApiError, describe } from "../api/http";
import { saveTokens } from "../api/session";
import { navigate, type Page } from "../router";
import { loadAccount } from "../state";
import { busy, field, h } from "../ui/dom";
import { notice } from "../ui/layout";

/** Only paths of this app are followed after login. */
export function safeNext(params: URLSearchParams, fallback: string): string {
  const next = params.get("next");
  return next && next.startsWith("/") && !next.startsWith("//") ? next : fallback;
}

export const loginPage: Page = {
  title: "Log in",
  area: "public",
  render(main, params) {
    const email = h("input", { type: "email", name: "email", autocomplete: "username", required: true });
    const password = h("input", { type: "password", name: "password", autocomplete: "current-password", required: true });
    const emailField = field("Email", email);
    const passwordField = field("Password", password);
    const status = h("div", { class: "form-status" });
    const submit = h("button", { type: "submit", class: "button button-primary" }, "Log in");
    const form = h("form", {
      class: "stack", novalidate: true,
      onsubmit: (event: Event) => {
        event.preventDefault();
        emailField.setError(email.value.trim() ? null : "Enter your email.");
        passwordField.setError(password.value ? null : "Enter your password.");
        if (!email.value.trim() || !password.value) return;
        void busy(submit, async () => {
          status.replaceChildren();
          submit.textContent = "Logging in…";
          try {
            saveTokens(await auth.login(email.value.trim(), password.value));
            await loadAccount();
            navigate(safeNext(params, "/deployments"), true);
          } catch (error) {
            const text = error instanceof ApiError && error.status === 401 ? "The email or password is incorrect." : describe(error);
            status.replaceChildren(notice("error", text));
            password.select();
          }
        });
      },
    }, emailField.wrapper, passwordField.wrapper, status, submit);
    main.replaceChildren(h("section", { class: "auth-card" },
      h("div", { class: "auth-brand" }, h("img", { src: "/favicon.svg", alt: "", width: 40, height: 40 }), h("span", null, "VoiceFlow")),
      h("h1", { tabindex: "-1" }, "Log in"),
      h("p", { class: "subtitle" }, "One login for the console and the contributor portal."),
      form,
      h("p", { class: "auth-links" },
        h("a", { href: "/signup" }, "Create a console account"), " · ",
        h("a", { href: "/portal/signup" }, "Become a voice contributor"), " · ",
        h("a", { href: "/forgot-password" }, "Forgot password?"))));
    email.focus();
  },
};

export const forgotPasswordPage: Page = {
  title: "Reset your password",
  area: "public",
  render(main) {
    const email = h("input", { type: "email", name: "email", autocomplete: "email", required: true });
    const emailField = field("Email", email);
    const status = h("div", { class: "form-status" });
    const submit = h("button", { type: "submit", class: "button button-primary" }, "Send the reset link");
    main.replaceChildren(h("section", { class: "auth-card" },
      h("h1", { tabindex: "-1" }, "Reset your password"),
      h("form", {
        class: "stack", novalidate: true,
        onsubmit: (event: Event) => {
          event.preventDefault();
          emailField.setError(email.value.includes("@") ? null : "Enter the email of your account.");
          if (!email.value.includes("@")) return;
          void busy(submit, async () => {
            try {
              await auth.forgotPassword(email.value.trim());
              status.replaceChildren(notice("success", "If an account uses this email, a reset link is on its way."));
            } catch (error) {
              status.replaceChildren(notice("error", describe(error)));
            }
          });
        },
      }, emailField.wrapper, status, submit),
      h("p", { class: "auth-links" }, h("a", { href: "/login" }, "Back to log in"))));
  },
};
