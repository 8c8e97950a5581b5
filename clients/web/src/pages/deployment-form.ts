import { deployments as deploymentsApi } from "../api/endpoints";
import { ApiError, describe } from "../api/http";
import type { ConsoleOptions, Deployment } from "../api/types";
import { state } from "../state";
import { busy, field, h, uid } from "../ui/dom";
import { perHour } from "../ui/format";
import { showFieldErrors } from "../ui/forms";
import { notice } from "../ui/layout";

/** What the server offers by default; replaced by /api/console/options when the server answers it. */
export const defaultOptions: ConsoleOptions = {
  gpuTypes: [
    { name: "H100", hourlyCostCents: 239 }, { name: "A100", hourlyCostCents: 129 }, { name: "L40S", hourlyCostCents: 91 },
    { name: "RTX6000Ada", hourlyCostCents: 76 }, { name: "RTXA6000", hourlyCostCents: 49 },
  ],
  deploymentTypes: ["serverless", "raw_compute"],
  engines: ["espeak-ng"],
};

const typeDescriptions: Record<string, [string, string]> = {
  serverless: ["Serverless", "Scales between 1 and 3 replicas with traffic."],
  raw_compute: ["Raw compute", "Exactly one dedicated replica."],
};

export function nameProblem(name: string): string | null {
  if (!name) return "Give the deployment a name.";
  if (name.length < 3 || name.length > 63) return "Use 3 to 63 characters.";
  if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(name)) return "Use lower-case letters, digits and hyphens, starting and ending with a letter or digit.";
  return null;
}

export function deploymentForm(options: ConsoleOptions, created: (deployment: Deployment) => void): HTMLFormElement {
  const name = h("input", { name: "name", required: true, maxlength: 63, placeholder: "studio-voice", autocomplete: "off", spellcheck: false });
  const gpu = h("select", { name: "gpuType" },
    options.gpuTypes.map((g) => h("option", { value: g.name, selected: g.name === "L40S" }, `${g.name} — ${perHour(g.hourlyCostCents)}`)));
  const fields = { name: field("Name", name, "DNS-safe: lower-case letters, digits, hyphens."), gpuType: field("GPU", gpu) };
  const typeName = uid("type");
  const typeError = h("p", { class: "field-error", id: `${typeName}-error`, hidden: true });
  const types = h("fieldset", { class: "choice-group", "aria-describedby": typeError.id },
    h("legend", null, "Type"),
    options.deploymentTypes.map((type, index) => {
      const [label, help] = typeDescriptions[type] ?? [type, ""];
      return h("label", { class: "choice" },
        h("input", { type: "radio", name: typeName, value: type, checked: index === 0 }),
        h("span", null, h("span", { class: "strong" }, label), help ? h("span", { class: "muted small" }, help) : null));
    }),
    typeError);
  const status = h("div", { class: "form-status" });
  const submit = h("button", { type: "submit", class: "button button-primary" }, "Deploy");
  let touched = false;
  name.addEventListener("input", () => {
    if (touched) fields.name.setError(nameProblem(name.value));
  });
  name.addEventListener("blur", () => {
    if (name.value) {
      touched = true;
      fields.name.setError(nameProblem(name.value));
    }
  });
  const form = h("form", {
    class: "card deploy-form", novalidate: true, "aria-label": "Create a deployment",
    onsubmit: (event: Event) => {
      event.preventDefault();
      touched = true;
      const problem = nameProblem(name.value);
      fields.name.setError(problem);
      if (problem) {
        name.focus();
        return;
      }
      const deploymentType = (form.querySelector(`input[name="${typeName}"]:checked`) as HTMLInputElement | null)?.value ?? "serverless";
      void busy(submit, async () => {
        submit.textContent = "Deploying…";
        status.replaceChildren();
        try {
          const deployment = await deploymentsApi.create(state.teamId, { name: name.value, gpuType: gpu.value, deploymentType });
          form.reset();
          touched = false;
          created(deployment);
        } catch (error) {
          const typeMessage = error instanceof ApiError ? error.fieldError("deploymentType") : null;
          typeError.textContent = typeMessage ?? "";
          typeError.hidden = !typeMessage;
          if (showFieldErrors(error, fields) || typeMessage) return;
          if (error instanceof ApiError && error.status === 409) fields.name.setError(error.detail ?? "This name is taken.");
          else if (error instanceof ApiError && error.status === 402) {
            const plan = typeof error.extra.requiredPlan === "string" ? ` Upgrade to ${error.extra.requiredPlan} for more.` : "";
            status.replaceChildren(notice("warning", `${error.detail ?? "Your plan's limit is reached."}${error.detail?.includes("upgrade") ? "" : plan}`));
          } else status.replaceChildren(notice("error", describe(error)));
        }
      });
    },
  },
  h("h2", null, "New deployment"),
  h("div", { class: "grid-2" }, fields.name.wrapper, fields.gpuType.wrapper),
  types, status, h("div", { class: "form-actions" }, submit));
  return form;
}
