using System.Collections.Concurrent;

namespace VoiceFlow.Server.Infrastructure.Hosting;

/// <summary>
/// One logger per category, as the framework's own <see cref="LoggerFactory"/> keeps them. Serilog's factory makes a
/// new logger (with a cache of its own) on every call, and Kestrel and SignalR ask for several for every connection
/// they open: about 13 per hub connection, 10 KB that lived as long as the connection and that the collector copied
/// between generations. Categories are type and component names, so the cache stays small.
/// </summary>
internal sealed class CategoryCachedLoggerFactory(ILoggerFactory inner) : ILoggerFactory
{
    private readonly ConcurrentDictionary<string, ILogger> _loggers = new(StringComparer.Ordinal);

    public ILogger CreateLogger(string categoryName) => _loggers.GetOrAdd(categoryName, inner.CreateLogger);

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    // Disposing the inner factory flushes and closes the Serilog pipeline (the console's async sink included).
    public void Dispose() => inner.Dispose();

    /// <summary>Wraps the <see cref="ILoggerFactory"/> registered last in <paramref name="services"/>.</summary>
    public static void Decorate(IServiceCollection services)
    {
        var registered = services.LastOrDefault(d => d.ServiceType == typeof(ILoggerFactory) && !d.IsKeyedService)
            ?? throw new InvalidOperationException("No ILoggerFactory is registered to cache loggers for.");
        services.Remove(registered);
        services.AddSingleton<ILoggerFactory>(provider => new CategoryCachedLoggerFactory(Create(registered, provider)));
    }

    private static ILoggerFactory Create(ServiceDescriptor registered, IServiceProvider provider) =>
        registered.ImplementationInstance as ILoggerFactory
        ?? (ILoggerFactory?)registered.ImplementationFactory?.Invoke(provider)
        ?? (ILoggerFactory)ActivatorUtilities.CreateInstance(provider, registered.ImplementationType!);
}
