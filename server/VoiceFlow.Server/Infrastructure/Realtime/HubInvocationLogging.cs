using Microsoft.AspNetCore.SignalR;

namespace VoiceFlow.Server.Infrastructure.Realtime;

/// <summary>
/// Logs a hub method that ended in an exception at the level its cause deserves. SignalR itself logs every one as an
/// error with its stack, the refusals of bad input (a <see cref="HubException"/> with its code) and callers who left
/// mid-call included, so a node's error log filled with what clients did; that entry is dropped (see
/// <c>LoggingSetup</c>) and this one written instead. Results streamed back from a hub are logged by SignalR as before.
/// </summary>
public sealed partial class HubInvocationLogging(ILogger<HubInvocationLogging> logger) : IHubFilter
{
    /// <summary>The event SignalR writes for every hub method that throws.</summary>
    public const string SignalRFailureCategory = "Microsoft.AspNetCore.SignalR.Internal.DefaultHubDispatcher";
    public const string SignalRFailureEvent = "FailedInvokingHubMethod";

    public async ValueTask<object?> InvokeMethodAsync(
        HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        try
        {
            return await next(invocationContext);
        }
        catch (HubException e)
        {
            Refused(logger, invocationContext.Hub.GetType().Name, invocationContext.HubMethodName, e.Message);
            throw;
        }
        catch (OperationCanceledException)
        {
            // The caller went away or cancelled the call. (When a connection closes, SignalR ends the streams the caller
            // was sending with this exception, which can come before the connection's own token is cancelled.)
            CallerLeft(logger, invocationContext.Hub.GetType().Name, invocationContext.HubMethodName);
            throw;
        }
        catch (Exception e)
        {
            Failed(logger, e, invocationContext.Hub.GetType().Name, invocationContext.HubMethodName);
            throw;
        }
    }

    [LoggerMessage(LogLevel.Information, "{Hub}.{HubMethod} refused: {Reason}")]
    private static partial void Refused(ILogger logger, string hub, string hubMethod, string reason);

    [LoggerMessage(LogLevel.Information, "{Hub}.{HubMethod} ended: the caller disconnected or cancelled it")]
    private static partial void CallerLeft(ILogger logger, string hub, string hubMethod);

    [LoggerMessage(LogLevel.Error, "{Hub}.{HubMethod} failed")]
    private static partial void Failed(ILogger logger, Exception exception, string hub, string hubMethod);
}
