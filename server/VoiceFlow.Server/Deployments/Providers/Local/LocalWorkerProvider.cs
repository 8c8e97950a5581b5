using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Extensions.Options;
using VoiceFlow.Server.Deployments.Lifecycle;
using VoiceFlow.Server.Infrastructure.Hosting;

namespace VoiceFlow.Server.Deployments.Providers.Local;

/// <summary>
/// Runs each deployment as a TtsWorker process on this machine (<c>dotnet VoiceFlow.TtsWorker.dll --urls
/// http://127.0.0.1:PORT --parent-pid SERVER</c>) and follows its output as the deployment's log. Workers belong
/// to the node that started them: they exit when it does, and a node that finds a worker gone says so.
/// </summary>
public sealed partial class LocalWorkerProvider(
    IOptions<DeploymentOptions> options, DeploymentLogSink logs, DeploymentNode node, IHttpClientFactory httpClients,
    ILogger<LocalWorkerProvider> logger) : IDeploymentProvider, IDisposable
{
    /// <summary>Variables a worker inherits; the server's own settings (connection strings, keys) stay out of it.</summary>
    private static readonly string[] InheritedVariables =
        ["PATH", "HOME", "TMPDIR", "LANG", "LC_ALL", "USER", "DOTNET_ROOT", "DOTNET_ROOT_X64", "DOTNET_ROOT_ARM64", "DOTNET_CLI_HOME"];

    private readonly ConcurrentDictionary<Guid, Worker> _workers = new();

    public string Name => DeploymentProviders.Local;

    public bool NodeBound => true;

    public (TimeSpan Minimum, TimeSpan Maximum) PollInterval => (TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(1));

    private LocalProviderOptions Settings => options.Value.Local;

    public Task<string> ProvisionAsync(DeploymentSpec spec, CancellationToken cancellationToken)
    {
        if (_workers.TryRemove(spec.Id, out var previous))
        {
            Kill(previous);
        }

        var workerPath = TtsWorkerFiles.FindWorker(Settings.WorkerPath)
            ?? throw new DeploymentProviderException(
                "VoiceFlow.TtsWorker.dll was not found next to the server nor in server/VoiceFlow.TtsWorker/bin. Build it "
                + "(dotnet build server/VoiceFlow.TtsWorker) or set Deployments:Local:WorkerPath.", permanent: true);
        var dotnet = TtsWorkerFiles.FindDotnet(Settings.DotnetPath);
        var port = FreePort(Settings.Host);
        var start = new ProcessStartInfo(dotnet)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(workerPath)!,
        };
        foreach (var argument in new[]
                 {
                     workerPath, "--urls", $"http://{Settings.Host}:{port}", "--parent-pid",
                     Environment.ProcessId.ToString(CultureInfo.InvariantCulture),
                 })
        {
            start.ArgumentList.Add(argument);
        }

        var inherited = start.Environment.Where(v => InheritedVariables.Contains(v.Key, StringComparer.Ordinal)).ToList();
        start.Environment.Clear();
        foreach (var (key, value) in inherited)
        {
            start.Environment[key] = value;
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["DOTNET_NOLOGO"] = "1";

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => Forward(spec, e.Data);
        process.ErrorDataReceived += (_, e) => Forward(spec, e.Data);
        try
        {
            process.Start();
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            process.Dispose();
            throw new DeploymentProviderException($"Could not start the worker with {dotnet}: {e.Message}", permanent: true, e);
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var handle = new LocalHandle(process.Id, port, Settings.Host, process.StartTime.ToUniversalTime(), node.Id);
        _workers[spec.Id] = new Worker(process, handle);
        logs.Write(spec.Id, spec.TeamId, $"Started worker process {process.Id} on {handle.Url} ({Path.GetFileName(workerPath)})");
        LogStarted(logger, spec.Id, process.Id, handle.Url);
        return Task.FromResult(JsonSerializer.Serialize(handle));
    }

    public async Task<ProviderObservation> ProbeAsync(DeploymentSpec spec, string handle, CancellationToken cancellationToken)
    {
        var stored = LocalHandle.Parse(handle);
        if (_workers.TryGetValue(spec.Id, out var worker) && worker.Handle.Pid == stored.Pid)
        {
            if (worker.Process.HasExited)
            {
                return new ProviderObservation(ProviderPhase.Gone,
                    $"The worker process {stored.Pid} exited with code {worker.Process.ExitCode}.");
            }
        }
        else if (!IsAlive(stored))
        {
            return new ProviderObservation(ProviderPhase.Gone,
                $"The worker process {stored.Pid} on {stored.Node} is no longer running: the server node that started it stopped.");
        }

        return await HealthAsync(stored, cancellationToken);
    }

    public async Task StopAsync(DeploymentSpec spec, string? handle, CancellationToken cancellationToken)
    {
        if (_workers.TryRemove(spec.Id, out var worker))
        {
            Kill(worker);
            await WaitForExitAsync(worker.Process, cancellationToken);
            logs.Write(spec.Id, spec.TeamId, $"Worker process {worker.Handle.Pid} stopped");
            worker.Process.Dispose();
            return;
        }

        if (handle is not null && LocalHandle.Parse(handle) is var stored && IsAlive(stored))
        {
            // A worker adopted from another node of this machine.
            using var process = Process.GetProcessById(stored.Pid);
            process.Kill(entireProcessTree: true);
            await WaitForExitAsync(process, cancellationToken);
            logs.Write(spec.Id, spec.TeamId, $"Worker process {stored.Pid} stopped");
        }
    }

    public void AuthorizeEndpointRequest(HttpRequestMessage request)
    {
    }

    /// <summary>Whether this node runs the deployment's worker process.</summary>
    public bool Owns(Guid deploymentId) => _workers.ContainsKey(deploymentId);

    public void Dispose()
    {
        foreach (var (_, worker) in _workers)
        {
            Kill(worker);
            worker.Process.Dispose();
        }

        _workers.Clear();
    }

    private async Task<ProviderObservation> HealthAsync(LocalHandle handle, CancellationToken cancellationToken)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(3));
            using var response = await httpClients.CreateClient(WorkerVerifier.HttpClientName).GetAsync($"{handle.Url}/health", timeout.Token);
            if (response.IsSuccessStatusCode)
            {
                return new ProviderObservation(ProviderPhase.Ready, $"Worker process {handle.Pid} is healthy", handle.Url, 1);
            }

            var health = await ReadHealthAsync(response, timeout.Token);
            return health?.Status == "failed"
                ? new ProviderObservation(ProviderPhase.Failed, $"The worker could not warm up: {health.Error}")
                : new ProviderObservation(ProviderPhase.Starting, "Waiting for the worker's warm-up synthesis");
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return new ProviderObservation(ProviderPhase.Starting, "Waiting for the worker to listen");
        }
    }

    private static async Task<WorkerHealthBody?> ReadHealthAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            return await response.Content.ReadFromJsonAsync<WorkerHealthBody>(cancellationToken);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private void Forward(DeploymentSpec spec, string? line)
    {
        if (line is not null)
        {
            logs.Write(spec.Id, spec.TeamId, line);
        }
    }

    private static bool IsAlive(LocalHandle handle)
    {
        try
        {
            using var process = Process.GetProcessById(handle.Pid);
            // Pids are reused: the process must also be the one started then.
            return !process.HasExited && (process.StartTime.ToUniversalTime() - handle.StartedAt).Duration() < TimeSpan.FromSeconds(2);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    private void Kill(Worker worker)
    {
        try
        {
            if (!worker.Process.HasExited)
            {
                worker.Process.Kill(entireProcessTree: true);
            }
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            LogKillFailed(logger, e, worker.Handle.Pid);
        }
    }

    private static async Task WaitForExitAsync(Process process, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new DeploymentProviderException($"The worker process {process.Id} did not exit within 10 s of being killed.");
        }
    }

    private static int FreePort(string host)
    {
        using var listener = new TcpListener(IPAddress.Parse(host), 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    [LoggerMessage(LogLevel.Information, "Deployment {DeploymentId}: started worker process {Pid} on {Url}")]
    private static partial void LogStarted(ILogger logger, Guid deploymentId, int pid, string url);

    [LoggerMessage(LogLevel.Warning, "Could not kill worker process {Pid}")]
    private static partial void LogKillFailed(ILogger logger, Exception exception, int pid);

    private sealed record Worker(Process Process, LocalHandle Handle);

    private sealed record WorkerHealthBody(string? Status, string? Error);
}

/// <summary>What is stored for a local deployment: enough to find (and recognise) its process again.</summary>
public sealed record LocalHandle(int Pid, int Port, string Host, DateTimeOffset StartedAt, string Node)
{
    public string Url => $"http://{Host}:{Port}";

    public static LocalHandle Parse(string json) =>
        JsonSerializer.Deserialize<LocalHandle>(json) ?? throw new DeploymentProviderException("The local deployment handle is empty.", permanent: true);
}
