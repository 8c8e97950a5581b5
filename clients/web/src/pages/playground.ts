import type { ISubscription } from "@microsoft/signalr";
import { keys as keysApi } from "../api/endpoints";
import { describe } from "../api/http";
import type { TtsChunk, TtsFormat, Voice } from "../api/types";
import { base64Bytes, ChunkDecoder } from "../audio/decode";
import { StreamPlayer } from "../audio/stream-player";
import { hubErrorCode } from "../hubs/hub";
import { TtsClient } from "../hubs/tts";
import { playgroundKey } from "../playground-key";
import type { Page } from "../router";
import { canWrite, state } from "../state";
import { busy, field, fill, h } from "../ui/dom";
import { notice, pageHeader } from "../ui/layout";

const formats: [TtsFormat, string][] = [
  ["pcm_24000", "PCM 24 kHz"], ["pcm_22050", "PCM 22.05 kHz"], ["pcm_16000", "PCM 16 kHz"], ["ulaw_8000", "μ-law 8 kHz (telephony)"], ["wav", "WAV (24 kHz)"],
];
const sample = "Welcome to VoiceFlow. Every word you hear was streamed to this page while it was being synthesized.";
const maxCharacters = 5000;

export const playgroundPage: Page = {
  title: "TTS playground",
  area: "console",
  render(main) {
    let client: TtsClient | null = null;
    let player: StreamPlayer | null = null;
    let subscription: ISubscription<TtsChunk> | null = null;
    let frame = 0;
    let closed = false;

    const keySlot = h("div");
    const studio = h("div");

    const useKey = async (value: string, prefix: string, name: string): Promise<void> => {
      playgroundKey.set(value, prefix, name);
      await connect();
    };

    const renderKey = (): void => {
      const current = playgroundKey.get();
      if (current) {
        fill(keySlot, h("div", { class: "card row row-between key-in-use" },
          h("p", null, "Speaking with API key ", h("code", null, `${current.prefix}…`), ` (${current.name}), held in this tab's memory only.`),
          h("button", { type: "button", class: "button button-quiet", onclick: () => { playgroundKey.clear(); void disconnect(); renderKey(); } }, "Use another key")));
        return;
      }
      const pasted = h("input", { type: "password", name: "apiKey", autocomplete: "off", placeholder: "vf_live_…", spellcheck: false });
      const pastedField = field("Paste an API key", pasted);
      const create = h("button", { type: "button", class: "button button-primary" }, "Create a playground key");
      create.addEventListener("click", () => void busy(create, async () => {
        try {
          const key = await keysApi.create(state.teamId, "Playground", "Created by the console's TTS playground");
          await useKey(key.key, key.prefix, key.name);
        } catch (error) {
          fill(studio, notice("error", describe(error)));
        }
      }));
      fill(keySlot, h("div", { class: "card stack" },
        h("p", null, "The playground streams from ", h("code", null, "/hubs/tts"), " exactly as your apps do, with an API key of this team. The key stays in this tab's memory; revoke it on the API keys page when you are done."),
        h("div", { class: "row row-wrap" },
          canWrite() ? create : null,
          h("form", {
            class: "row row-end paste-key",
            onsubmit: (e: Event) => {
              e.preventDefault();
              const value = pasted.value.trim();
              pastedField.setError(/^vf_live_[A-Za-z0-9_-]{20,}$/.test(value) ? null : "That does not look like a VoiceFlow key (vf_live_…).");
              if (/^vf_live_[A-Za-z0-9_-]{20,}$/.test(value)) void useKey(value, value.slice(0, 16), "pasted key");
            },
          }, pastedField.wrapper, h("button", { type: "submit", class: "button" }, "Use this key")))));
      fill(studio);
    };

    const disconnect = async (): Promise<void> => {
      cancel();
      const old = client;
      client = null;
      await old?.close();
    };

    const connect = async (): Promise<void> => {
      await disconnect();
      const key = playgroundKey.get();
      if (!key) return;
      renderKey();
      fill(studio, h("p", { class: "muted" }, "Connecting to /hubs/tts…"));
      client = new TtsClient(key.value);
      try {
        const voices = await client.voices();
        if (!closed) renderStudio(voices);
      } catch (error) {
        const { message } = hubErrorCode(error);
        fill(studio, notice("error", `The key was refused or the hub is unreachable: ${message}`));
      }
    };

    const cancel = (): void => {
      subscription?.dispose();
      subscription = null;
      player?.stop();
      cancelAnimationFrame(frame);
    };

    const renderStudio = (voices: Voice[]): void => {
      const sorted = [...voices].sort((a, b) => a.name.localeCompare(b.name));
      const preferred = sorted.find((v) => v.language === "en-us") ?? sorted.find((v) => v.language.startsWith("en")) ?? sorted[0];
      const text = h("textarea", { name: "text", rows: 4, maxlength: maxCharacters, required: true }, sample);
      const voice = h("select", { name: "voice" }, sorted.map((v) => h("option", { value: v.id, selected: v === preferred }, `${v.name} (${v.language})`)));
      const format = h("select", { name: "format" }, formats.map(([value, label]) => h("option", { value }, label)));
      const counter = h("span", { class: "muted small", "aria-live": "polite" });
      const countText = () => (counter.textContent = `${text.value.length.toLocaleString()} / ${maxCharacters.toLocaleString()} characters`);
      text.addEventListener("input", countText);
      countText();
      const textField = field("Text", text);
      const speak = h("button", { type: "submit", class: "button button-primary" }, "Speak");
      const stop = h("button", { type: "button", class: "button", disabled: true, onclick: () => { cancel(); setState("Stopped"); } }, "Stop");
      const ttfa = h("output", { id: "ttfa", "data-testid": "ttfa", class: "stat-value" }, "—");
      const played = h("output", { id: "played", "data-testid": "played", class: "stat-value", "data-ms": "0" }, "0.0 s");
      const received = h("output", { id: "received", class: "stat-value" }, "0.0 s");
      const chunks = h("output", { id: "chunks", class: "stat-value" }, "0");
      const status = h("p", { class: "muted", role: "status" }, "Ready. Ctrl+Enter speaks.");
      const words = h("p", { class: "words", "aria-label": "Words as they are spoken", "data-testid": "words" });
      const meter = h("div", { class: "playback-meter", "aria-hidden": "true" }, h("div", { class: "playback-meter-fill" }));
      const setState = (message: string): void => {
        status.textContent = message;
      };

      const run = async (): Promise<void> => {
        if (!client) return;
        const body = text.value.trim();
        textField.setError(body ? null : "Type something to say.");
        if (!body) return;
        cancel();
        player ??= new StreamPlayer();
        await player.resume();
        const decoder = new ChunkDecoder(format.value as TtsFormat);
        const startedAt = performance.now();
        let first = true;
        let count = 0;
        let finished = false;
        fill(words);
        ttfa.textContent = "…";
        chunks.textContent = "0";
        speak.disabled = true;
        stop.disabled = false;
        setState("Synthesizing…");
        const streamStartMs = player.receivedMs();
        const spans: { span: HTMLElement; start: number; end: number }[] = [];

        const animate = (): void => {
          if (!player) return;
          const heard = player.playedMs() - streamStartMs;
          played.textContent = `${(Math.max(0, heard) / 1000).toFixed(1)} s`;
          played.dataset.ms = String(Math.max(0, Math.round(heard)));
          received.textContent = `${((player.receivedMs() - streamStartMs) / 1000).toFixed(1)} s`;
          for (const word of spans) word.span.classList.toggle("current", heard >= word.start && heard < word.end);
          const data = new Uint8Array(player.analyser.fftSize);
          player.analyser.getByteTimeDomainData(data);
          let peak = 0;
          for (const v of data) peak = Math.max(peak, Math.abs(v - 128));
          (meter.firstElementChild as HTMLElement).style.transform = `scaleX(${Math.min(1, peak / 96)})`;
          if (finished && player.finished) {
            setState("Done.");
            spans.forEach((w) => w.span.classList.remove("current"));
            return;
          }
          frame = requestAnimationFrame(animate);
        };
        frame = requestAnimationFrame(animate);

        try {
          subscription = await client.synthesize({ text: body, voice: voice.value, format: format.value as TtsFormat }, {
            chunk: (chunk) => {
              const audio = base64Bytes(chunk.audio);
              if (first && audio.length > 0) {
                first = false;
                const ms = performance.now() - startedAt;
                ttfa.textContent = `${Math.round(ms)} ms`;
                ttfa.dataset.ms = String(Math.round(ms));
                setState("Playing while the rest streams in…");
              }
              chunks.textContent = String(++count);
              player?.push(decoder.decode(audio), decoder.sampleRate);
              for (const word of chunk.words) {
                const span = h("span", { class: "word", "data-start": word.startMs, "data-end": word.endMs }, word.word);
                words.append(span, " ");
                spans.push({ span, start: word.startMs, end: word.endMs });
              }
            },
            done: () => {
              finished = true;
              subscription = null;
              speak.disabled = false;
              stop.disabled = true;
            },
            failed: (error) => {
              finished = true;
              subscription = null;
              speak.disabled = false;
              stop.disabled = true;
              const { code, message } = hubErrorCode(error);
              setState(code === "quota_exceeded" ? `Quota reached: ${message}` : `Failed: ${message}`);
            },
          });
        } catch (error) {
          speak.disabled = false;
          stop.disabled = true;
          setState(`Failed: ${hubErrorCode(error).message}`);
        }
      };

      text.addEventListener("keydown", (e) => {
        if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
          e.preventDefault();
          void run();
        }
      });
      fill(studio, h("form", {
        class: "card stack", "aria-label": "Speech",
        onsubmit: (e: Event) => {
          e.preventDefault();
          void run();
        },
      },
      textField.wrapper, counter,
      h("div", { class: "grid-2" }, field("Voice", voice).wrapper, field("Format", format).wrapper),
      h("div", { class: "row" }, speak, stop)),
      h("section", { class: "card stack", "aria-label": "Playback" },
        h("dl", { class: "stats" },
          h("div", null, h("dt", null, "Time to first audio"), h("dd", null, ttfa)),
          h("div", null, h("dt", null, "Played"), h("dd", null, played)),
          h("div", null, h("dt", null, "Received"), h("dd", null, received)),
          h("div", null, h("dt", null, "Chunks"), h("dd", null, chunks))),
        meter, status, words));
    };

    main.replaceChildren(
      pageHeader("TTS playground", "Type, pick a voice and a format, and hear it stream: audio plays as the chunks arrive."),
      keySlot, studio);
    if (playgroundKey.get()) void connect();
    else renderKey();
    return () => {
      closed = true;
      void disconnect();
      void player?.close();
    };
  },
};
