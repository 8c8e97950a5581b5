// The microphone: getUserMedia → AudioWorklet (pcm-worklet.ts) → 40 ms chunks of 16-bit PCM with their levels.
import workletUrl from "./pcm-worklet.ts?worker&url";
import type { PcmChunkMessage } from "./pcm-worklet";

export interface PcmChunk { pcm: Int16Array; sampleRate: number; peakDbfs: number; rmsDbfs: number; clipped: number }

export const toDbfs = (amplitude: number): number => (amplitude > 0 ? Math.max(-100, 20 * Math.log10(amplitude)) : -100);

export class MicrophoneError extends Error {}

export class Microphone {
  private readonly listeners = new Set<(chunk: PcmChunk) => void>();
  /** The rate of the PCM chunks. */
  readonly sampleRate: number;

  private constructor(
    private readonly stream: MediaStream,
    private readonly context: AudioContext,
    private readonly node: AudioWorkletNode,
    readonly label: string,
  ) {
    // As the worklet computes it: whole-factor decimation down to 48 kHz at most.
    this.sampleRate = Math.round(context.sampleRate / Math.max(1, Math.ceil(context.sampleRate / 48000)));
    node.port.onmessage = (event: MessageEvent<PcmChunkMessage>) => {
      const { pcm, sampleRate, peak, rms, clipped } = event.data;
      const chunk: PcmChunk = { pcm: new Int16Array(pcm), sampleRate, peakDbfs: toDbfs(peak), rmsDbfs: toDbfs(rms), clipped };
      this.listeners.forEach((listener) => listener(chunk));
    };
  }

  static async open(chunkMs = 40): Promise<Microphone> {
    if (!navigator.mediaDevices?.getUserMedia) {
      throw new MicrophoneError("This browser cannot record audio here. Use a recent browser over HTTPS or localhost.");
    }
    let stream: MediaStream;
    try {
      // Raw audio: the dataset wants the voice as the microphone hears it, without processing.
      stream = await navigator.mediaDevices.getUserMedia({
        audio: { channelCount: 1, echoCancellation: false, noiseSuppression: false, autoGainControl: false },
      });
    } catch (error) {
      const name = error instanceof DOMException ? error.name : "";
      throw new MicrophoneError(name === "NotAllowedError"
        ? "Microphone access was refused. Allow it in the browser's site settings, then try again."
        : name === "NotFoundError" ? "No microphone was found. Plug one in and try again."
          : `The microphone could not be opened (${name || String(error)}).`);
    }
    const context = new AudioContext({ latencyHint: "interactive" });
    try {
      await context.audioWorklet.addModule(workletUrl);
      const source = context.createMediaStreamSource(stream);
      const node = new AudioWorkletNode(context, "pcm-capture", { processorOptions: { chunkMs }, numberOfOutputs: 1 });
      // A silent path to the destination keeps the graph pulling the worklet in every browser.
      const mute = context.createGain();
      mute.gain.value = 0;
      source.connect(node).connect(mute).connect(context.destination);
      if (context.state !== "running") await context.resume();
      return new Microphone(stream, context, node, stream.getAudioTracks()[0]?.label ?? "Microphone");
    } catch (error) {
      stream.getTracks().forEach((t) => t.stop());
      await context.close();
      throw error;
    }
  }

  onChunk(listener: (chunk: PcmChunk) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async resume(): Promise<void> {
    if (this.context.state !== "running") await this.context.resume();
  }

  async close(): Promise<void> {
    this.listeners.clear();
    this.node.port.onmessage = null;
    this.stream.getTracks().forEach((t) => t.stop());
    await this.context.close();
  }
}
