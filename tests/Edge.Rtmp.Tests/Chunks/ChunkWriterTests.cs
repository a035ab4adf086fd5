using System.Buffers;
using Edge.Rtmp.Chunks;
using Edge.Rtmp.Messages;

namespace Edge.Rtmp.Tests.Chunks;

/// <summary>Chunking (RTMP 1.0 section 5.3) against bytes worked out by hand.</summary>
public sealed class ChunkWriterTests
{
    [Fact]
    public void LargeMessage_IsOneType0Chunk_ThenType3Chunks()
    {
        var writer = new ChunkWriter { ChunkSize = 4096 };
        var payload = Pattern(10_000);
        var output = new ArrayBufferWriter<byte>();

        writer.Write(output, 6, 0, RtmpMessageType.Video, 1, payload);

        var bytes = output.WrittenSpan;
        // fmt 0 on csid 6; timestamp 0; length 10000 (0x002710); type 9; stream 1 little-endian.
        Assert.Equal("06" + "000000" + "002710" + "09" + "01000000", Convert.ToHexString(bytes[..12]));
        Assert.True(bytes.Slice(12, 4096).SequenceEqual(payload.AsSpan(0, 4096)));
        Assert.Equal(0xC6, bytes[12 + 4096]); // fmt 3, csid 6
        Assert.True(bytes.Slice(12 + 4096 + 1, 4096).SequenceEqual(payload.AsSpan(4096, 4096)));
        Assert.Equal(0xC6, bytes[12 + 4096 + 1 + 4096]);
        Assert.True(bytes[(12 + 4096 + 1 + 4096 + 1)..].SequenceEqual(payload.AsSpan(8192)));
        Assert.Equal(12 + 10_000 + 2, bytes.Length);
    }

    [Fact]
    public void Headers_AreCompressed_AgainstThePreviousMessageOnTheChunkStream()
    {
        var writer = new ChunkWriter();
        var output = new ArrayBufferWriter<byte>();
        byte[] four = [1, 2, 3, 4];

        writer.Write(output, 4, 1000, RtmpMessageType.Audio, 1, four); // first on the stream: fmt 0
        var type0 = Take(output);
        writer.Write(output, 4, 1023, RtmpMessageType.Audio, 1, four); // same length and type: fmt 2, delta 23
        var type2 = Take(output);
        writer.Write(output, 4, 1046, RtmpMessageType.Audio, 1, four); // same delta as well: fmt 3, header byte only
        var type3 = Take(output);
        writer.Write(output, 4, 1070, RtmpMessageType.Audio, 1, [9, 9]); // new length: fmt 1, delta 24
        var type1 = Take(output);
        writer.Write(output, 4, 1000, RtmpMessageType.Audio, 1, [9, 9]); // back in time: fmt 0
        var backwards = Take(output);
        writer.Write(output, 4, 2000, RtmpMessageType.Audio, 2, [9, 9]); // other message stream: fmt 0
        var otherStream = Take(output);

        Assert.Equal("04" + "0003E8" + "000004" + "08" + "01000000" + "01020304", type0);
        Assert.Equal("84" + "000017" + "01020304", type2);
        Assert.Equal("C4" + "01020304", type3);
        Assert.Equal("44" + "000018" + "000002" + "08" + "0909", type1);
        Assert.Equal("04" + "0003E8" + "000002" + "08" + "01000000" + "0909", backwards);
        Assert.Equal("04" + "0007D0" + "000002" + "08" + "02000000" + "0909", otherStream);
    }

    [Fact]
    public void Type3_NeverFollowsAType0Header_ForANewMessage()
    {
        // After fmt 0 the "previous delta" is ambiguous between servers, so fmt 2 says it explicitly.
        var writer = new ChunkWriter();
        var output = new ArrayBufferWriter<byte>();

        writer.Write(output, 4, 0, RtmpMessageType.Audio, 1, [1]);
        Take(output);
        writer.Write(output, 4, 0, RtmpMessageType.Audio, 1, [1]);

        Assert.Equal("84" + "000000" + "01", Take(output));
    }

    [Theory]
    [InlineData(0xFFFFFEu, false)]
    [InlineData(0xFFFFFFu, true)] // 0xFFFFFF itself means "see the extended field"
    [InlineData(0x12345678u, true)]
    public void TimestampsFrom0xFFFFFF_UseTheExtendedField(uint timestamp, bool extended)
    {
        var writer = new ChunkWriter();
        var output = new ArrayBufferWriter<byte>();

        writer.Write(output, 6, timestamp, RtmpMessageType.Video, 1, [7]);

        var hex = Take(output);
        if (extended)
            Assert.Equal("06" + "FFFFFF" + "000001" + "09" + "01000000" + timestamp.ToString("X8", null) + "07", hex);
        else
            Assert.Equal("06" + timestamp.ToString("X6", null) + "000001" + "09" + "01000000" + "07", hex);
    }

    [Fact]
    public void ExtendedTimestamp_IsRepeatedInEveryType3Chunk()
    {
        var writer = new ChunkWriter { ChunkSize = 128 };
        var output = new ArrayBufferWriter<byte>();
        var payload = Pattern(300);

        writer.Write(output, 6, 0x01000000, RtmpMessageType.Video, 1, payload);

        var bytes = output.WrittenSpan;
        Assert.Equal("06FFFFFF00012C090100000001000000", Convert.ToHexString(bytes[..16]));
        var second = 16 + 128;
        Assert.Equal("C601000000", Convert.ToHexString(bytes.Slice(second, 5)));
        var third = second + 5 + 128;
        Assert.Equal("C601000000", Convert.ToHexString(bytes.Slice(third, 5)));
        Assert.Equal(third + 5 + 44, bytes.Length);
    }

    [Fact]
    public void ExtendedDelta_UsesTheExtendedField_InAType2Header()
    {
        var writer = new ChunkWriter();
        var output = new ArrayBufferWriter<byte>();
        writer.Write(output, 6, 0, RtmpMessageType.Video, 1, [1]);
        Take(output);

        writer.Write(output, 6, 0x01000000, RtmpMessageType.Video, 1, [2]);

        Assert.Equal("86" + "FFFFFF" + "01000000" + "02", Take(output));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(64)]
    public void OnlyOneByteChunkStreamIds_FromTwo_AreWritten(int chunkStreamId)
    {
        var writer = new ChunkWriter();

        Assert.Throws<ArgumentOutOfRangeException>(() => writer.Write(new ArrayBufferWriter<byte>(), chunkStreamId, 0, RtmpMessageType.Video, 1, [1]));
    }

    internal static byte[] Pattern(int length) => Enumerable.Range(0, length).Select(i => (byte)(i * 7)).ToArray();

    private static string Take(ArrayBufferWriter<byte> output)
    {
        var hex = Convert.ToHexString(output.WrittenSpan);
        output.ResetWrittenCount();
        return hex;
    }
}
