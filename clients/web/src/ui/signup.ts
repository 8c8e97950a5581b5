import { ApiError, describe } from "../api/http";
import { saveTokens } from "../api/session";
import type { TokenResponse } from "../api/types";
import { navigate } from "../router";
import { loadAccount } from "../state";
import { showFieldErrors } from "./forms";
import { notice } from "./layout";

type FieldTargets = Record<string, { setError(message: string | null): void }>;

/**
 * The end of both sign-up forms: create the account, sign in with it and open `next`. A 400 puts its messages next to
 * `fields`; a 409 (the email is taken) shows `whenTaken`; anything else is described in `status`.
 */
export async function signUpAndSignIn(options: {
  register: () => Promise<unknown>;
  login: () => Promise<TokenResponse>;
  next: string;
  fields: FieldTargets;
  status: HTMLElement;
  whenTaken: string;
}): Promise<void> {
  options.status.replaceChildren();
  try {
    await options.register();
    saveTokens(await options.login());
    await loadAccount();
    navigate(options.next, true);
  } catch (error) {
    if (showFieldErrors(error, options.fields)) return;
    options.status.replaceChildren(notice("error", error instanceof ApiError && error.status === 409 ? options.whenTaken : describe(error)));
  }
}
