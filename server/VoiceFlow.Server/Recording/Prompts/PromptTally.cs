using System.Runtime.InteropServices;

namespace VoiceFlow.Server.Recording.Prompts;

/// <summary>
/// Takes stored per prompt on this node, not yet added to <c>prompts.recording_count</c>; <see cref="PromptTallyWriter"/>
/// adds them every few seconds in one statement. A take used to increment its prompt's row in its own commit, and
/// contributors read the same least-recorded prompts, so at a few hundred live takes those commits queued behind one
/// row lock for up to a third of a second each, holding pooled connections that new takes needed.
/// </summary>
public sealed class PromptTally
{
    private readonly Lock _gate = new();
    private Dictionary<Guid, int> _pending = [];

    public void Add(Guid promptId, int takes = 1)
    {
        lock (_gate)
        {
            CollectionsMarshal.GetValueRefOrAddDefault(_pending, promptId, out _) += takes;
        }
    }

    /// <summary>Everything counted so far; later takes go to a fresh batch.</summary>
    public IReadOnlyDictionary<Guid, int> Drain()
    {
        lock (_gate)
        {
            var batch = _pending;
            _pending = [];
            return batch;
        }
    }

    /// <summary>Puts back a batch that could not be written, so no take goes uncounted.</summary>
    public void Restore(IReadOnlyDictionary<Guid, int> batch)
    {
        foreach (var (promptId, takes) in batch)
        {
            Add(promptId, takes);
        }
    }
}
