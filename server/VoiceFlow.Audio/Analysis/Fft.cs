using System.Numerics;

namespace VoiceFlow.Audio.Analysis;

/// <summary>In-place iterative radix-2 complex FFT with precomputed twiddles; allocation-free per transform.</summary>
public sealed class Fft
{
    private readonly int[] _bitReversed;
    private readonly float[] _cos;
    private readonly float[] _sin;

    public Fft(int size)
    {
        if (size < 2 || !BitOperations.IsPow2(size))
        {
            throw new ArgumentOutOfRangeException(nameof(size), size, "The FFT size must be a power of two.");
        }

        Size = size;
        int bits = BitOperations.Log2((uint)size);
        _bitReversed = new int[size];
        for (int i = 0; i < size; i++)
        {
            _bitReversed[i] = (int)(ReverseBits((uint)i) >> (32 - bits));
        }

        _cos = new float[size / 2];
        _sin = new float[size / 2];
        for (int i = 0; i < size / 2; i++)
        {
            double angle = -2 * Math.PI * i / size;
            _cos[i] = (float)Math.Cos(angle);
            _sin[i] = (float)Math.Sin(angle);
        }
    }

    public int Size { get; }

    /// <summary>Forward transform (e^{-2πikn/N}, no scaling) of <paramref name="real"/> + i·<paramref name="imaginary"/>.</summary>
    public void Forward(Span<float> real, Span<float> imaginary)
    {
        int n = Size;
        if (real.Length < n || imaginary.Length < n)
        {
            throw new ArgumentException("The buffers are shorter than the FFT size.");
        }

        for (int i = 0; i < n; i++)
        {
            int j = _bitReversed[i];
            if (j > i)
            {
                (real[i], real[j]) = (real[j], real[i]);
                (imaginary[i], imaginary[j]) = (imaginary[j], imaginary[i]);
            }
        }

        for (int length = 2; length <= n; length <<= 1)
        {
            int half = length >> 1;
            int twiddleStep = n / length;
            for (int start = 0; start < n; start += length)
            {
                for (int k = 0; k < half; k++)
                {
                    float wr = _cos[k * twiddleStep];
                    float wi = _sin[k * twiddleStep];
                    int a = start + k;
                    int b = a + half;
                    float tr = (real[b] * wr) - (imaginary[b] * wi);
                    float ti = (real[b] * wi) + (imaginary[b] * wr);
                    real[b] = real[a] - tr;
                    imaginary[b] = imaginary[a] - ti;
                    real[a] += tr;
                    imaginary[a] += ti;
                }
            }
        }
    }

    private static uint ReverseBits(uint value)
    {
        value = ((value >> 1) & 0x55555555u) | ((value & 0x55555555u) << 1);
        value = ((value >> 2) & 0x33333333u) | ((value & 0x33333333u) << 2);
        value = ((value >> 4) & 0x0F0F0F0Fu) | ((value & 0x0F0F0F0Fu) << 4);
        value = ((value >> 8) & 0x00FF00FFu) | ((value & 0x00FF00FFu) << 8);
        return (value >> 16) | (value << 16);
    }
}
