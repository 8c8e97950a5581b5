using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using VoiceFlow.Server.Infrastructure.Database;
using VoiceFlow.Server.Infrastructure.Errors;
using VoiceFlow.Server.Recording.Storage;

namespace VoiceFlow.Server.Recording.Playback;

/// <summary>Serves a take's WAV to whoever holds a valid signed link (see <see cref="PlaybackUrls"/>).</summary>
public static class PlaybackEndpoints
{
    public static string PathFor(Guid recordingId) => $"/api/recordings/{recordingId}/audio";

    public static IEndpointRouteBuilder MapPlayback(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/recordings/{id:guid}/audio", Play).AllowAnonymous().WithTags("Recordings");
        return app;
    }

    private static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> Play(
        Guid id, long? expires, string? signature, PlaybackUrls urls, VoiceFlowDbContext db, IAudioStore store, HttpContext http,
        CancellationToken cancellationToken)
    {
        if (expires is not { } at || !urls.IsValid(id, at, signature))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Invalid or expired link",
                detail: "Playback links last a few minutes; fetch the recording again for a fresh one.");
        }

        var key = await db.Recordings.AsNoTracking().Where(r => r.Id == id).Select(r => r.AudioKey).FirstOrDefaultAsync(cancellationToken);
        if (key is null || await store.OpenReadAsync(key, cancellationToken) is not { } audio)
        {
            return Problems.NotFound("The recording");
        }

        http.Response.Headers.CacheControl = "private, max-age=300";
        return TypedResults.Stream(audio, "audio/wav", enableRangeProcessing: audio.CanSeek);
    }
}
