// Judges a few seconds of microphone input: the quiet 10 % of the chunks give the room's noise floor, the loud 10 %
// the speaking level; the loudest sample says whether it clips.
import type { PcmChunk } from "./capture";

export interface MicCheckResult {
  noiseFloorDbfs: number;
  speechLevelDbfs: number;
  peakDbfs: number;
  snrDb: number;
  clippedSamples: number;
  verdicts: { code: "noisy" | "too_quiet" | "too_loud" | "clipping" | "no_speech" | "ok"; severity: "ok" | "warn" | "bad"; message: string }[];
}

const percentile = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.floor(p * (sorted.length - 1))))] ?? -100;
};

export function judge(chunks: PcmChunk[]): MicCheckResult {
  const levels = chunks.map((c) => c.rmsDbfs);
  const noiseFloorDbfs = percentile(levels, 0.1);
  const speechLevelDbfs = percentile(levels, 0.9);
  const peakDbfs = Math.max(-100, ...chunks.map((c) => c.peakDbfs));
  const clippedSamples = chunks.reduce((n, c) => n + c.clipped, 0);
  const snrDb = speechLevelDbfs - noiseFloorDbfs;
  const verdicts: MicCheckResult["verdicts"] = [];
  if (speechLevelDbfs < -50) verdicts.push({ code: "no_speech", severity: "bad", message: "We heard no voice. Check that the right microphone is selected and not muted." });
  else if (speechLevelDbfs < -35) verdicts.push({ code: "too_quiet", severity: "warn", message: "Your voice is quiet. Move closer to the microphone or raise its input level." });
  if (clippedSamples > 0 || peakDbfs > -0.5) verdicts.push({ code: "clipping", severity: "bad", message: "The loudest parts clip. Lower the input level or move back a little." });
  else if (peakDbfs > -3) verdicts.push({ code: "too_loud", severity: "warn", message: "Peaks are close to the top. Lower the input level a little." });
  if (noiseFloorDbfs > -40) verdicts.push({ code: "noisy", severity: "bad", message: "The room is loud. Find a quieter place, close windows, turn off fans." });
  else if (noiseFloorDbfs > -50 || (speechLevelDbfs >= -50 && snrDb < 20)) verdicts.push({ code: "noisy", severity: "warn", message: "There is some background noise. A quieter spot gives better takes." });
  if (verdicts.length === 0) verdicts.push({ code: "ok", severity: "ok", message: "Your microphone and room sound good." });
  return { noiseFloorDbfs, speechLevelDbfs, peakDbfs, snrDb, clippedSamples, verdicts };
}

const checkedKey = "voiceflow.micCheckedAt";
export const micChecked = (): boolean => Boolean(localStorage.getItem(checkedKey));
export const markMicChecked = (): void => localStorage.setItem(checkedKey, new Date().toISOString());
