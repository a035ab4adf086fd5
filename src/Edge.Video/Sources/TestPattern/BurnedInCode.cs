using System.Buffers.Binary;

namespace Edge.Video.Sources.TestPattern;

/// <summary>
/// A machine-readable stamp burned into the top-left corner of a picture: the frame number and the
/// capture time, drawn as large black and white luma blocks that survive H.264 at ordinary bitrates,
/// so a test can decode a stream and check every picture's identity and age.
/// </summary>
/// <remarks>
/// <para>Layout: a grid of 16 × 7 blocks of <see cref="GetBlockSize"/> pixels at (0, 0), each one
/// bit (white = 1, black = 0), rows read left to right, most significant bit first:</para>
/// <list type="table">
/// <item><term>row 0</term><description>the marker 0xB38E, which tells a stamped picture from any other</description></item>
/// <item><term>rows 1–2</term><description>the frame number, low 32 bits</description></item>
/// <item><term>rows 3–5</term><description>the capture time, low 48 bits of monotonic microseconds (wraps after 8.9 years)</description></item>
/// <item><term>row 6</term><description>CRC-16/CCITT-FALSE of the 12 bytes above (marker, number, time; big-endian)</description></item>
/// </list>
/// <para>Chroma under the stamp is neutral grey so colour bleeding cannot shift luma. A reader
/// averages the centre quarter of each block and thresholds at mid-grey (128); a wrong marker
/// or checksum rejects the picture rather than returning a wrong value.</para>
/// </remarks>
public static class BurnedInCode
{
    /// <summary>Blocks per row of the stamp.</summary>
    public const int Columns = 16;

    /// <summary>Rows of blocks in the stamp.</summary>
    public const int Rows = 7;

    /// <summary>Mask of the capture time field (48 bits).</summary>
    public const long CaptureMicrosMask = (1L << 48) - 1;

    /// <summary>Mask of the frame number field (32 bits).</summary>
    public const long FrameNumberMask = 0xFFFF_FFFFL;

    private const ushort Marker = 0xB38E;
    private const byte Black = 16;
    private const byte White = 235;
    private const int Threshold = 128;
    private const int PayloadBytes = 12;

    /// <summary>
    /// The side of one block in pixels for a picture of this size: 16 from 640x360 up, 8 from
    /// 128x56, 4 from 64x28; 0 when the picture is too small to carry a stamp.
    /// </summary>
    public static int GetBlockSize(int width, int height) =>
        width >= 640 && height >= 360 ? 16
        : width >= Columns * 8 && height >= Rows * 8 ? 8
        : width >= Columns * 4 && height >= Rows * 4 ? 4
        : 0;

    /// <summary>Stamps <paramref name="frame"/> with the given frame number and capture time.</summary>
    /// <returns>False when the frame is too small to carry a stamp.</returns>
    public static bool Write(VideoFrame frame, long frameNumber, long captureMicros)
    {
        ArgumentNullException.ThrowIfNull(frame);
        return Write(frame.PlaneY, frame.StrideY, frame.PlaneU, frame.PlaneV, frame.StrideUV, frame.Width, frame.Height, frameNumber, captureMicros);
    }

    /// <summary>Stamps raw I420 planes; see <see cref="Write(VideoFrame, long, long)"/>.</summary>
    public static bool Write(Span<byte> planeY, int strideY, Span<byte> planeU, Span<byte> planeV, int strideUV,
        int width, int height, long frameNumber, long captureMicros)
    {
        var block = GetBlockSize(width, height);
        if (block == 0)
            return false;

        Span<byte> payload = stackalloc byte[PayloadBytes + 2];
        Encode(payload, frameNumber, captureMicros);

        var stampWidth = Columns * block;
        Span<byte> row = stackalloc byte[stampWidth];
        for (var r = 0; r < Rows; r++)
        {
            for (var c = 0; c < Columns; c++)
            {
                var bitIndex = r * Columns + c;
                var bit = (payload[bitIndex >> 3] >> (7 - (bitIndex & 7))) & 1;
                row.Slice(c * block, block).Fill(bit != 0 ? White : Black);
            }

            for (var y = r * block; y < (r + 1) * block; y++)
                row.CopyTo(planeY.Slice(y * strideY, stampWidth));
        }

        var chromaWidth = stampWidth / 2;
        for (var y = 0; y < Rows * block / 2; y++)
        {
            planeU.Slice(y * strideUV, chromaWidth).Fill(128);
            planeV.Slice(y * strideUV, chromaWidth).Fill(128);
        }

        return true;
    }

    /// <summary>
    /// Reads the stamp from a decoded picture's luma plane (8-bit, e.g. ffmpeg's <c>-pix_fmt gray</c>).
    /// </summary>
    /// <returns>
    /// True with the frame number (low 32 bits) and capture time (low 48 bits of microseconds) when
    /// the marker and checksum match; false for a picture without a valid stamp.
    /// </returns>
    public static bool TryRead(ReadOnlySpan<byte> lumaPlane, int width, int height, int stride, out long frameNumber, out long captureMicros)
    {
        frameNumber = 0;
        captureMicros = 0;
        var block = GetBlockSize(width, height);
        if (block == 0 || stride < width)
            return false;
        if (lumaPlane.Length < (Rows * block - 1) * stride + Columns * block)
            return false;

        Span<byte> payload = stackalloc byte[PayloadBytes + 2];
        payload.Clear();
        var inset = block / 4;
        var sample = block / 2;
        for (var r = 0; r < Rows; r++)
        {
            for (var c = 0; c < Columns; c++)
            {
                var sum = 0;
                for (var y = r * block + inset; y < r * block + inset + sample; y++)
                {
                    var line = lumaPlane.Slice(y * stride + c * block + inset, sample);
                    foreach (var v in line)
                        sum += v;
                }

                if (sum >= Threshold * sample * sample)
                {
                    var bitIndex = r * Columns + c;
                    payload[bitIndex >> 3] |= (byte)(0x80 >> (bitIndex & 7));
                }
            }
        }

        if (BinaryPrimitives.ReadUInt16BigEndian(payload) != Marker)
            return false;
        if (BinaryPrimitives.ReadUInt16BigEndian(payload[PayloadBytes..]) != Crc16(payload[..PayloadBytes]))
            return false;

        frameNumber = BinaryPrimitives.ReadUInt32BigEndian(payload[2..]);
        captureMicros = (long)BinaryPrimitives.ReadUInt64BigEndian(payload[4..]) & CaptureMicrosMask;
        return true;
    }

    private static void Encode(Span<byte> payload, long frameNumber, long captureMicros)
    {
        BinaryPrimitives.WriteUInt16BigEndian(payload, Marker);
        BinaryPrimitives.WriteUInt32BigEndian(payload[2..], (uint)(frameNumber & FrameNumberMask));
        var micros = (ulong)(captureMicros & CaptureMicrosMask);
        // 48 bits big-endian in bytes 6..11.
        BinaryPrimitives.WriteUInt16BigEndian(payload[6..], (ushort)(micros >> 32));
        BinaryPrimitives.WriteUInt32BigEndian(payload[8..], (uint)micros);
        BinaryPrimitives.WriteUInt16BigEndian(payload[PayloadBytes..], Crc16(payload[..PayloadBytes]));
    }

    // CRC-16/CCITT-FALSE: polynomial 0x1021, initial value 0xFFFF, no reflection.
    private static ushort Crc16(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFF;
        foreach (var b in data)
        {
            crc ^= b << 8;
            for (var i = 0; i < 8; i++)
                crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
            crc &= 0xFFFF;
        }

        return (ushort)crc;
    }
}
