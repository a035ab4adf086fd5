namespace Edge.Rtmp.Flv;

/// <summary>
/// A silent AAC-LC track made without an encoder: 44.1 kHz mono, every frame the same four bytes
/// that decode to 1024 samples of silence.
/// </summary>
/// <remarks>
/// <para>
/// Some platforms refuse or flag a video-only stream, and cameras rarely have a microphone, so a
/// push can carry this track instead. A raw AAC frame whose one channel has no scale factor bands
/// (<c>max_sfb</c> = 0) has no spectral data at all and decodes to zeros, so the frame is a
/// constant worked out below from ISO/IEC 14496-3 rather than the output of an encoder.
/// </para>
/// </remarks>
internal static class SilentAac
{
    public const int SampleRate = 44100;

    /// <summary>Samples per channel in one AAC-LC frame.</summary>
    public const int SamplesPerFrame = 1024;

    public const int Channels = 1;

    /// <summary>
    /// AudioSpecificConfig (14496-3 1.6.2.1), 16 bits: audioObjectType 2 (AAC LC, 5 bits),
    /// samplingFrequencyIndex 4 (44100 Hz, 4 bits), channelConfiguration 1 (mono, 4 bits), then
    /// GASpecificConfig's frameLengthFlag 0 (1024 samples), dependsOnCoreCoder 0, extensionFlag 0.
    /// <c>00010 0100 0001 0 0 0</c> = <c>0x12 0x08</c>.
    /// </summary>
    public static ReadOnlySpan<byte> AudioSpecificConfig => [0x12, 0x08];

    /// <summary>
    /// One raw_data_block (14496-3 4.4.2.1), 32 bits: id_syn_ele ID_SCE (000), element_instance_tag
    /// 0 (4 bits); individual_channel_stream: global_gain 0 (8 bits); ics_info: ics_reserved_bit 0,
    /// window_sequence ONLY_LONG (00), window_shape 0, max_sfb 0 (6 bits), predictor_data_present 0;
    /// no section or scale factor data (there are no bands); pulse_data_present 0,
    /// tns_data_present 0, gain_control_data_present 0; no spectral data; then id_syn_ele ID_END
    /// (111), which ends on a byte boundary. 29 zero bits then <c>111</c> = <c>00 00 00 07</c>.
    /// </summary>
    public static ReadOnlySpan<byte> SilentFrame => [0x00, 0x00, 0x00, 0x07];

    /// <summary>The timestamp of frame <paramref name="index"/> in milliseconds, rounded down.</summary>
    public static long FrameTimeMilliseconds(long index) => index * SamplesPerFrame * 1000 / SampleRate;

    /// <summary>The index of the first frame whose time is at or after <paramref name="milliseconds"/>.</summary>
    public static long FirstFrameAtOrAfter(long milliseconds)
    {
        // Smallest i with i * 1024000 / 44100 (floored) >= ms.
        var index = (milliseconds * SampleRate + (SamplesPerFrame * 1000L) - 1) / (SamplesPerFrame * 1000L);
        while (index > 0 && FrameTimeMilliseconds(index - 1) >= milliseconds)
            index--;
        return index;
    }
}
