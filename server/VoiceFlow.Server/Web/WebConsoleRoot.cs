namespace VoiceFlow.Server.Web;

/// <summary>The resolved console folder, or null when the console is not built (the server then serves only the API).</summary>
public sealed record WebConsoleRoot(string? Path, string Looked)
{
    public const string IndexFile = "index.html";

    public bool Available => Path is not null;

    public string IndexPath => System.IO.Path.Combine(Path ?? throw new InvalidOperationException("The console is not built."), IndexFile);

    public static WebConsoleRoot Resolve(WebConsoleOptions options, string contentRoot)
    {
        if (!string.IsNullOrWhiteSpace(options.Root))
        {
            var configured = System.IO.Path.GetFullPath(options.Root, contentRoot);
            return new WebConsoleRoot(HasIndex(configured) ? configured : null, configured);
        }

        foreach (var start in new[] { AppContext.BaseDirectory, contentRoot }.Distinct())
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = System.IO.Path.Combine(dir.FullName, "clients", "web", "dist");
                if (HasIndex(candidate))
                {
                    return new WebConsoleRoot(candidate, candidate);
                }
            }
        }

        return new WebConsoleRoot(null, "clients/web/dist above the server's folder");
    }

    private static bool HasIndex(string folder) => File.Exists(System.IO.Path.Combine(folder, IndexFile));
}
