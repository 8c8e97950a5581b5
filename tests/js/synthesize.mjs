// Streams speech from /hubs/tts with the official JavaScript client, the key in the query string as browsers send it,
// and prints what came back as JSON (audio as byte counts, so the .NET test can check framing).
// Usage: node synthesize.mjs <baseUrl> <apiKey> <json|msgpack> <format> <synthesize|text> <text>
import * as signalR from "@microsoft/signalr";
import { MessagePackHubProtocol } from "@microsoft/signalr-protocol-msgpack";

const [baseUrl, apiKey, protocol, format, mode, text] = process.argv.slice(2);
const builder = new signalR.HubConnectionBuilder()
  .withUrl(`${baseUrl}/hubs/tts?access_token=${encodeURIComponent(apiKey)}`, {
    transport: signalR.HttpTransportType.WebSockets,
    skipNegotiation: true,
  })
  .configureLogging(signalR.LogLevel.Warning);
if (protocol === "msgpack") builder.withHubProtocol(new MessagePackHubProtocol());
const connection = builder.build();
await connection.start();

const voices = await connection.invoke("Voices");
// MessagePack delivers bytes as Uint8Array; JSON delivers them base64-encoded.
const byteLength = (audio) => (typeof audio === "string" ? Buffer.from(audio, "base64").length : audio.byteLength);
const firstBytes = (audio) => Buffer.from(typeof audio === "string" ? Buffer.from(audio, "base64") : audio).subarray(0, 4).toString("latin1");

let stream;
if (mode === "text") {
  const subject = new signalR.Subject();
  stream = connection.stream("SynthesizeText", { voice: "en-us", format }, subject);
  // Tokens as a language model would send them, sentence boundaries split across pieces.
  for (const piece of text.match(/.{1,7}/gs)) subject.next(piece);
  subject.complete();
} else {
  stream = connection.stream("Synthesize", { text, voice: "en-us", format });
}

const chunks = [];
let error = null;
await new Promise((resolve) => {
  stream.subscribe({
    next: (chunk) => chunks.push({
      keys: Object.keys(chunk).sort(),
      seq: chunk.seq,
      bytes: byteLength(chunk.audio),
      head: firstBytes(chunk.audio),
      words: chunk.words,
      final: chunk.final,
    }),
    error: (e) => { error = String(e.message ?? e); resolve(); },
    complete: resolve,
  });
});
await connection.stop();
process.stdout.write(JSON.stringify({ voices: voices.length, voiceKeys: Object.keys(voices[0] ?? {}).sort(), chunks, error }));
