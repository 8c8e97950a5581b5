import { ApiError } from "../api/http";

/** Puts a 400's `errors` map next to the matching fields; returns whether any field took a message. */
export function showFieldErrors(error: unknown, fields: Record<string, { setError(message: string | null): void }>): boolean {
  if (!(error instanceof ApiError) || error.status !== 400) return false;
  let shown = false;
  for (const [name, target] of Object.entries(fields)) {
    const message = error.fieldError(name);
    target.setError(message);
    shown ||= message !== null;
  }
  return shown;
}

export const passwordRule = "8 or more characters, with an upper-case letter and a digit.";

/** The server's password rule, checked before sending; the server has the last word. */
export function passwordProblem(password: string): string | null {
  if (password.length < 8) return "Use at least 8 characters.";
  if (password.length > 128) return "Use at most 128 characters.";
  if (!/\p{Lu}/u.test(password)) return "Add an upper-case letter.";
  if (!/\d/.test(password)) return "Add a digit.";
  return null;
}
