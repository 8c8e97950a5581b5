namespace VoiceFlow.Server.Infrastructure.Hosting;

/// <summary>The node's local data folder (outbox, audio store, worker logs), from VoiceFlow:DataDirectory.</summary>
public sealed class DataDirectory
{
    public DataDirectory(IConfiguration configuration, IHostEnvironment environment)
    {
        var configured = configuration["VoiceFlow:DataDirectory"];
        Root = Path.GetFullPath(string.IsNullOrWhiteSpace(configured)
            ? Path.Combine(environment.ContentRootPath, ".data")
            : configured);
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    public string Folder(string name)
    {
        var path = Path.Combine(Root, name);
        Directory.CreateDirectory(path);
        return path;
    }
}
