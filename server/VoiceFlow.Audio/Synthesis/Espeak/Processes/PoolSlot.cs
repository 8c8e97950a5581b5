namespace VoiceFlow.Audio.Synthesis.Espeak.Processes;

/// <summary>A request as the pool schedules it.</summary>
internal sealed class PooledRequest(EspeakRequest request)
{
    private volatile bool _inFlight;

    public EspeakRequest Request { get; } = request;

    /// <summary>A segment of it is being synthesized; the next one waits for it (audio stays in order).</summary>
    public bool InFlight
    {
        get => _inFlight;
        set => _inFlight = value;
    }
}

/// <summary>One segment given to one process; <see cref="Tag"/> ties the process's frames to it.</summary>
internal sealed record SegmentAssignment(PooledRequest Request, int Tag, TextSegment Segment, long SegmentStartSample)
{
    public bool CancelSent { get; set; }
}

/// <summary>A place in the pool: the process serving it now and the segment it runs. Thread-safe.</summary>
internal sealed class PoolSlot(EngineHostProcess process)
{
    private readonly Lock _gate = new();
    private EngineHostProcess? _process = process;
    private SegmentAssignment? _current;

    public EngineHostProcess? Process
    {
        get
        {
            lock (_gate)
            {
                return _process;
            }
        }
    }

    public int ProcessId
    {
        get
        {
            lock (_gate)
            {
                return _process?.Id ?? 0;
            }
        }
    }

    public SegmentAssignment? Current
    {
        get
        {
            lock (_gate)
            {
                return _current;
            }
        }
    }

    public bool IsIdle
    {
        get
        {
            lock (_gate)
            {
                return _process is not null && _current is null;
            }
        }
    }

    public bool TryAssign(SegmentAssignment assignment, out EngineHostProcess process)
    {
        lock (_gate)
        {
            process = _process!;
            if (_process is null || _current is not null)
            {
                return false;
            }

            _current = assignment;
            return true;
        }
    }

    /// <summary>The segment's Done arrived: frees the slot and returns the assignment, unless the tag is stale.</summary>
    public SegmentAssignment? Finish(int tag)
    {
        lock (_gate)
        {
            if (_current?.Tag != tag)
            {
                return null;
            }

            var finished = _current;
            _current = null;
            return finished;
        }
    }

    /// <summary>The process to tell, once, that its running segment's request was cancelled.</summary>
    public (EngineHostProcess Process, int Tag)? TakeCancellation()
    {
        lock (_gate)
        {
            if (_process is null || _current is not { CancelSent: false } current || !current.Request.Request.IsCancelled)
            {
                return null;
            }

            current.CancelSent = true;
            return (_process, current.Tag);
        }
    }

    /// <summary>The process died: the slot takes no work until revived; returns the segment it was running.</summary>
    public SegmentAssignment? Retire()
    {
        lock (_gate)
        {
            var lost = _current;
            _current = null;
            _process = null;
            return lost;
        }
    }

    public void Revive(EngineHostProcess replacement)
    {
        lock (_gate)
        {
            _process = replacement;
        }
    }
}
