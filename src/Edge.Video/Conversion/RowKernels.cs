using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Edge.Video.Conversion;

/// <summary>
/// The per-row loops of <see cref="I420Converter"/>: a 128-bit vector body (when the hardware
/// accelerates <see cref="Vector128"/>: SSE2 on x86-64, AdvSimd on arm64) and a scalar tail that
/// also serves targets without it (armhf). Bounds are checked once per row, up front.
/// </summary>
internal static class RowKernels
{
    /// <summary>Splits interleaved pairs (NV12's CbCr) into two rows: first[i] = source[2i], second[i] = source[2i+1].</summary>
    public static void Deinterleave(ReadOnlySpan<byte> source, Span<byte> first, Span<byte> second)
    {
        var count = first.Length;
        if (second.Length < count || source.Length < 2 * count)
            throw new ArgumentException("Deinterleave: rows too short.");
        var i = 0;
        if (Vector128.IsHardwareAccelerated && count >= 16)
        {
            ref var src = ref MemoryMarshal.GetReference(source);
            ref var a = ref MemoryMarshal.GetReference(first);
            ref var b = ref MemoryMarshal.GetReference(second);
            var low = Vector128.Create((ushort)0x00FF);
            for (; i + 16 <= count; i += 16)
            {
                var v0 = Vector128.LoadUnsafe(ref src, (nuint)(2 * i)).AsUInt16();
                var v1 = Vector128.LoadUnsafe(ref src, (nuint)(2 * i + 16)).AsUInt16();
                Vector128.Narrow(v0 & low, v1 & low).StoreUnsafe(ref a, (nuint)i);
                Vector128.Narrow(Vector128.ShiftRightLogical(v0, 8), Vector128.ShiftRightLogical(v1, 8)).StoreUnsafe(ref b, (nuint)i);
            }
        }

        for (; i < count; i++)
        {
            first[i] = source[2 * i];
            second[i] = source[2 * i + 1];
        }
    }

    /// <summary>Interleaves two rows into pairs (I420 → NV12's CbCr): destination[2i] = first[i], destination[2i+1] = second[i].</summary>
    public static void Interleave(ReadOnlySpan<byte> first, ReadOnlySpan<byte> second, Span<byte> destination)
    {
        var count = first.Length;
        if (second.Length < count || destination.Length < 2 * count)
            throw new ArgumentException("Interleave: rows too short.");
        var i = 0;
        if (Vector128.IsHardwareAccelerated && count >= 16)
        {
            ref var a = ref MemoryMarshal.GetReference(first);
            ref var b = ref MemoryMarshal.GetReference(second);
            ref var dst = ref MemoryMarshal.GetReference(destination);
            for (; i + 16 <= count; i += 16)
            {
                var va = Vector128.LoadUnsafe(ref a, (nuint)i);
                var vb = Vector128.LoadUnsafe(ref b, (nuint)i);
                var low = Vector128.WidenLower(va) | Vector128.ShiftLeft(Vector128.WidenLower(vb), 8);
                var high = Vector128.WidenUpper(va) | Vector128.ShiftLeft(Vector128.WidenUpper(vb), 8);
                low.AsByte().StoreUnsafe(ref dst, (nuint)(2 * i));
                high.AsByte().StoreUnsafe(ref dst, (nuint)(2 * i + 16));
            }
        }

        for (; i < count; i++)
        {
            destination[2 * i] = first[i];
            destination[2 * i + 1] = second[i];
        }
    }

    /// <summary>
    /// Two rows of packed 4:2:2 (YUYV when <paramref name="lumaFirst"/>, else UYVY) into two luma
    /// rows and one row each of Cb and Cr, the chroma averaged (rounded) over the two rows.
    /// </summary>
    public static void PackedRowPair(ReadOnlySpan<byte> row0, ReadOnlySpan<byte> row1, Span<byte> y0, Span<byte> y1, Span<byte> u, Span<byte> v, bool lumaFirst)
    {
        var width = y0.Length;
        if (y1.Length < width || row0.Length < 2 * width || row1.Length < 2 * width || u.Length < width / 2 || v.Length < width / 2)
            throw new ArgumentException("PackedRowPair: rows too short.");
        var i = 0; // pixel index, even
        if (Vector128.IsHardwareAccelerated && width >= 32)
        {
            ref var r0 = ref MemoryMarshal.GetReference(row0);
            ref var r1 = ref MemoryMarshal.GetReference(row1);
            ref var dy0 = ref MemoryMarshal.GetReference(y0);
            ref var dy1 = ref MemoryMarshal.GetReference(y1);
            ref var du = ref MemoryMarshal.GetReference(u);
            ref var dv = ref MemoryMarshal.GetReference(v);
            for (; i + 32 <= width; i += 32)
            {
                var offset = (nuint)(2 * i);
                PackedBlock(ref r0, ref r1, offset, lumaFirst, out var luma0a, out var luma0b, out var luma1a, out var luma1b, out var chromaA, out var chromaB);
                luma0a.StoreUnsafe(ref dy0, (nuint)i);
                luma0b.StoreUnsafe(ref dy0, (nuint)(i + 16));
                luma1a.StoreUnsafe(ref dy1, (nuint)i);
                luma1b.StoreUnsafe(ref dy1, (nuint)(i + 16));

                // chromaA/B hold Cb0 Cr0 Cb1 Cr1 … for pixels i..i+31: split them.
                var pa = chromaA.AsUInt16();
                var pb = chromaB.AsUInt16();
                var low = Vector128.Create((ushort)0x00FF);
                Vector128.Narrow(pa & low, pb & low).StoreUnsafe(ref du, (nuint)(i / 2));
                Vector128.Narrow(Vector128.ShiftRightLogical(pa, 8), Vector128.ShiftRightLogical(pb, 8)).StoreUnsafe(ref dv, (nuint)(i / 2));
            }
        }

        var lumaAt = lumaFirst ? 0 : 1;
        var cbAt = lumaFirst ? 1 : 0;
        var crAt = lumaFirst ? 3 : 2;
        for (; i + 1 < width; i += 2)
        {
            var p = 2 * i;
            y0[i] = row0[p + lumaAt];
            y0[i + 1] = row0[p + 2 + lumaAt];
            y1[i] = row1[p + lumaAt];
            y1[i + 1] = row1[p + 2 + lumaAt];
            u[i / 2] = (byte)((row0[p + cbAt] + row1[p + cbAt] + 1) >> 1);
            v[i / 2] = (byte)((row0[p + crAt] + row1[p + crAt] + 1) >> 1);
        }
    }

    // 64 bytes (32 pixels) of each of two packed rows: the four luma vectors and the row-averaged
    // interleaved chroma (32 bytes: Cb Cr pairs for 16 pixel pairs).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void PackedBlock(ref byte r0, ref byte r1, nuint offset, bool lumaFirst,
        out Vector128<byte> luma0a, out Vector128<byte> luma0b, out Vector128<byte> luma1a, out Vector128<byte> luma1b,
        out Vector128<byte> chromaA, out Vector128<byte> chromaB)
    {
        var low = Vector128.Create((ushort)0x00FF);
        var one = Vector128.Create((ushort)1);

        var a0 = Vector128.LoadUnsafe(ref r0, offset).AsUInt16();
        var b0 = Vector128.LoadUnsafe(ref r0, offset + 16).AsUInt16();
        var c0 = Vector128.LoadUnsafe(ref r0, offset + 32).AsUInt16();
        var d0 = Vector128.LoadUnsafe(ref r0, offset + 48).AsUInt16();
        var a1 = Vector128.LoadUnsafe(ref r1, offset).AsUInt16();
        var b1 = Vector128.LoadUnsafe(ref r1, offset + 16).AsUInt16();
        var c1 = Vector128.LoadUnsafe(ref r1, offset + 32).AsUInt16();
        var d1 = Vector128.LoadUnsafe(ref r1, offset + 48).AsUInt16();

        Vector128<ushort> Luma(Vector128<ushort> x) => lumaFirst ? x & low : Vector128.ShiftRightLogical(x, 8);
        Vector128<ushort> Chroma(Vector128<ushort> x) => lumaFirst ? Vector128.ShiftRightLogical(x, 8) : x & low;

        luma0a = Vector128.Narrow(Luma(a0), Luma(b0));
        luma0b = Vector128.Narrow(Luma(c0), Luma(d0));
        luma1a = Vector128.Narrow(Luma(a1), Luma(b1));
        luma1b = Vector128.Narrow(Luma(c1), Luma(d1));

        var avgA = Vector128.ShiftRightLogical(Chroma(a0) + Chroma(a1) + one, 1);
        var avgB = Vector128.ShiftRightLogical(Chroma(b0) + Chroma(b1) + one, 1);
        var avgC = Vector128.ShiftRightLogical(Chroma(c0) + Chroma(c1) + one, 1);
        var avgD = Vector128.ShiftRightLogical(Chroma(d0) + Chroma(d1) + one, 1);
        chromaA = Vector128.Narrow(avgA, avgB);
        chromaB = Vector128.Narrow(avgC, avgD);
    }
}
