// One function per REST call the console and the portal make.
import { api } from "./http";
import type {
  ApiKey, AuditPage, ConsoleOptions, ContributorProfile, CreatedApiKey, Deployment, DeploymentLogLine, Earnings, Invitation, Me,
  Payout, Prompt, RecordingView, Role, Team, TeamMember, TokenResponse, VoiceProfile,
} from "./types";

export const auth = {
  login: (email: string, password: string) =>
    api<TokenResponse>("/api/auth/login", { method: "POST", body: { email, password }, auth: false }),
  register: (body: { email: string; password: string; name: string; company?: string }) =>
    api<{ id: string }>("/api/auth/register", { method: "POST", body, auth: false }),
  forgotPassword: (email: string) => api<void>("/api/auth/forgot-password", { method: "POST", body: { email }, auth: false }),
  logout: () => api<void>("/api/auth/logout", { method: "POST" }),
  me: () => api<Me>("/api/auth/me"),
};

export const teams = {
  list: () => api<Team[]>("/api/teams"),
  create: (name: string) => api<Team>("/api/teams", { method: "POST", body: { name } }),
  members: (teamId: string) => api<TeamMember[]>(`/api/teams/${teamId}/members`),
  invite: (teamId: string, email: string, role: Role) =>
    api<Invitation>(`/api/teams/${teamId}/members`, { method: "POST", body: { email, role } }),
  changeRole: (teamId: string, userId: string, role: Role) =>
    api<TeamMember>(`/api/teams/${teamId}/members/${userId}`, { method: "PATCH", body: { role } }),
  remove: (teamId: string, userId: string) => api<void>(`/api/teams/${teamId}/members/${userId}`, { method: "DELETE" }),
};

export const keys = {
  list: (teamId: string | null) => api<ApiKey[]>("/api/keys", { query: { teamId } }),
  create: (teamId: string | null, name: string, description?: string) =>
    api<CreatedApiKey>("/api/keys", { method: "POST", query: { teamId }, body: { name, description: description || undefined } }),
  revoke: (id: string) => api<void>(`/api/keys/${id}`, { method: "DELETE" }),
};

export const deployments = {
  list: (teamId: string | null) => api<Deployment[]>("/api/deployments", { query: { teamId } }),
  get: (id: string) => api<Deployment>(`/api/deployments/${id}`),
  create: (teamId: string | null, body: { name: string; gpuType: string; deploymentType: string }) =>
    api<Deployment>("/api/deployments", { method: "POST", query: { teamId }, body }),
  stop: (id: string) => api<Deployment>(`/api/deployments/${id}/stop`, { method: "POST" }),
  remove: (id: string) => api<void>(`/api/deployments/${id}`, { method: "DELETE" }),
  logs: (id: string, limit = 200) => api<DeploymentLogLine[]>(`/api/deployments/${id}/logs`, { query: { limit } }),
  options: () => api<ConsoleOptions>("/api/console/options"),
};

export const audit = {
  page: (teamId: string | null, page: number, pageSize = 50) => api<AuditPage>("/api/audit", { query: { teamId, page, pageSize } }),
};

export const contributors = {
  register: (body: {
    email: string; password: string; name: string; country: string; languages: string[]; voiceProfile?: VoiceProfile;
  }) => api<ContributorProfile>("/api/contributors/register", { method: "POST", body, auth: false }),
  login: (email: string, password: string) =>
    api<TokenResponse>("/api/contributors/login", { method: "POST", body: { email, password }, auth: false }),
  me: () => api<ContributorProfile>("/api/contributors/me"),
  prompts: (count: number) => api<Prompt[]>("/api/contributors/prompts", { query: { count } }),
  recordings: (page = 1, pageSize = 50) => api<RecordingView[]>("/api/contributors/recordings", { query: { page, pageSize } }),
  recording: (id: string) => api<RecordingView>(`/api/contributors/recordings/${id}`),
  earnings: () => api<Earnings>("/api/contributors/earnings"),
  payouts: () => api<Payout[]>("/api/contributors/payouts"),
  requestPayout: () => api<Payout | undefined>("/api/contributors/payouts/request", { method: "POST" }),
};
