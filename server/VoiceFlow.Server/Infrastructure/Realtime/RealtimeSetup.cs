using StackExchange.Redis;
using VoiceFlow.Server.Infrastructure.Hosting;

namespace VoiceFlow.Server.Infrastructure.Realtime;

public static class RealtimeSetup
{
    /// <summary>SignalR with JSON and MessagePack; with Redis configured, messages to groups and users cross nodes through it.</summary>
    public static IServiceCollection AddRealtime(this IServiceCollection services, IConfiguration configuration)
    {
        var signalR = services.AddSignalR(options => options.MaximumReceiveMessageSize = 256 * 1024)
            .AddMessagePackProtocol();
        if (RedisSetup.IsConfigured(configuration))
        {
            signalR.AddStackExchangeRedis(options =>
            {
                options.Configuration = ConfigurationOptions.Parse(configuration[RedisSetup.ConfigKey]!);
                options.Configuration.AbortOnConnectFail = false;
                options.Configuration.ChannelPrefix = RedisChannel.Literal("voiceflow");
            });
        }

        return services;
    }
}
