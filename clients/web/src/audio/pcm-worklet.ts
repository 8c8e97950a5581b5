// AudioWorklet processor: microphone samples → 16-bit little-endian mono PCM in fixed chunks (40 ms by default),
// with each chunk's peak and RMS for the level meter. Runs on the audio thread; buffers are transferred, not copied.

declare const sampleRate: number;
declare function registerProcessor(name: string, processor: new (options: { processorOptions?: { chunkMs?: number } }) => object): void;
declare class AudioWorkletProcessor {
  readonly port: MessagePort;
}

export interface PcmChunkMessage { pcm: ArrayBuffer; sampleRate: number; peak: number; rms: number; clipped: number }

class PcmCaptureProcessor extends AudioWorkletProcessor {
  private readonly factor: number;
  private readonly outputRate: number;
  private readonly chunk: Int16Array;
  private filled = 0;
  private peak = 0;
  private squares = 0;
  private clipped = 0;
  private accumulator = 0;
  private accumulated = 0;

  constructor(options: { processorOptions?: { chunkMs?: number } }) {
    super();
    // The hub takes 8 to 48 kHz: faster devices are decimated by a whole factor (96 kHz → 48 kHz).
    this.factor = Math.max(1, Math.ceil(sampleRate / 48000));
    this.outputRate = Math.round(sampleRate / this.factor);
    const chunkMs = options.processorOptions?.chunkMs ?? 40;
    this.chunk = new Int16Array(Math.round(this.outputRate * chunkMs / 1000));
  }

  process(inputs: Float32Array[][]): boolean {
    const channels = inputs[0];
    if (!channels || channels.length === 0) return true;
    const frames = channels[0]!.length;
    for (let i = 0; i < frames; i++) {
      let sum = 0;
      for (const channel of channels) sum += channel[i]!;
      this.accumulator += sum / channels.length;
      if (++this.accumulated < this.factor) continue;
      const value = this.accumulator / this.factor;
      this.accumulator = 0;
      this.accumulated = 0;
      const magnitude = Math.abs(value);
      if (magnitude > this.peak) this.peak = magnitude;
      if (magnitude >= 0.999) this.clipped++;
      this.squares += value * value;
      this.chunk[this.filled++] = Math.max(-32768, Math.min(32767, Math.round(value * 32768)));
      if (this.filled === this.chunk.length) this.flush();
    }
    return true;
  }

  private flush(): void {
    const pcm = this.chunk.slice().buffer;
    const message: PcmChunkMessage = {
      pcm, sampleRate: this.outputRate, peak: this.peak, rms: Math.sqrt(this.squares / this.filled), clipped: this.clipped,
    };
    this.port.postMessage(message, [pcm]);
    this.filled = 0;
    this.peak = 0;
    this.squares = 0;
    this.clipped = 0;
  }
}

registerProcessor("pcm-capture", PcmCaptureProcessor);
