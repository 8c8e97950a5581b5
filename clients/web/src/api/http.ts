// fetch with the session's bearer token, one transparent refresh on "Token expired", and ProblemDetails errors.
import { accessToken, clearSession, refreshSession } from "./session";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string | null,
    readonly errors: Record<string, string[]>,
    readonly extra: Record<string, unknown> = {},
  ) {
    // The message is what to tell a person.
    super(status === 429 ? `Too many attempts. ${detail ?? "Try again in a little while."}` : detail ?? title);
  }

  /** The first message for a field, matched case-insensitively (the server's keys may be PascalCase). */
  fieldError(name: string): string | null {
    const key = Object.keys(this.errors).find((k) => k.toLowerCase() === name.toLowerCase());
    return key ? this.errors[key]?.[0] ?? null : null;
  }
}

export class SignedOutError extends ApiError {
  constructor() {
    super(401, "Signed out", "Your session has ended. Log in again.", {});
  }
}

export interface RequestOptions {
  method?: string;
  body?: unknown;
  query?: Record<string, string | number | null | undefined>;
  /** false for anonymous calls (login, register). */
  auth?: boolean;
  signal?: AbortSignal;
}

export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const { method = "GET", body, query, auth = true, signal } = options;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== null && value !== undefined && value !== "") params.set(key, String(value));
  }
  const url = params.size ? `${path}?${params}` : path;

  const send = async (token: string | null): Promise<Response> => {
    const headers: Record<string, string> = { accept: "application/json" };
    if (body !== undefined) headers["content-type"] = "application/json";
    if (token) headers.authorization = `Bearer ${token}`;
    return fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal });
  };

  let token = auth ? await accessToken() : null;
  if (auth && !token) throw new SignedOutError();
  let response = await send(token);
  if (auth && response.status === 401) {
    const problem = await readProblem(response);
    if (problem.title === "Token expired") {
      token = (await refreshSession(token ?? undefined))?.accessToken ?? null;
      if (!token) throw new SignedOutError();
      response = await send(token);
    } else {
      clearSession();
      throw new SignedOutError();
    }
  }

  if (!response.ok) throw await readProblem(response);
  if (response.status === 204 || response.status === 202 && response.headers.get("content-length") === "0") return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

async function readProblem(response: Response): Promise<ApiError> {
  let problem: Record<string, unknown> = {};
  try {
    problem = (await response.clone().json()) as Record<string, unknown>;
  } catch {
    // Not JSON (a proxy's error page, an empty 404): the status says enough.
  }
  const { title, detail, errors, ...extra } = problem;
  const retryAfter = response.headers.get("retry-after");
  const fallback = response.status === 404 ? "Not found" : response.statusText || `HTTP ${response.status}`;
  return new ApiError(
    response.status,
    typeof title === "string" ? title : fallback,
    typeof detail === "string" ? detail : retryAfter ? `Retry after ${retryAfter} s.` : null,
    (errors as Record<string, string[]> | undefined) ?? {},
    extra,
  );
}

/** The error's text for a person, whatever was thrown. */
export function describe(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}
