using Microsoft.AspNetCore.SignalR;
using StackExchange.Redis;
using VoiceFlow.Server.Infrastructure.Hosting;

namespace VoiceFlow.Server.Infrastructure.Realtime;

public static class RealtimeSetup
{
    /// <summary>
    /// SignalR with JSON and MessagePack; with Redis configured, messages to groups and users cross nodes through it.
    /// Both protocols use the same camelCase keys: hub message types are <c>[MessagePackObject]</c> records whose
    /// properties carry <c>[Key("camelCase")]</c>, and System.Text.Json's web defaults give the same names in JSON.
    /// </summary>
    public static IServiceCollection AddRealtime(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<HubInvocationLogging>();
        var signalR = services.AddSignalR(options =>
            {
                options.MaximumReceiveMessageSize = 256 * 1024;
                options.EnableDetailedErrors = false;
                options.AddFilter<HubInvocationLogging>();
            })
            .AddJsonProtocol(json =>
            {
                json.PayloadSerializerOptions.PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.CamelCase;
                // SignalR names JavaScriptEncoder.Default, which is also what no encoder means. Generated serializers
                // (a feature's JsonSerializerContext) only take their fast path with options like their own, which name none.
                json.PayloadSerializerOptions.Encoder = null;
            })
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
