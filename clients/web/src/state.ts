// What the signed-in user is: account, teams (and which one the console shows), contributor profile.
import { contributors, auth, teams as teamsApi } from "./api/endpoints";
import { ApiError } from "./api/http";
import type { ContributorProfile, Me, Team } from "./api/types";

const teamKey = "voiceflow.team";

export const state: {
  me: Me | null;
  teams: Team[];
  teamId: string | null;
  contributor: ContributorProfile | null;
} = { me: null, teams: [], teamId: null, contributor: null };

type Listener = () => void;
const listeners = new Set<Listener>();
export const onStateChange = (listener: Listener): (() => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};
const changed = (): void => listeners.forEach((listener) => listener());

export async function loadAccount(): Promise<void> {
  const [me, teams, contributor] = await Promise.all([
    auth.me(),
    teamsApi.list(),
    contributors.me().catch((error: unknown) => {
      // 403: the account has no contributor role; 404: no profile.
      if (error instanceof ApiError && (error.status === 403 || error.status === 404)) return null;
      throw error;
    }),
  ]);
  state.me = me;
  state.teams = teams;
  state.contributor = contributor;
  const saved = localStorage.getItem(teamKey);
  state.teamId = teams.find((t) => t.id === saved)?.id ?? teams.find((t) => t.personal)?.id ?? teams[0]?.id ?? null;
  changed();
}

export async function reloadTeams(): Promise<void> {
  state.teams = await teamsApi.list();
  if (!state.teams.some((t) => t.id === state.teamId)) state.teamId = state.teams[0]?.id ?? null;
  changed();
}

export function resetAccount(): void {
  state.me = null;
  state.teams = [];
  state.teamId = null;
  state.contributor = null;
}

export function currentTeam(): Team | null {
  return state.teams.find((t) => t.id === state.teamId) ?? null;
}

export function selectTeam(id: string): void {
  state.teamId = id;
  localStorage.setItem(teamKey, id);
  changed();
}

/** Whether the current team lets the user create and stop things (developer and up). */
export const canWrite = (): boolean => ["owner", "admin", "developer"].includes(currentTeam()?.role ?? "");
export const canAdmin = (): boolean => ["owner", "admin"].includes(currentTeam()?.role ?? "");
