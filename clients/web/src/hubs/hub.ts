// SignalR connections, all on the MessagePack protocol (bytes travel as bytes, not base64).
import { HttpTransportType, HubConnectionBuilder, LogLevel, type HubConnection } from "@microsoft/signalr";
import { MessagePackHubProtocol } from "@microsoft/signalr-protocol-msgpack";

export const hubPaths = {
  deployments: "/hubs/deployments",
  tts: "/hubs/tts",
  recording: "/hubs/recording",
} as const;

/** `token` is called for every (re)connection, so a refreshed access token is picked up. */
export function buildHub(path: string, token: () => Promise<string | null> | string | null, reconnect = true): HubConnection {
  const builder = new HubConnectionBuilder()
    .withUrl(path, {
      accessTokenFactory: async () => (await token()) ?? "",
      transport: HttpTransportType.WebSockets,
      skipNegotiation: true,
    })
    .withHubProtocol(new MessagePackHubProtocol())
    .configureLogging(LogLevel.Warning);
  if (reconnect) builder.withAutomaticReconnect([0, 1000, 2000, 5000, 10000, 10000, 30000]);
  return builder.build();
}

/** The stable code at the start of a hub error ("…HubException: not_found: no such prompt." → not_found). */
export function hubErrorCode(error: unknown): { code: string | null; message: string } {
  const text = error instanceof Error ? error.message : String(error);
  const match = /HubException: ([a-z_]+): (.*)$/s.exec(text);
  return match ? { code: match[1]!, message: match[2]! } : { code: null, message: text };
}
