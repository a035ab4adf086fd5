using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Edge.Video.Conversion;

/// <summary>
/// The per-row loops of <see cref="PlanarYuvConverter"/>: copy or range-scale a row, and the chroma
/// reductions to 4:2:0 (average two rows, two columns, or a 2×2 block), each optionally scaled from
/// full to limited range. A 128-bit vector body where <see cref="Vector128"/> is accelerated (x86-64,
/// arm64) and a scalar loop for the rest and for armhf; both compute exactly the same values.
/// </summary>
/// <remarks>
/// Full → limited range in 8.8 fixed point, with 16-bit lanes that cannot overflow:
/// luma <c>y' = ((y·220 + 128) &gt;&gt; 8) + 16</c> (0 → 16, 255 → 235), chroma
/// <c>c' = (c·225 + 4096) &gt;&gt; 8</c> (0 → 16, 128 → 128, 255 → 240). Against the exact
/// <c>16 + y·219/255</c> and <c>128 + (c − 128)·224/255</c>, rounded, no result is off by more
/// than one level. Averages round half up, as <see cref="RowKernels.PackedRowPair"/> does; a
/// chroma average is taken before scaling, so scaling rounds once.
/// </remarks>
internal static class PlanarRowKernels
{
    private const int LumaScale = 220;
    private const int LumaBias = 128;
    private const int LumaOffset = 16;
    private const int ChromaScale = 225;
    private const int ChromaBias = 4096;

    /// <summary>Copies a luma row, scaling full range to limited when <paramref name="fullRange"/>.</summary>
    public static void Luma(ReadOnlySpan<byte> source, Span<byte> destination, bool fullRange)
    {
        var count = destination.Length;
        if (source.Length < count)
            throw new ArgumentException("Luma: source row too short.");
        if (!fullRange)
        {
            source[..count].CopyTo(destination);
            return;
        }

        var i = 0;
        if (Vector128.IsHardwareAccelerated && count >= 16)
        {
            ref var src = ref MemoryMarshal.GetReference(source);
            ref var dst = ref MemoryMarshal.GetReference(destination);
            for (; i + 16 <= count; i += 16)
            {
                var (low, high) = Vector128.Widen(Vector128.LoadUnsafe(ref src, (nuint)i));
                Vector128.Narrow(ScaleLuma(low), ScaleLuma(high)).StoreUnsafe(ref dst, (nuint)i);
            }
        }

        for (; i < count; i++)
            destination[i] = (byte)(((source[i] * LumaScale + LumaBias) >> 8) + LumaOffset);
    }

    /// <summary>Copies a chroma row already at 4:2:0 resolution, scaling it when <paramref name="fullRange"/>.</summary>
    public static void Chroma(ReadOnlySpan<byte> source, Span<byte> destination, bool fullRange)
    {
        var count = destination.Length;
        if (source.Length < count)
            throw new ArgumentException("Chroma: source row too short.");
        if (!fullRange)
        {
            source[..count].CopyTo(destination);
            return;
        }

        var i = 0;
        if (Vector128.IsHardwareAccelerated && count >= 16)
        {
            ref var src = ref MemoryMarshal.GetReference(source);
            ref var dst = ref MemoryMarshal.GetReference(destination);
            for (; i + 16 <= count; i += 16)
            {
                var (low, high) = Vector128.Widen(Vector128.LoadUnsafe(ref src, (nuint)i));
                Vector128.Narrow(ScaleChroma(low), ScaleChroma(high)).StoreUnsafe(ref dst, (nuint)i);
            }
        }

        for (; i < count; i++)
            destination[i] = ScaleChroma(source[i], fullRange);
    }

    /// <summary>4:2:2 → 4:2:0: destination[i] = average of row0[i] and row1[i] (then scaled when <paramref name="fullRange"/>).</summary>
    public static void AverageRows(ReadOnlySpan<byte> row0, ReadOnlySpan<byte> row1, Span<byte> destination, bool fullRange)
    {
        var count = destination.Length;
        if (row0.Length < count || row1.Length < count)
            throw new ArgumentException("AverageRows: source rows too short.");
        var i = 0;
        if (Vector128.IsHardwareAccelerated && count >= 16)
        {
            ref var a = ref MemoryMarshal.GetReference(row0);
            ref var b = ref MemoryMarshal.GetReference(row1);
            ref var dst = ref MemoryMarshal.GetReference(destination);
            var one = Vector128.Create((ushort)1);
            for (; i + 16 <= count; i += 16)
            {
                var (a0, a1) = Vector128.Widen(Vector128.LoadUnsafe(ref a, (nuint)i));
                var (b0, b1) = Vector128.Widen(Vector128.LoadUnsafe(ref b, (nuint)i));
                var low = Vector128.ShiftRightLogical(a0 + b0 + one, 1);
                var high = Vector128.ShiftRightLogical(a1 + b1 + one, 1);
                Store(low, high, fullRange, ref dst, i);
            }
        }

        for (; i < count; i++)
            destination[i] = ScaleChroma((row0[i] + row1[i] + 1) >> 1, fullRange);
    }

    /// <summary>4:4:0 → 4:2:0: destination[i] = average of row[2i] and row[2i+1] (then scaled when <paramref name="fullRange"/>).</summary>
    public static void AverageColumns(ReadOnlySpan<byte> row, Span<byte> destination, bool fullRange)
    {
        var count = destination.Length;
        if (row.Length < 2 * count)
            throw new ArgumentException("AverageColumns: source row too short.");
        var i = 0;
        if (Vector128.IsHardwareAccelerated && count >= 16)
        {
            ref var src = ref MemoryMarshal.GetReference(row);
            ref var dst = ref MemoryMarshal.GetReference(destination);
            var one = Vector128.Create((ushort)1);
            for (; i + 16 <= count; i += 16)
            {
                var low = Vector128.ShiftRightLogical(PairSum(ref src, 2 * i) + one, 1);
                var high = Vector128.ShiftRightLogical(PairSum(ref src, 2 * i + 16) + one, 1);
                Store(low, high, fullRange, ref dst, i);
            }
        }

        for (; i < count; i++)
            destination[i] = ScaleChroma((row[2 * i] + row[2 * i + 1] + 1) >> 1, fullRange);
    }

    /// <summary>4:4:4 → 4:2:0: destination[i] = average of the 2×2 block at column 2i of two rows (then scaled when <paramref name="fullRange"/>).</summary>
    public static void AverageBlocks(ReadOnlySpan<byte> row0, ReadOnlySpan<byte> row1, Span<byte> destination, bool fullRange)
    {
        var count = destination.Length;
        if (row0.Length < 2 * count || row1.Length < 2 * count)
            throw new ArgumentException("AverageBlocks: source rows too short.");
        var i = 0;
        if (Vector128.IsHardwareAccelerated && count >= 16)
        {
            ref var a = ref MemoryMarshal.GetReference(row0);
            ref var b = ref MemoryMarshal.GetReference(row1);
            ref var dst = ref MemoryMarshal.GetReference(destination);
            var two = Vector128.Create((ushort)2);
            for (; i + 16 <= count; i += 16)
            {
                var low = Vector128.ShiftRightLogical(PairSum(ref a, 2 * i) + PairSum(ref b, 2 * i) + two, 2);
                var high = Vector128.ShiftRightLogical(PairSum(ref a, 2 * i + 16) + PairSum(ref b, 2 * i + 16) + two, 2);
                Store(low, high, fullRange, ref dst, i);
            }
        }

        for (; i < count; i++)
            destination[i] = ScaleChroma((row0[2 * i] + row0[2 * i + 1] + row1[2 * i] + row1[2 * i + 1] + 2) >> 2, fullRange);
    }

    // Sums of neighbouring bytes: lane k = source[offset + 2k] + source[offset + 2k + 1], k = 0 … 7.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<ushort> PairSum(ref byte source, int offset)
    {
        var pairs = Vector128.LoadUnsafe(ref source, (nuint)offset).AsUInt16();
        return (pairs & Vector128.Create((ushort)0x00FF)) + Vector128.ShiftRightLogical(pairs, 8);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(Vector128<ushort> low, Vector128<ushort> high, bool fullRange, ref byte destination, int index)
    {
        if (fullRange)
        {
            low = ScaleChroma(low);
            high = ScaleChroma(high);
        }

        Vector128.Narrow(low, high).StoreUnsafe(ref destination, (nuint)index);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<ushort> ScaleLuma(Vector128<ushort> value) =>
        Vector128.ShiftRightLogical(value * Vector128.Create((ushort)LumaScale) + Vector128.Create((ushort)LumaBias), 8) + Vector128.Create((ushort)LumaOffset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<ushort> ScaleChroma(Vector128<ushort> value) =>
        Vector128.ShiftRightLogical(value * Vector128.Create((ushort)ChromaScale) + Vector128.Create((ushort)ChromaBias), 8);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static byte ScaleChroma(int value, bool fullRange) =>
        (byte)(fullRange ? (value * ChromaScale + ChromaBias) >> 8 : value);
}
