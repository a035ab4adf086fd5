namespace Edge.Media.Tests.Support;

/// <summary>
/// Makes synthetic access units shaped like an encoder's: every <see cref="GopLength"/>-th one an
/// IDR preceded by SPS and PPS, the rest single non-IDR slices (payload bytes 0xA5, so no start
/// code can appear inside). Builds into pooled units without allocating.
/// </summary>
internal sealed class TestStream
{
    private byte[] _sps = KnownParameterSets.Sps1280x720Baseline;
    private byte[] _pps = KnownParameterSets.Pps1280x720Baseline;

    public TestStream(int gopLength = 30, int keyframeSize = 4000, int deltaSize = 800)
    {
        GopLength = gopLength;
        KeyframeSize = keyframeSize;
        DeltaSize = deltaSize;
    }

    public int GopLength { get; }

    public int KeyframeSize { get; }

    public int DeltaSize { get; }

    public long NextFrameNumber { get; set; }

    /// <summary>Frames per second of the synthetic 90 kHz timestamps.</summary>
    public int FrameRate { get; init; } = 30;

    public void SetParameterSets(byte[] sps, byte[] pps)
    {
        _sps = sps;
        _pps = pps;
    }

    /// <summary>The next unit; keyframe when its number is a multiple of <see cref="GopLength"/>.</summary>
    public AccessUnit Next()
    {
        var number = NextFrameNumber++;
        return Make(number, number % GopLength == 0);
    }

    /// <summary>The next unit, forced to be a keyframe (as an encoder does on request).</summary>
    public AccessUnit NextKeyframe()
    {
        var number = NextFrameNumber++;
        return Make(number, true);
    }

    public AccessUnit Make(long number, bool keyframe)
    {
        var payload = keyframe ? KeyframeSize : DeltaSize;
        var capacity = payload + 5 + (keyframe ? _sps.Length + _pps.Length + 8 : 0);
        var unit = AccessUnit.Rent(capacity, captureTimestamp: number, pts90kHz: number * 90_000 / FrameRate, keyframe, number);
        var buffer = unit.GetWritableBuffer();
        var position = 0;
        if (keyframe)
        {
            position = Write(buffer, position, _sps);
            position = Write(buffer, position, _pps);
        }

        buffer[position..(position + 4)].Clear();
        buffer[position + 3] = 1;
        position += 4;
        buffer[position++] = keyframe ? (byte)0x65 : (byte)0x41;
        buffer.Slice(position, payload).Fill(0xA5);
        position += payload;
        unit.Commit(position);
        return unit;
    }

    private static int Write(Span<byte> buffer, int position, byte[] nal)
    {
        buffer[position..(position + 3)].Clear();
        buffer[position + 3] = 1;
        nal.CopyTo(buffer[(position + 4)..]);
        return position + 4 + nal.Length;
    }
}
