namespace VoiceFlow.Audio.Analysis;

public sealed partial class StreamingAnalyzer
{
    private List<string> Warnings()
    {
        var warnings = new List<string>(2);
        double durationMs = DurationMs;
        double speechMs = SpeechMs;
        if (speechMs >= _options.MinSpeechMsForLevelWarnings && SpeechRmsDbfs is { } speechRms)
        {
            if (speechRms < _options.TooQuietSpeechRmsDbfs)
            {
                warnings.Add(AudioWarningCodes.TooQuiet);
            }

            double speechPeakDbfs = Pcm16.AmplitudeToDbfs(_speechPeak / Pcm16.FullScale);
            if (speechRms > _options.TooLoudSpeechRmsDbfs || speechPeakDbfs >= _options.TooLoudPeakDbfs)
            {
                warnings.Add(AudioWarningCodes.TooLoud);
            }
        }

        if (_clips.ClippedSamples > 0
            && (_clips.ClippedRuns >= _options.ClippingMinRuns || _clips.ClippedSamples >= _options.ClippingMinRatio * _totalSamples))
        {
            warnings.Add(AudioWarningCodes.Clipping);
        }

        if (_nonSpeech.Count * _frameMs >= _options.MinNoiseMsForNoisyWarning && _noiseFloor.FloorDbfs > _options.NoisyFloorDbfs)
        {
            warnings.Add(AudioWarningCodes.Noisy);
        }

        if (durationMs >= _options.NoSpeechAfterMs && speechMs <= _options.NoSpeechMaxSpeechMs)
        {
            warnings.Add(AudioWarningCodes.NoSpeech);
        }

        if (durationMs > MaxDurationMs)
        {
            warnings.Add(AudioWarningCodes.TooLong);
        }

        return warnings;
    }
}
