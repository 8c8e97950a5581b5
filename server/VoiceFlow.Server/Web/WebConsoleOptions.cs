namespace VoiceFlow.Server.Web;

/// <summary>Settings of the <c>Web</c> section: where the built console (clients/web/dist) is.</summary>
public sealed class WebConsoleOptions
{
    public const string Section = "Web";

    /// <summary>
    /// The folder holding the built console's index.html and assets, absolute or relative to the content root. Empty:
    /// the nearest <c>clients/web/dist</c> above the server's folder (a source checkout), if it was built.
    /// </summary>
    public string? Root { get; set; }
}
