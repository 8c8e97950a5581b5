import { contributors } from "../../api/endpoints";
import type { Page } from "../../router";
import { state } from "../../state";
import { busy, field, h } from "../../ui/dom";
import { passwordProblem, passwordRule } from "../../ui/forms";
import { signUpAndSignIn } from "../../ui/signup";

const options = (values: [string, string][], blank = "Prefer not to say") =>
  [h("option", { value: "" }, blank), ...values.map(([value, label]) => h("option", { value }, label))];

export const portalSignupPage: Page = {
  title: "Become a voice contributor",
  area: "public",
  render(main) {
    const name = h("input", { name: "name", autocomplete: "name", required: true, maxlength: 100 });
    const email = h("input", { type: "email", name: "email", autocomplete: "email", required: true });
    const password = h("input", { type: "password", name: "password", autocomplete: "new-password", required: true });
    const country = h("input", { name: "country", autocomplete: "country", required: true, maxlength: 2, placeholder: "GB", class: "input-short" });
    const languages = h("input", { name: "languages", required: true, placeholder: "en-GB, fr", value: navigator.language || "en" });
    const ageRange = h("select", { name: "ageRange" }, options(["18-24", "25-34", "35-44", "45-54", "55-64", "65+"].map((v) => [v, v])));
    const gender = h("select", { name: "gender" }, options([["female", "Female"], ["male", "Male"], ["non_binary", "Non-binary"], ["prefer_not_to_say", "Prefer not to say"]], "Not given"));
    const accent = h("input", { name: "accent", maxlength: 100, placeholder: "e.g. Yorkshire" });
    const microphone = h("select", { name: "microphone" }, options([["built_in", "Built into the computer"], ["headset", "Headset"], ["usb", "USB microphone"], ["studio", "Studio microphone"], ["phone", "Phone"], ["other", "Other"]], "Not given"));
    // A signed-in console user adding a voice profile: their account's name and email.
    if (state.me) {
      name.value = state.me.name;
      email.value = state.me.email;
    }
    const fields = {
      name: field("Name", name), email: field("Email", email), password: field("Password", password, passwordRule),
      country: field("Country", country, "Two-letter code (ISO 3166-1), e.g. GB, US, DE."),
      languages: field("Languages you speak", languages, "Language tags separated by commas, e.g. en-GB, fr."),
      ageRange: field("Age range", ageRange), gender: field("Gender", gender), accent: field("Accent (optional)", accent),
      microphone: field("Microphone", microphone),
    };
    const status = h("div", { class: "form-status" });
    const submit = h("button", { type: "submit", class: "button button-primary" }, "Sign up and check my microphone");
    const tags = () => languages.value.split(/[,\s]+/).map((t) => t.trim()).filter(Boolean);
    const validate = (): boolean => {
      const problems: [keyof typeof fields, string | null][] = [
        ["name", name.value.trim() ? null : "Enter your name."],
        ["email", /^[^@\s]+@[^@\s]+$/.test(email.value.trim()) ? null : "Enter a valid email."],
        ["password", passwordProblem(password.value)],
        ["country", /^[A-Za-z]{2}$/.test(country.value.trim()) ? null : "Use the two-letter country code."],
        ["languages", tags().length && tags().every((t) => /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(t)) ? null : "List at least one language tag, like en-GB."],
      ];
      for (const [key, problem] of problems) fields[key].setError(problem);
      return problems.every(([, problem]) => !problem);
    };
    main.replaceChildren(h("section", { class: "auth-card auth-card-wide" },
      h("h1", { tabindex: "-1" }, "Become a voice contributor"),
      h("p", { class: "subtitle" }, "Read short sentences aloud, get live feedback on each take, and earn for every approved recording. Already have a VoiceFlow console account? Sign up with its email and password and one login opens both."),
      h("form", {
        class: "stack", novalidate: true,
        onsubmit: (event: Event) => {
          event.preventDefault();
          if (!validate()) return;
          const profile = { ageRange: ageRange.value || null, gender: gender.value || null, accent: accent.value.trim() || null, microphone: microphone.value || null };
          void busy(submit, () => signUpAndSignIn({
            register: () => contributors.register({
              email: email.value.trim(), password: password.value, name: name.value.trim(), country: country.value.trim().toUpperCase(),
              languages: tags(), voiceProfile: Object.values(profile).some(Boolean) ? profile : undefined,
            }),
            login: () => contributors.login(email.value.trim(), password.value),
            next: "/portal/mic-check",
            fields: { ...fields, "voiceProfile.ageRange": fields.ageRange, "voiceProfile.gender": fields.gender, "voiceProfile.accent": fields.accent, "voiceProfile.microphone": fields.microphone },
            status,
            whenTaken: "An account with this email already exists. If it is your VoiceFlow console account, enter that account's password to add a contributor profile to it; if you already contribute, log in instead.",
          }));
        },
      },
      h("fieldset", null, h("legend", null, "Account"), fields.name.wrapper, fields.email.wrapper, fields.password.wrapper),
      h("fieldset", null, h("legend", null, "Voice profile"),
        h("div", { class: "grid-2" }, fields.country.wrapper, fields.languages.wrapper, fields.ageRange.wrapper, fields.gender.wrapper, fields.accent.wrapper, fields.microphone.wrapper)),
      status, submit),
      h("p", { class: "auth-links" }, "Already a contributor? ", h("a", { href: "/login?next=/portal/record" }, "Log in"))));
    name.focus();
  },
};
