import { auth } from "../api/endpoints";
import type { Page } from "../router";
import { busy, field, h } from "../ui/dom";
import { passwordProblem, passwordRule } from "../ui/forms";
import { signUpAndSignIn } from "../ui/signup";

export const signupPage: Page = {
  title: "Create an account",
  area: "public",
  render(main) {
    const name = h("input", { name: "name", autocomplete: "name", required: true, maxlength: 100 });
    const email = h("input", { type: "email", name: "email", autocomplete: "email", required: true, maxlength: 254 });
    const company = h("input", { name: "company", autocomplete: "organization", maxlength: 100 });
    const password = h("input", { type: "password", name: "password", autocomplete: "new-password", required: true });
    const fields = {
      name: field("Name", name),
      email: field("Email", email),
      company: field("Company (optional)", company),
      password: field("Password", password, passwordRule),
    };
    const status = h("div", { class: "form-status" });
    const submit = h("button", { type: "submit", class: "button button-primary" }, "Create account");
    const validate = (): boolean => {
      fields.name.setError(name.value.trim() ? null : "Enter your name.");
      fields.email.setError(/^[^@\s]+@[^@\s]+$/.test(email.value.trim()) ? null : "Enter a valid email.");
      fields.password.setError(passwordProblem(password.value));
      return Boolean(name.value.trim()) && /^[^@\s]+@[^@\s]+$/.test(email.value.trim()) && !passwordProblem(password.value);
    };
    password.addEventListener("input", () => fields.password.setError(password.value ? passwordProblem(password.value) : null));
    main.replaceChildren(h("section", { class: "auth-card" },
      h("h1", { tabindex: "-1" }, "Create a console account"),
      h("p", { class: "subtitle" }, "Manage API keys, deploy TTS servers and stream speech."),
      h("form", {
        class: "stack", novalidate: true,
        onsubmit: (event: Event) => {
          event.preventDefault();
          if (!validate()) return;
          void busy(submit, () => signUpAndSignIn({
            register: () => auth.register({ email: email.value.trim(), password: password.value, name: name.value.trim(), company: company.value.trim() || undefined }),
            login: () => auth.login(email.value.trim(), password.value),
            next: "/deployments",
            fields,
            status,
            whenTaken: "An account with this email already exists. Log in instead.",
          }));
        },
      }, fields.name.wrapper, fields.email.wrapper, fields.company.wrapper, fields.password.wrapper, status, submit),
      h("p", { class: "auth-links" }, "Already have an account? ", h("a", { href: "/login" }, "Log in"))));
    name.focus();
  },
};
