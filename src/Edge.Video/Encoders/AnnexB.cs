namespace Edge.Video.Encoders;

/// <summary>Just enough H.264 Annex B reading for encoders to check what they produced.</summary>
internal static class AnnexB
{
    internal const int NalSlice = 1;
    internal const int NalIdr = 5;
    internal const int NalSei = 6;
    internal const int NalSps = 7;
    internal const int NalPps = 8;
    internal const int NalAud = 9;

    /// <summary>
    /// Finds the next NAL unit at or after <paramref name="position"/>: <paramref name="unitStart"/>
    /// is where its start code begins, <paramref name="payloadStart"/> its header byte, and
    /// <paramref name="end"/> where the next start code (or the data) begins. Advances
    /// <paramref name="position"/> to <paramref name="end"/>.
    /// </summary>
    internal static bool TryReadNal(ReadOnlySpan<byte> data, ref int position, out int unitStart, out int payloadStart, out int end)
    {
        unitStart = payloadStart = end = 0;
        var codeAt = FindStartCode(data, position);
        if (codeAt < 0)
            return false;

        // A four-byte start code has one more zero in front.
        unitStart = codeAt > 0 && data[codeAt - 1] == 0 ? codeAt - 1 : codeAt;
        payloadStart = codeAt + 3;
        if (payloadStart >= data.Length)
            return false;
        var next = FindStartCode(data, payloadStart);
        end = next < 0 ? data.Length : (data[next - 1] == 0 ? next - 1 : next);
        position = end;
        return true;
    }

    /// <summary>Bit mask of the NAL unit types present (bit <c>n</c> set for type <c>n</c>).</summary>
    internal static int NalTypeMask(ReadOnlySpan<byte> data)
    {
        var mask = 0;
        var position = 0;
        while (TryReadNal(data, ref position, out _, out var payload, out _))
            mask |= 1 << (data[payload] & 0x1F);
        return mask;
    }

    // Index of the 00 00 01 at or after start, or -1.
    private static int FindStartCode(ReadOnlySpan<byte> data, int start)
    {
        var i = start;
        while (i + 2 < data.Length)
        {
            var found = data[i..].IndexOf((byte)1);
            if (found < 0)
                return -1;
            var one = i + found;
            if (one - start >= 2 && data[one - 1] == 0 && data[one - 2] == 0)
                return one - 2;
            i = one + 1;
        }

        return -1;
    }
}
