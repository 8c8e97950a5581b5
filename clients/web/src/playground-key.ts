// The API key the TTS playground speaks with. It is a secret, so it lives in this tab's memory only: a reload forgets
// it (the key itself stays valid until revoked on the API keys page).
let key: { value: string; prefix: string; name: string } | null = null;

export const playgroundKey = {
  get: () => key,
  set: (value: string, prefix: string, name: string) => {
    key = { value, prefix, name };
  },
  clear: () => {
    key = null;
  },
};
