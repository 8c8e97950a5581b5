// Turns TTS chunks of each format into float samples for Web Audio.
import type { TtsFormat } from "../api/types";

const muLawTable = (() => {
  const table = new Float32Array(256);
  for (let i = 0; i < 256; i++) {
    const u = ~i & 0xff;
    const sign = u & 0x80;
    const exponent = (u >> 4) & 0x07;
    const mantissa = u & 0x0f;
    const magnitude = (((mantissa << 3) + 0x84) << exponent) - 0x84;
    table[i] = (sign ? -magnitude : magnitude) / 32768;
  }
  return table;
})();

export const formatRate = (format: TtsFormat): number =>
  ({ pcm_16000: 16000, pcm_22050: 22050, pcm_24000: 24000, ulaw_8000: 8000, wav: 24000 })[format];

/** A stateful decoder for one stream: strips the WAV header, carries a split 16-bit sample over to the next chunk. */
export class ChunkDecoder {
  private carry: number | null = null;
  private headerPending: boolean;
  sampleRate: number;

  constructor(private readonly format: TtsFormat) {
    this.headerPending = format === "wav";
    this.sampleRate = formatRate(format);
  }

  decode(bytes: Uint8Array): Float32Array {
    if (this.format === "ulaw_8000") {
      const out = new Float32Array(bytes.length);
      for (let i = 0; i < bytes.length; i++) out[i] = muLawTable[bytes[i]!]!;
      return out;
    }
    let data = bytes;
    if (this.headerPending && data.length >= 44) {
      const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
      if (view.getUint32(0, false) === 0x52494646 /* RIFF */) {
        this.sampleRate = view.getUint32(24, true);
        data = data.subarray(44);
      }
      this.headerPending = false;
    }
    if (this.carry !== null) {
      const joined = new Uint8Array(data.length + 1);
      joined[0] = this.carry;
      joined.set(data, 1);
      data = joined;
      this.carry = null;
    }
    if (data.length % 2 === 1) {
      this.carry = data[data.length - 1]!;
      data = data.subarray(0, data.length - 1);
    }
    const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
    const out = new Float32Array(data.length / 2);
    for (let i = 0; i < out.length; i++) out[i] = view.getInt16(i * 2, true) / 32768;
    return out;
  }
}

export function base64Bytes(value: Uint8Array | string): Uint8Array {
  if (typeof value !== "string") return value;
  const binary = atob(value);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
