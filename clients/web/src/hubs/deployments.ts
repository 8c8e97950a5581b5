// Live deployment state from /hubs/deployments: Watch() for the current state, then DeploymentChanged / DeploymentLog.
import { HubConnectionState } from "@microsoft/signalr";
import { accessToken } from "../api/session";
import type { Deployment, DeploymentChanged, DeploymentLog } from "../api/types";
import { buildHub, hubPaths } from "./hub";

export type LinkState = "connecting" | "live" | "reconnecting" | "offline";

export interface DeploymentWatch {
  stop(): Promise<void>;
  retry(): Promise<void>;
}

export function watchDeployments(handlers: {
  snapshot(deployments: Deployment[]): void;
  changed(change: DeploymentChanged): void;
  log(line: DeploymentLog): void;
  link(state: LinkState, error?: string): void;
}): DeploymentWatch {
  const connection = buildHub(hubPaths.deployments, accessToken);
  let stopped = false;
  connection.on("DeploymentChanged", (change: DeploymentChanged) => handlers.changed(change));
  connection.on("DeploymentLog", (line: DeploymentLog) => handlers.log(line));
  connection.onreconnecting(() => handlers.link("reconnecting"));
  connection.onreconnected(() => void watch());
  connection.onclose((error) => {
    if (!stopped) handlers.link("offline", error?.message);
  });

  // Watch() again after every (re)connection: changes missed while away arrive as the current state.
  const watch = async (): Promise<void> => {
    handlers.snapshot(await connection.invoke<Deployment[]>("Watch"));
    handlers.link("live");
  };
  let running: Promise<void> = Promise.resolve();
  const start = (): Promise<void> => (running = (async () => {
    handlers.link("connecting");
    try {
      if (connection.state === HubConnectionState.Disconnected) await connection.start();
      if (!stopped) await watch();
    } catch (error) {
      if (!stopped) handlers.link("offline", error instanceof Error ? error.message : String(error));
    }
  })());
  void start();
  return {
    stop: async () => {
      stopped = true;
      // Stopping a connection that is still starting makes the client log an error; let the start settle first.
      await running;
      await connection.stop();
    },
    retry: start,
  };
}
