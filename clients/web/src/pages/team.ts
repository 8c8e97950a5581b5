import { teams as teamsApi } from "../api/endpoints";
import { describe } from "../api/http";
import type { Role, TeamMember } from "../api/types";
import type { Page } from "../router";
import { canAdmin, currentTeam, onStateChange, reloadTeams, selectTeam, state } from "../state";
import { confirmDialog } from "../ui/dialog";
import { busy, field, fill, h } from "../ui/dom";
import { dateTime } from "../ui/format";
import { showFieldErrors } from "../ui/forms";
import { notice, pageHeader } from "../ui/layout";
import { toast } from "../ui/toast";

const roles: [Role, string][] = [
  ["owner", "Owner — everything"], ["admin", "Admin — deployments, keys, members"],
  ["developer", "Developer — deployments, keys"], ["viewer", "Viewer — read only"],
];

export const teamPage: Page = {
  title: "Team",
  area: "console",
  render(main) {
    const list = h("div", { class: "card" }, h("p", { class: "muted" }, "Loading members…"));
    const load = async (): Promise<void> => {
      const team = currentTeam();
      if (!team) return;
      try {
        const members = await teamsApi.members(team.id);
        fill(list, memberTable(team.id, members, load));
      } catch (error) {
        fill(list, notice("error", describe(error)));
      }
    };

    const inviteForm = (): HTMLElement => {
      const email = h("input", { type: "email", name: "email", required: true, autocomplete: "off" });
      const role = h("select", { name: "role" }, roles.map(([value, label]) => h("option", { value, selected: value === "developer" }, label)));
      const fields = { email: field("Email", email), role: field("Role", role) };
      const submit = h("button", { type: "submit", class: "button button-primary" }, "Send invitation");
      const form = h("form", {
        class: "card form-inline", novalidate: true, "aria-label": "Invite a member",
        onsubmit: (event: Event) => {
          event.preventDefault();
          fields.email.setError(email.value.includes("@") ? null : "Enter the email to invite.");
          if (!email.value.includes("@")) return;
          void busy(submit, async () => {
            try {
              const invitation = await teamsApi.invite(state.teamId!, email.value.trim(), role.value as Role);
              toast(`Invitation sent to ${invitation.email} (valid until ${dateTime(invitation.expiresAt)}).`, "success");
              form.reset();
            } catch (error) {
              if (!showFieldErrors(error, fields)) toast(describe(error), "error");
            }
          });
        },
      }, fields.email.wrapper, fields.role.wrapper, h("div", { class: "form-actions" }, submit));
      return form;
    };

    const createTeamForm = (): HTMLElement => {
      const name = h("input", { name: "name", required: true, maxlength: 100 });
      const nameField = field("New team", name);
      const submit = h("button", { type: "submit", class: "button" }, "Create team");
      return h("form", {
        class: "card form-inline", novalidate: true, "aria-label": "Create a team",
        onsubmit: (event: Event) => {
          event.preventDefault();
          nameField.setError(name.value.trim() ? null : "Name the team.");
          if (!name.value.trim()) return;
          void busy(submit, async () => {
            try {
              const team = await teamsApi.create(name.value.trim());
              await reloadTeams();
              selectTeam(team.id);
              toast(`Created ${team.name}.`, "success");
            } catch (error) {
              toast(describe(error), "error");
            }
          });
        },
      }, nameField.wrapper, h("div", { class: "form-actions" }, submit));
    };

    const render = (): void => {
      const team = currentTeam();
      main.replaceChildren(
        pageHeader("Team", team ? `${team.name}${team.personal ? " (personal)" : ""} · ${team.plan} plan · you are ${team.role}` : null),
        canAdmin() ? inviteForm() : notice("info", "Owners and admins invite members and change roles."),
        list,
        createTeamForm());
      void load();
    };
    render();
    return onStateChange(render);
  },
};

function memberTable(teamId: string, members: TeamMember[], reload: () => Promise<void>): HTMLElement {
  const admin = canAdmin();
  return h("div", { class: "table-wrap" }, h("table", null,
    h("caption", { class: "visually-hidden" }, "Team members"),
    h("thead", null, h("tr", null, ["Name", "Email", "Role", "Joined", ""].map((c) => h("th", { scope: "col" }, c)))),
    h("tbody", null, members.map((m) => {
      const self = m.userId === state.me?.id;
      const role = h("select", {
        "aria-label": `Role of ${m.name}`, disabled: !admin,
        onchange: async () => {
          try {
            await teamsApi.changeRole(teamId, m.userId, role.value as Role);
            toast(`${m.name} is now ${role.value}.`, "success");
            if (self) await reloadTeams();
          } catch (error) {
            role.value = m.role;
            toast(describe(error), "error");
          }
        },
      }, roles.map(([value]) => h("option", { value, selected: value === m.role }, value)));
      return h("tr", null,
        h("td", { "data-label": "Name" }, m.name, self ? h("span", { class: "muted" }, " (you)") : null),
        h("td", { "data-label": "Email" }, m.email),
        h("td", { "data-label": "Role" }, role),
        h("td", { "data-label": "Joined" }, dateTime(m.joinedAt)),
        h("td", { class: "actions" }, admin || self ? h("button", {
          type: "button", class: "button button-small button-danger", "aria-label": self ? "Leave the team" : `Remove ${m.name}`,
          onclick: async (e: Event) => {
            const button = e.currentTarget as HTMLButtonElement;
            if (!(await confirmDialog(self ? "Leave this team?" : `Remove ${m.name}?`, "Access to the team's keys and deployments ends at once.", self ? "Leave" : "Remove"))) return;
            await busy(button, async () => {
              try {
                await teamsApi.remove(teamId, m.userId);
                if (self) await reloadTeams();
                else await reload();
              } catch (error) {
                toast(describe(error), "error");
              }
            });
          },
        }, self ? "Leave" : "Remove") : null));
    }))));
}
