using System.Numerics;

namespace VoiceFlow.Audio.Analysis;

/// <summary>
/// Power spectrum of a Hann-windowed real frame, zero-padded to a power of two. Uses the half-size complex
/// FFT trick (even samples as the real part, odd samples as the imaginary part) to halve the work.
/// </summary>
public sealed class RealPowerSpectrum
{
    private readonly Fft _fft;
    private readonly float[] _window;
    private readonly float[] _real;
    private readonly float[] _imaginary;
    private readonly float[] _cos;
    private readonly float[] _sin;

    public RealPowerSpectrum(int frameLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(frameLength, 4);
        FrameLength = frameLength;
        FftSize = (int)BitOperations.RoundUpToPowerOf2((uint)frameLength);
        int half = FftSize / 2;
        _fft = new Fft(half);
        _real = new float[half];
        _imaginary = new float[half];
        _window = new float[frameLength];
        for (int i = 0; i < frameLength; i++)
        {
            _window[i] = (float)(0.5 - (0.5 * Math.Cos(2 * Math.PI * i / (frameLength - 1))));
        }

        _cos = new float[half + 1];
        _sin = new float[half + 1];
        for (int k = 0; k <= half; k++)
        {
            double angle = -2 * Math.PI * k / FftSize;
            _cos[k] = (float)Math.Cos(angle);
            _sin[k] = (float)Math.Sin(angle);
        }
    }

    public int FrameLength { get; }

    public int FftSize { get; }

    /// <summary>Number of bins written by <see cref="Compute"/>: DC to Nyquist.</summary>
    public int BinCount => (FftSize / 2) + 1;

    public void Compute(ReadOnlySpan<short> frame, Span<float> power)
    {
        if (frame.Length != FrameLength || power.Length < BinCount)
        {
            throw new ArgumentException("Frame or output length does not match.");
        }

        int half = FftSize / 2;
        _real.AsSpan().Clear();
        _imaginary.AsSpan().Clear();
        for (int i = 0; i < frame.Length; i++)
        {
            float x = frame[i] * _window[i] / 32768f;
            if ((i & 1) == 0)
            {
                _real[i >> 1] = x;
            }
            else
            {
                _imaginary[i >> 1] = x;
            }
        }

        _fft.Forward(_real, _imaginary);
        for (int k = 0; k <= half; k++)
        {
            int a = k % half;
            int b = (half - k) % half;

            // Z[k] and conj(Z[N/2 - k]) separate into the spectra of the even and odd samples.
            float zr = _real[a], zi = _imaginary[a];
            float cr = _real[b], ci = -_imaginary[b];
            float evenR = 0.5f * (zr + cr), evenI = 0.5f * (zi + ci);
            float oddR = 0.5f * (zi - ci), oddI = -0.5f * (zr - cr);
            float xr = evenR + (_cos[k] * oddR) - (_sin[k] * oddI);
            float xi = evenI + (_cos[k] * oddI) + (_sin[k] * oddR);
            power[k] = (xr * xr) + (xi * xi);
        }
    }
}
