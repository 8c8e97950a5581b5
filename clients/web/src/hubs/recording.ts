// /hubs/recording: one connection for the portal, shared by the record page (Record, Feedback, Transcript) and the
// recordings list (RecordingScored). Closed on logout.
import { HubConnectionState, Subject, type HubConnection } from "@microsoft/signalr";
import { accessToken } from "../api/session";
import type { Feedback, RecordingResult, RecordingScored } from "../api/types";
import { buildHub, hubPaths } from "./hub";

let connection: HubConnection | null = null;
let starting: Promise<HubConnection> | null = null;
const scoredListeners = new Set<(message: RecordingScored) => void>();
let active: LiveTake | null = null;

function build(): HubConnection {
  const hub = buildHub(hubPaths.recording, accessToken);
  hub.on("Feedback", (feedback: Feedback) => active?.handlers.feedback(feedback));
  hub.on("Transcript", (transcript: { text: string; matchRatio: number }) => active?.handlers.transcript?.(transcript));
  hub.on("RecordingScored", (message: RecordingScored) => scoredListeners.forEach((listener) => listener(message)));
  return hub;
}

export async function recordingHub(): Promise<HubConnection> {
  connection ??= build();
  if (connection.state === HubConnectionState.Connected) return connection;
  if (connection.state === HubConnectionState.Disconnected) {
    const hub = connection;
    starting ??= hub.start().then(() => hub).finally(() => {
      starting = null;
    });
  }
  return starting ?? waitConnected(connection);
}

async function waitConnected(hub: HubConnection): Promise<HubConnection> {
  // Connecting or reconnecting: wait a little for it rather than failing a take.
  for (let i = 0; i < 50 && hub.state !== HubConnectionState.Connected; i++) await new Promise((r) => setTimeout(r, 100));
  if (hub.state !== HubConnectionState.Connected) throw new Error("The recording service is not reachable.");
  return hub;
}

export function onRecordingScored(listener: (message: RecordingScored) => void): () => void {
  scoredListeners.add(listener);
  void recordingHub().catch(() => {});
  return () => scoredListeners.delete(listener);
}

export async function closeRecordingHub(): Promise<void> {
  const hub = connection;
  const pending = starting;
  connection = null;
  active = null;
  // Let a start in progress settle first: stopping during a start makes the client log an error.
  await pending?.catch(() => undefined);
  await hub?.stop();
}

export interface TakeHandlers {
  feedback(feedback: Feedback): void;
  transcript?(transcript: { text: string; matchRatio: number }): void;
}

/**
 * One take streamed live to Record(start, audio). Audio goes out while it is captured (so Feedback is live); the
 * take is stored only when submit() completes the stream. discard() ends the stream with an error instead, and the
 * server keeps nothing: no row, no file.
 */
export class LiveTake {
  private readonly subject = new Subject<Uint8Array>();
  private ended = false;
  readonly result: Promise<RecordingResult>;

  private constructor(hub: HubConnection, promptId: string, readonly sampleRate: number, readonly handlers: TakeHandlers) {
    this.result = hub.invoke<RecordingResult>("Record", { promptId, sampleRate, encoding: "pcm_s16le" }, this.subject);
    this.result.then(() => this.finish(), () => this.finish());
  }

  static async begin(promptId: string, sampleRate: number, handlers: TakeHandlers): Promise<LiveTake> {
    const hub = await recordingHub();
    const take = new LiveTake(hub, promptId, sampleRate, handlers);
    active = take;
    return take;
  }

  /** Whether the server still holds the stream open (false after submit, discard, or a server-side stop such as too_long). */
  get open(): boolean {
    return !this.ended;
  }

  send(pcm: Int16Array): void {
    if (!this.ended) this.subject.next(new Uint8Array(pcm.buffer, pcm.byteOffset, pcm.byteLength));
  }

  submit(): Promise<RecordingResult> {
    if (!this.ended) this.subject.complete();
    return this.result;
  }

  async discard(): Promise<void> {
    if (!this.ended) this.subject.error(new Error("discarded by the contributor"));
    await this.result.catch(() => undefined);
  }

  private finish(): void {
    this.ended = true;
    if (active === this) active = null;
  }
}
