using System.Globalization;
using System.Net;

namespace VoiceFlow.LoadTests.Infrastructure;

public enum WireProtocol
{
    Json,
    MessagePack,
}

/// <summary>The command line, parsed by hand (no System.CommandLine in the package source).</summary>
public sealed class LoadOptions
{
    public const int DefaultDurationCap = 300;
    public const int DefaultStreamCap = 10_000;
    public const int RaisedDurationCap = 3_600;
    public const int RaisedStreamCap = 50_000;

    public required string Scenario { get; init; }
    public List<Uri> Urls { get; } = [];
    public int? Streams { get; set; }
    public int? Watchers { get; set; }
    public int Contributors { get; set; }
    public double? Rate { get; set; }
    public int Duration { get; set; } = 30;
    public int Warmup { get; set; } = 5;
    public WireProtocol Protocol { get; set; } = WireProtocol.Json;
    public string? JsonFile { get; set; }
    public bool AllowRemote { get; set; }
    public bool RaiseCaps { get; set; }
    public string? Redis { get; set; }
    public string? Email { get; set; }
    public string? Password { get; set; }
    public List<string> ApiKeys { get; } = [];
    public string? AccountsFile { get; set; }
    public bool NoFloor { get; set; }
    public string? TimelineFile { get; set; }
    public int SampleRate { get; set; } = 48_000;
    public int ChunkMs { get; set; } = 20;
    public int FeedbackMs { get; set; } = 100;
    public string Voice { get; set; } = "en-us";
    public string Format { get; set; } = "pcm_24000";
    public string? Text { get; set; }
    public List<int> Steps { get; } = [];
    public double TargetP99Ms { get; set; } = 100;
    public int Recovery { get; set; } = 20;
    public int Changes { get; set; } = 3;
    public int StreamsPerKey { get; set; }
    public bool Paced { get; set; }
    public int Processes { get; set; }

    public Uri Url => Urls[0];

    public const string Usage = """
        VoiceFlow load tests

          dotnet run -c Release --project loadtests/VoiceFlow.LoadTests -- <scenario> [options]

        Scenarios
          echo        bare SignalR hub hosted by this tool: stream echo (--streams) and group broadcast (--watchers);
                      with --redis HOST:PORT two in-process nodes share that Redis backplane. Needs no VoiceFlow server.
          recording   N contributors stream generated speech to /hubs/recording in real time; Feedback latency,
                      with the echo floor measured first in the same run (--no-floor skips it). --steps 100,200,...
                      finds the largest count whose p99 stays under --target-p99 MS.
          tts         M concurrent Synthesize streams on /hubs/tts: time to first audio, gaps, audio seconds per second.
          engine      M streams on the embedded espeak-ng engine in this process, no hub: the single synthesis loop
                      or a pool of engine processes (--processes N). Needs no VoiceFlow server.
          watch       K watchers on /hubs/deployments spread over every --url while a driver starts and stops
                      deployments (--changes cycles); with --redis the bare broadcast floor runs first.
          rest        issue 30's mix (login, list deployments, me, usage, create key) by --streams users with 1-3 s
                      think time; --rate R turns it into an open model at R requests/s, followed by --recovery S
                      of the closed mix and a check that no acknowledged write was lost.
          idle        memory per idle hub connection: --streams idle connections, server memory before and after.
          mixed       recording, tts, watch and rest at once (counts derived from --streams).
          quality     takes uploaded at --rate R per minute (default 100) by --streams contributors (default 10), each
                      followed to its decision: upload-to-decision time, decisions by status, server analysis time.
          accounts    only provision (and cache) --streams users and --contributors contributors, for later runs.

        Options
          --url URL            server (repeatable; default http://127.0.0.1:5000). Loopback only unless --allow-remote.
          --streams N          streams, watchers or users (scenario default otherwise)
          --watchers K         echo and mixed: group-broadcast watchers (default 1000)
          --rate R             scenario rate (echo/watch broadcasts per second, rest requests per second)
          --duration S         measured seconds (default 30)      --warmup S   unmeasured seconds first (default 5)
          --protocol P         json | msgpack (default json)
          --json FILE          also write the results as JSON
          --redis HOST:PORT    Redis for the echo floor's two-node backplane
          --email E --password P   use this account (or contributor) instead of provisioned ones
          --api-key KEY        use this key for tts (repeatable)
          --accounts FILE      provisioned accounts cache (default loadtests/.accounts.json)
          --sample-rate HZ --chunk-ms MS --feedback-ms MS   recording stream shape (48000, 20, 100)
          --voice V --format F --text T                     tts request (en-us, pcm_24000, a 20-word sentence)
          --streams-per-key N  tts streams per API key (default from the plan: free 2, pro 10, enterprise 50)
          --processes N        engine: 0 = the single in-process synthesis loop, N = a pool of N engine processes
          --paced              tts and engine: each stream asks for its next text when the previous audio would have finished
                               playing (listeners), instead of back to back (the engine's saturation)
          --steps A,B,...  --target-p99 MS                  recording capacity search
          --changes N          watch: deployment start/stop cycles (default 3)
          --recovery S         rest: closed-model seconds after an open-model overload (default 20)
          --no-floor           skip the same-run floor
          --timeline FILE      recording and echo: every Feedback's time, latency and position in its take, as CSV
          --raise-caps         allow up to 3600 s and 50,000 streams (default caps: 300 s, 10,000)
        """;

    public static LoadOptions Parse(string[] args)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            throw new UsageException(null);
        }

        var options = new LoadOptions { Scenario = args[0].ToLowerInvariant() };
        for (int i = 1; i < args.Length; i++)
        {
            string name = args[i];
            string Value() => i + 1 < args.Length ? args[++i] : throw new UsageException($"{name} needs a value.");
            int Int() => int.TryParse(Value(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v >= 0 ? v : throw new UsageException($"{name} needs a whole number.");
            double Double() => double.TryParse(Value(), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v >= 0 ? v : throw new UsageException($"{name} needs a number.");
            switch (name)
            {
                case "--url": options.Urls.Add(Uri.TryCreate(Value().TrimEnd('/'), UriKind.Absolute, out var u) ? u : throw new UsageException("--url needs an absolute URL.")); break;
                case "--streams": options.Streams = Int(); break;
                case "--watchers": options.Watchers = Int(); break;
                case "--contributors": options.Contributors = Int(); break;
                case "--rate": options.Rate = Double(); break;
                case "--duration": options.Duration = Int(); break;
                case "--warmup": options.Warmup = Int(); break;
                case "--protocol":
                    options.Protocol = Value().ToLowerInvariant() switch
                    {
                        "json" => WireProtocol.Json,
                        "msgpack" or "messagepack" => WireProtocol.MessagePack,
                        var other => throw new UsageException($"Unknown protocol '{other}': json or msgpack."),
                    };
                    break;
                case "--json": options.JsonFile = Value(); break;
                case "--allow-remote": options.AllowRemote = true; break;
                case "--raise-caps": options.RaiseCaps = true; break;
                case "--redis": options.Redis = Value(); break;
                case "--email": options.Email = Value(); break;
                case "--password": options.Password = Value(); break;
                case "--api-key": options.ApiKeys.Add(Value()); break;
                case "--accounts": options.AccountsFile = Value(); break;
                case "--no-floor": options.NoFloor = true; break;
                case "--timeline": options.TimelineFile = Value(); break;
                case "--paced": options.Paced = true; break;
                case "--processes": options.Processes = Int(); break;
                case "--sample-rate": options.SampleRate = Int(); break;
                case "--chunk-ms": options.ChunkMs = Int(); break;
                case "--feedback-ms": options.FeedbackMs = Int(); break;
                case "--voice": options.Voice = Value(); break;
                case "--format": options.Format = Value(); break;
                case "--text": options.Text = Value(); break;
                case "--target-p99": options.TargetP99Ms = Double(); break;
                case "--recovery": options.Recovery = Int(); break;
                case "--changes": options.Changes = Int(); break;
                case "--streams-per-key": options.StreamsPerKey = Int(); break;
                case "--steps":
                    foreach (var part in Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                    {
                        options.Steps.Add(int.TryParse(part, CultureInfo.InvariantCulture, out var s) && s > 0 ? s : throw new UsageException("--steps needs numbers like 100,200,300."));
                    }

                    break;
                default: throw new UsageException($"Unknown option '{name}'.");
            }
        }

        if (options.Urls.Count == 0)
        {
            options.Urls.Add(new Uri("http://127.0.0.1:5000"));
        }

        options.Check();
        return options;
    }

    private void Check()
    {
        int durationCap = RaiseCaps ? RaisedDurationCap : DefaultDurationCap;
        int streamCap = RaiseCaps ? RaisedStreamCap : DefaultStreamCap;
        if (Duration is < 1 || Duration > durationCap || Warmup > durationCap)
        {
            throw new UsageException($"--duration must be 1 to {durationCap} s and --warmup at most that (--raise-caps lifts the cap to {RaisedDurationCap} s).");
        }

        if (Streams > streamCap || Watchers > streamCap || Steps.Any(s => s > streamCap))
        {
            throw new UsageException($"At most {streamCap} streams (--raise-caps lifts the cap to {RaisedStreamCap}).");
        }

        if (Rate > 50_000)
        {
            throw new UsageException("--rate is capped at 50,000 per second.");
        }

        if (ChunkMs is < 10 or > 250 || SampleRate is < 8000 or > 48000)
        {
            throw new UsageException("--chunk-ms must be 10 to 250 and --sample-rate 8000 to 48000.");
        }

        if (!AllowRemote)
        {
            foreach (var url in Urls)
            {
                if (!IsLoopback(url.Host))
                {
                    throw new UsageException($"{url} is not a loopback address; load tests only target this machine unless given --allow-remote.");
                }
            }

            if (Redis is not null && !IsLoopback(Redis.Split(':')[0]))
            {
                throw new UsageException($"--redis {Redis} is not a loopback address; use --allow-remote to target it.");
            }
        }
    }

    public static bool IsLoopback(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
}

public sealed class UsageException(string? message) : Exception(message ?? "");
