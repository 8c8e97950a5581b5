using System.Runtime.InteropServices;

namespace VoiceFlow.Server.Infrastructure.Hosting;

/// <summary>Finds the TtsWorker dll (local deployments, the espeak-ng process pool) and the dotnet host that runs it.</summary>
internal static class TtsWorkerFiles
{
    public const string WorkerDll = "VoiceFlow.TtsWorker.dll";

    /// <summary>
    /// The configured path; else the dll next to the server (a build that references the worker); else the
    /// newest build of the worker project found by walking up from the server's folder (the classic
    /// <c>server/VoiceFlow.TtsWorker/bin/{Configuration}/net10.0</c> layout, or an artifacts folder's
    /// <c>bin/VoiceFlow.TtsWorker/{configuration}</c>). A dll without its runtimeconfig.json cannot run and is skipped.
    /// </summary>
    public static string? FindWorker(string configured)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            var path = Path.GetFullPath(configured, AppContext.BaseDirectory);
            if (Directory.Exists(path))
            {
                path = Path.Combine(path, WorkerDll);
            }

            return Runnable(path) ? path : null;
        }

        var beside = Path.Combine(AppContext.BaseDirectory, WorkerDll);
        if (Runnable(beside))
        {
            return beside;
        }

        var candidates = new List<string>();
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            candidates.AddRange(Builds(Path.Combine(directory.FullName, "server", "VoiceFlow.TtsWorker", "bin")));
            candidates.AddRange(Builds(Path.Combine(directory.FullName, "VoiceFlow.TtsWorker")));
            candidates.AddRange(Builds(Path.Combine(directory.FullName, "bin", "VoiceFlow.TtsWorker")));
        }

        return candidates.Where(Runnable).OrderByDescending(File.GetLastWriteTimeUtc).FirstOrDefault();
    }

    /// <summary>The configured host; else the dotnet running this process; else the one owning the runtime; else PATH.</summary>
    public static string FindDotnet(string configured)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured;
        }

        var executable = OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet";
        if (Environment.ProcessPath is { } current && Path.GetFileName(current) == executable)
        {
            return current;
        }

        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host))
        {
            return host;
        }

        // <root>/shared/Microsoft.NETCore.App/<version>/ -> <root>/dotnet
        var root = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        var beside = Path.Combine(root, executable);
        return File.Exists(beside) ? beside : executable;
    }

    private static IEnumerable<string> Builds(string directory)
    {
        if (!Directory.Exists(directory))
        {
            return [];
        }

        try
        {
            return Directory.EnumerateFiles(directory, WorkerDll, new EnumerationOptions { RecurseSubdirectories = true, MaxRecursionDepth = 3 })
                .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                    && !path.Contains($"{Path.DirectorySeparatorChar}ref{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
                .ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    private static bool Runnable(string dll) =>
        File.Exists(dll) && File.Exists(Path.ChangeExtension(dll, ".runtimeconfig.json"));
}
