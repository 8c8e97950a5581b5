// Streams a take to /hubs/recording with the official JavaScript client and prints what came back as JSON.
// Usage: node record.mjs <baseUrl> <accessToken> <promptId> <json|msgpack> <sampleRate> <chunkMs> <pcmFile> [waitScoredMs]
// With waitScoredMs, it also waits that long for the take's RecordingScored message and prints it as "scored".
import { readFile } from "node:fs/promises";
import * as signalR from "@microsoft/signalr";
import { MessagePackHubProtocol } from "@microsoft/signalr-protocol-msgpack";

const [baseUrl, token, promptId, protocol, rate, chunkMs, pcmFile, waitScoredMs] = process.argv.slice(2);
const sampleRate = Number(rate);
const builder = new signalR.HubConnectionBuilder()
  .withUrl(`${baseUrl}/hubs/recording`, {
    accessTokenFactory: () => token,
    transport: signalR.HttpTransportType.WebSockets,
    skipNegotiation: true,
  })
  .configureLogging(signalR.LogLevel.Warning);
if (protocol === "msgpack") builder.withHubProtocol(new MessagePackHubProtocol());
const connection = builder.build();

const feedback = [];
const scoredMessages = [];
connection.on("Feedback", (message) => { feedback.push(message); });
connection.on("RecordingScored", (message) => { scoredMessages.push(message); });
await connection.start();

const pcm = await readFile(pcmFile);
const chunkBytes = (sampleRate * Number(chunkMs) / 1000) * 2;
const subject = new signalR.Subject();
const invocation = connection.invoke("Record", { promptId, sampleRate, encoding: "pcm_s16le" }, subject);
// MessagePack carries bytes natively; JSON carries them as base64 strings, as the server's serializer expects.
const encode = protocol === "msgpack"
  ? (bytes) => new Uint8Array(bytes)
  : (bytes) => Buffer.from(bytes).toString("base64");
for (let offset = 0; offset + chunkBytes <= pcm.length; offset += chunkBytes) {
  subject.next(encode(pcm.subarray(offset, offset + chunkBytes)));
}
subject.complete();

let result = null;
let error = null;
try {
  result = await invocation;
} catch (e) {
  error = String(e.message ?? e);
}
let scored = null;
if (waitScoredMs && result) {
  const deadline = Date.now() + Number(waitScoredMs);
  while (!(scored = scoredMessages.find((m) => m.recordingId === result.recordingId)) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
await connection.stop();
process.stdout.write(JSON.stringify({ result, error, feedback, scored: scored ?? null }));
