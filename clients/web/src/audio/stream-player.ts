// Plays audio as it arrives: each chunk becomes an AudioBuffer scheduled right after the previous one. If the network
// falls behind, the next chunk starts a little after "now" (a gap) instead of being dropped, and the timeline keeps
// track of which stream millisecond plays when, so word highlighting stays in step.

interface Segment { contextStart: number; streamStartMs: number; durationMs: number }

export class StreamPlayer {
  readonly context: AudioContext;
  private readonly sources = new Set<AudioBufferSourceNode>();
  private readonly segments: Segment[] = [];
  private nextTime = 0;
  private streamMs = 0;
  readonly analyser: AnalyserNode;
  /** Seconds of silence inserted because audio arrived late. */
  gapSeconds = 0;

  constructor(context?: AudioContext) {
    this.context = context ?? new AudioContext({ latencyHint: "interactive" });
    this.analyser = this.context.createAnalyser();
    this.analyser.fftSize = 1024;
    this.analyser.connect(this.context.destination);
  }

  async resume(): Promise<void> {
    if (this.context.state !== "running") await this.context.resume();
  }

  push(samples: Float32Array, sampleRate: number): void {
    if (samples.length === 0) return;
    const buffer = this.context.createBuffer(1, samples.length, sampleRate);
    buffer.copyToChannel(samples as Float32Array<ArrayBuffer>, 0);
    const source = this.context.createBufferSource();
    source.buffer = buffer;
    source.connect(this.analyser);
    const lead = 0.03;
    const now = this.context.currentTime;
    if (this.nextTime < now + 0.005) {
      if (this.segments.length) this.gapSeconds += now + lead - this.nextTime;
      this.nextTime = now + lead;
    }
    source.start(this.nextTime);
    this.sources.add(source);
    source.onended = () => this.sources.delete(source);
    this.segments.push({ contextStart: this.nextTime, streamStartMs: this.streamMs, durationMs: buffer.duration * 1000 });
    this.nextTime += buffer.duration;
    this.streamMs += buffer.duration * 1000;
  }

  /** Milliseconds of the stream heard so far. */
  playedMs(): number {
    const now = this.context.currentTime;
    let played = 0;
    for (const segment of this.segments) {
      if (now <= segment.contextStart) break;
      played = segment.streamStartMs + Math.min(segment.durationMs, (now - segment.contextStart) * 1000);
    }
    return played;
  }

  /** Milliseconds of the stream received and scheduled. */
  receivedMs(): number {
    return this.streamMs;
  }

  get finished(): boolean {
    return this.segments.length > 0 && this.context.currentTime >= this.nextTime;
  }

  stop(): void {
    for (const source of this.sources) {
      try {
        source.stop();
      } catch {
        // Not started yet.
      }
    }
    this.sources.clear();
    this.nextTime = this.context.currentTime;
  }

  async close(): Promise<void> {
    this.stop();
    await this.context.close();
  }
}
