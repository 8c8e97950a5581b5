// Shapes of the REST and hub contract (camelCase JSON; times are ISO-8601 strings in JSON, Dates in MessagePack).

export interface TokenResponse { accessToken: string; refreshToken: string; tokenType: "Bearer"; expiresIn: number }
export interface Me { id: string; email: string; name: string; company: string | null; plan: string; emailVerified: boolean; teams: { teamId: string; role: Role }[] }
export type Role = "owner" | "admin" | "developer" | "viewer";
export interface Team { id: string; name: string; plan: string; personal: boolean; role: Role }
export interface TeamMember { userId: string; email: string; name: string; role: Role; joinedAt: string }
export interface Invitation { id: string; email: string; role: Role; expiresAt: string }

export interface ApiKey {
  id: string; name: string; description: string | null; prefix: string; createdAt: string;
  lastUsedAt: string | null; requestCount: number; revokedAt: string | null;
}
export interface CreatedApiKey { id: string; name: string; prefix: string; key: string; createdAt: string }

export type DeploymentState = "pending" | "provisioning" | "starting" | "running" | "stopping" | "stopped" | "failed";
export interface Deployment {
  id: string; teamId: string; name: string; status: DeploymentState; gpuType: string; deploymentType: string; engine: string;
  provider: string; endpoint: string | null; replicas: number; hourlyCostCents: number; message: string | null;
  statusChangedAt: string | Date; createdAt: string | Date; stoppedAt: string | Date | null; stopRequested: boolean;
}
export interface DeploymentChanged {
  id: string; name: string; status: DeploymentState; previousStatus: DeploymentState | null; gpuType: string; endpoint: string | null;
  replicas: number; hourlyCostCents: number; at: string | Date; message: string | null;
}
export interface DeploymentLog { id: string; at: string | Date; line: string }
export interface DeploymentLogLine { at: string; line: string }
export interface GpuType { name: string; hourlyCostCents: number }
export interface ConsoleOptions { gpuTypes: GpuType[]; deploymentTypes: string[]; engines: string[] }

export interface AuditEntry {
  id: string; at: string; action: string; resourceType: string; resourceId: string | null; userId: string | null;
  userEmail: string | null; apiKeyId: string | null; ip: string | null; userAgent: string | null;
}
export interface AuditPage { items: AuditEntry[]; page: number; pageSize: number; hasMore: boolean }

export interface Voice { id: string; name: string; language: string; engine: string }
export type TtsFormat = "pcm_16000" | "pcm_22050" | "pcm_24000" | "ulaw_8000" | "wav";
export interface TtsWord { word: string; startMs: number; endMs: number }
export interface TtsChunk { seq: number; audio: Uint8Array | string; words: TtsWord[]; final: boolean }

export interface VoiceProfile { ageRange?: string | null; gender?: string | null; accent?: string | null; microphone?: string | null }
export interface ContributorProfile {
  id: string; email: string; name: string; country: string; languages: string[]; voiceProfile: VoiceProfile | null;
  emailVerified: boolean; createdAt: string;
}
export interface Prompt { id: string; text: string; language: string; category: string; difficulty: number; targetDurationSeconds: number }
export type RecordingStatus = "pending" | "approved" | "rejected" | "review";
export interface RecordingView {
  id: string; promptId: string; status: RecordingStatus; durationSeconds: number; qualityScore: number | null;
  metrics: { snrDb: number | null; clarity: number | null; clipping: number | null; transcriptMatch: number | null } | null;
  paymentCents: number; createdAt: string;
  promptText?: string; rejectionReason?: string | null; transcript?: string | null; playbackUrl?: string;
}
export interface RecordingResult { recordingId: string; durationMs: number; status: RecordingStatus; liveScore: number }
export type WarningCode = "too_quiet" | "too_loud" | "clipping" | "noisy" | "no_speech" | "too_long";
export interface Feedback {
  seq: number; atMs: number; rmsDbfs: number; peakDbfs: number; clippedSamples: number; speaking: boolean;
  noiseFloorDbfs: number; snrDb: number | null; durationMs: number; warnings: WarningCode[];
}
export interface RecordingScored { recordingId: string; status: RecordingStatus; qualityScore: number | null; paymentCents: number }
export interface Earnings {
  pendingRecordings: number; reviewRecordings: number; approvedRecordings: number; rejectedRecordings: number;
  approvedUnpaidCents: number; payoutRequestedCents: number; paidCents: number; totalEarnedCents: number;
}
export interface Payout { id: string; amountCents: number; status: string; requestedAt: string; paidAt: string | null }
