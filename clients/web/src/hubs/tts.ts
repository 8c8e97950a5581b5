// /hubs/tts with an API key: Voices() and Synthesize(request) as a stream of chunks.
import type { HubConnection, ISubscription } from "@microsoft/signalr";
import type { TtsChunk, TtsFormat, Voice } from "../api/types";
import { buildHub, hubPaths } from "./hub";

export class TtsClient {
  private readonly connection: HubConnection;
  private started: Promise<void> | null = null;

  constructor(apiKey: string) {
    // The browser cannot set X-API-Key on a WebSocket: the key travels as access_token, which the hub accepts.
    this.connection = buildHub(hubPaths.tts, () => apiKey, false);
  }

  private ready(): Promise<void> {
    this.started ??= this.connection.start().catch((error: unknown) => {
      this.started = null;
      throw error;
    });
    return this.started;
  }

  async voices(): Promise<Voice[]> {
    await this.ready();
    return this.connection.invoke<Voice[]>("Voices");
  }

  async synthesize(
    request: { text: string; voice: string; format: TtsFormat },
    handlers: { chunk(chunk: TtsChunk): void; done(): void; failed(error: unknown): void },
  ): Promise<ISubscription<TtsChunk>> {
    await this.ready();
    return this.connection.stream<TtsChunk>("Synthesize", request).subscribe({
      next: handlers.chunk,
      complete: handlers.done,
      error: handlers.failed,
    });
  }

  async close(): Promise<void> {
    // Let a start in progress settle first: stopping during a start makes the client log an error.
    await this.started?.catch(() => undefined);
    this.started = null;
    await this.connection.stop();
  }
}
