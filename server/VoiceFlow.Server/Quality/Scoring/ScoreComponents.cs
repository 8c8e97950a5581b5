using VoiceFlow.Audio.Analysis;

namespace VoiceFlow.Server.Quality.Scoring;

/// <summary>
/// Maps whole-take measures to 0-1 component scores. Every mapping is a clamped line between a "useless" and a
/// "good" value, so a reviewer can tell from a metric why a score is what it is.
/// </summary>
public static class ScoreComponents
{
    /// <summary>WADA-SNR and the VAD estimate, averaged (each catches what the other misses): 10 dB → 0, 35 dB → 1.</summary>
    public static double SnrDb(AnalysisSummary take)
    {
        double?[] estimates = [take.WadaSnrDb, take.VadSnrDb];
        var known = estimates.Where(e => e is not null).Select(e => e!.Value).ToList();
        return known.Count > 0 ? known.Average() : take.SnrDb ?? 0;
    }

    public static double Snr(double snrDb) => Ramp(snrDb, 10, 35);

    /// <summary>
    /// Speech-band measures over voiced frames: a low spectral flatness (harmonic voice, not hiss: clean speech
    /// measures about 0.03-0.05 in 10 ms frames, speech under noise at 5 dB SNR about 0.15), enough bandwidth (not
    /// muffled) and a centroid where speech has it.
    /// </summary>
    public static double Clarity(AnalysisSummary take)
    {
        if (take.SpectralFlatness is not { } flatness || take.Bandwidth95Hz is not { } bandwidth || take.SpectralCentroidHz is not { } centroid)
        {
            return 0;
        }

        var tonal = 1 - Ramp(flatness, 0.06, 0.22);
        var centroidInSpeechRange = centroid < 300 ? Ramp(centroid, 100, 300) : 1 - Ramp(centroid, 3500, 6000);
        return (0.5 * tonal) + (0.3 * Bandwidth(bandwidth)) + (0.2 * centroidInSpeechRange);
    }

    /// <summary>Clipping, DC offset, leading and trailing silence and bandwidth.</summary>
    public static double AudioQuality(AnalysisSummary take)
    {
        var clipping = 1 - Ramp(take.ClippingRatio, 0, 0.001);
        var dc = 1 - Ramp(Math.Abs(take.DcOffset), 0.005, 0.05);
        var silence = (Silence(take.LeadingSilenceMs) + Silence(take.TrailingSilenceMs)) / 2;
        var bandwidth = take.Bandwidth95Hz is { } hz ? Bandwidth(hz) : 0;
        return (0.4 * clipping) + (0.2 * dc) + (0.2 * silence) + (0.2 * bandwidth);
    }

    /// <summary>95% of the speech energy below 800 Hz sounds muffled; from 1.8 kHz the consonants carry.</summary>
    private static double Bandwidth(double hz) => Ramp(hz, 800, 1800);

    /// <summary>Up to a second of silence around the speech is normal; four seconds is a take to trim.</summary>
    private static double Silence(double ms) => 1 - Ramp(ms, 1000, 4000);

    /// <summary>0 at or below <paramref name="zero"/>, 1 at or above <paramref name="one"/>, linear between.</summary>
    public static double Ramp(double value, double zero, double one) =>
        double.IsNaN(value) ? 0 : Math.Clamp((value - zero) / (one - zero), 0, 1);
}
