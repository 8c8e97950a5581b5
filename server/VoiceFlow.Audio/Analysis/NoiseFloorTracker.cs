namespace VoiceFlow.Audio.Analysis;

/// <summary>
/// Minimum-statistics noise floor over frame levels (dBFS): the minimum over a sliding window of a few
/// seconds, kept as per-block minima so each frame costs O(1). The reported floor falls fast to a new
/// minimum and rises slowly towards it, so a loud passage cannot drag it up quickly.
/// </summary>
public sealed class NoiseFloorTracker
{
    private const int BlockCount = 8;
    private const double FallRate = 0.5;

    private readonly double[] _blockMinima = new double[BlockCount];
    private readonly int _framesPerBlock;
    private readonly double _riseRate;
    private int _block;
    private int _framesInBlock;
    private int _completedBlocks;
    private bool _initialized;

    public NoiseFloorTracker(double windowMs, double frameMs)
    {
        _framesPerBlock = Math.Max(1, (int)Math.Round(windowMs / frameMs / BlockCount));

        // Rising towards a higher window minimum takes about half a second (time constant), whatever the frame size.
        _riseRate = 1 - Math.Exp(-frameMs / 500.0);
        Array.Fill(_blockMinima, double.MaxValue);
    }

    /// <summary>The floor, or <see cref="Pcm16.SilenceDbfs"/> before the first frame.</summary>
    public double FloorDbfs { get; private set; } = Pcm16.SilenceDbfs;

    public bool IsInitialized => _initialized;

    public void Add(double frameDbfs)
    {
        if (frameDbfs < _blockMinima[_block])
        {
            _blockMinima[_block] = frameDbfs;
        }

        double windowMinimum = double.MaxValue;
        int blocks = Math.Min(BlockCount, _completedBlocks + 1);
        for (int i = 0; i < blocks; i++)
        {
            windowMinimum = Math.Min(windowMinimum, _blockMinima[i]);
        }

        if (!_initialized)
        {
            FloorDbfs = windowMinimum;
            _initialized = true;
        }
        else if (windowMinimum < FloorDbfs)
        {
            FloorDbfs += FallRate * (windowMinimum - FloorDbfs);
        }
        else
        {
            FloorDbfs += _riseRate * (windowMinimum - FloorDbfs);
        }

        if (++_framesInBlock == _framesPerBlock)
        {
            _framesInBlock = 0;
            _completedBlocks++;
            _block = (_block + 1) % BlockCount;
            _blockMinima[_block] = double.MaxValue;
        }
    }
}
