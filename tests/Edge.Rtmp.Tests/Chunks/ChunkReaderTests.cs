using System.Buffers;
using Edge.Rtmp.Chunks;
using Edge.Rtmp.Messages;

namespace Edge.Rtmp.Tests.Chunks;

/// <summary>Reassembly of incoming chunks (RTMP 1.0 section 5.3) from hand-built bytes.</summary>
public sealed class ChunkReaderTests
{
    [Fact]
    public void InterleavedChunkStreams_AreReassembledIntoTheirOwnMessages()
    {
        // Message A (csid 4, 200 bytes) and B (csid 6, 150 bytes), 128-byte chunks, interleaved A1 B1 A2 B2.
        var a = ChunkWriterTests.Pattern(200);
        var b = Enumerable.Repeat((byte)0xBB, 150).ToArray();
        var bytes = Concat(
            Hex("04" + "000064" + "0000C8" + "08" + "01000000"), a[..128],
            Hex("06" + "0000C8" + "000096" + "09" + "01000000"), b[..128],
            Hex("C4"), a[128..],
            Hex("C6"), b[128..]);

        var messages = ReadAll(new ChunkReader(), bytes);

        Assert.Equal(2, messages.Count);
        Assert.Equal((4, 100u, RtmpMessageType.Audio), (messages[0].ChunkStreamId, messages[0].Header.Timestamp, messages[0].Header.Type));
        Assert.Equal(a, messages[0].Payload);
        Assert.Equal((6, 200u, RtmpMessageType.Video), (messages[1].ChunkStreamId, messages[1].Header.Timestamp, messages[1].Header.Type));
        Assert.Equal(b, messages[1].Payload);
    }

    [Fact]
    public void SetChunkSize_AppliesToTheVeryNextChunk()
    {
        var big = ChunkWriterTests.Pattern(300);
        var bytes = Concat(
            Hex("02" + "000000" + "000004" + "01" + "00000000" + "00001000"), // Set Chunk Size 4096
            Hex("03" + "000000" + "00012C" + "14" + "00000000"), big); // 300 bytes in one chunk

        var reader = new ChunkReader();
        var messages = ReadAll(reader, bytes);

        Assert.Equal(4096, reader.ChunkSize);
        Assert.Equal(RtmpMessageType.SetChunkSize, messages[0].Header.Type);
        Assert.Equal(big, messages[1].Payload);
    }

    [Fact]
    public void Type1To3Headers_AddDeltasToThePreviousTimestamp()
    {
        var bytes = Concat(
            Hex("04" + "0003E8" + "000001" + "08" + "01000000" + "AA"), // 1000
            Hex("84" + "000014" + "BB"), // fmt 2: +20 = 1020
            Hex("C4" + "CC"), // fmt 3, new message: +20 again = 1040
            Hex("44" + "00000A" + "000002" + "08" + "DDDD"), // fmt 1: +10 = 1050, length 2
            Hex("C4" + "EEEE")); // fmt 3: +10 = 1060

        var messages = ReadAll(new ChunkReader(), bytes);

        Assert.Equal([1000u, 1020u, 1040u, 1050u, 1060u], messages.Select(m => m.Header.Timestamp));
        Assert.All(messages, m => Assert.Equal(1u, m.Header.StreamId));
        Assert.Equal([0xEE, 0xEE], messages[4].Payload);
    }

    [Fact]
    public void Type3AfterType0_RepeatsTheTimestamp_AsNginxRtmpMeansIt()
    {
        var bytes = Concat(Hex("03" + "000064" + "000001" + "14" + "00000000" + "01"), Hex("C3" + "02"));

        var messages = ReadAll(new ChunkReader(), bytes);

        Assert.Equal([100u, 100u], messages.Select(m => m.Header.Timestamp));
    }

    [Fact]
    public void ExtendedTimestamp_IsReadInTheHeader_AndInType3Continuations()
    {
        var payload = ChunkWriterTests.Pattern(200);
        var bytes = Concat(
            Hex("06" + "FFFFFF" + "0000C8" + "09" + "01000000" + "01000000"), payload[..128],
            Hex("C6" + "01000000"), payload[128..]);

        var message = Assert.Single(ReadAll(new ChunkReader(), bytes));

        Assert.Equal(0x01000000u, message.Header.Timestamp);
        Assert.Equal(payload, message.Payload);
    }

    [Theory]
    [InlineData("00" + "00", 64)] // two-byte basic header: 64 + 0
    [InlineData("00" + "FF", 319)] // 64 + 255
    [InlineData("01" + "0001", 320)] // three-byte basic header: 64 + 0 + 1 * 256
    [InlineData("01" + "FFFF", 65599)] // the largest chunk stream id
    public void LongBasicHeaders_CarryChunkStreamIdsFrom64(string basicHeader, int expected)
    {
        var bytes = Hex(basicHeader + "000000" + "000001" + "14" + "00000000" + "05");

        var message = Assert.Single(ReadAll(new ChunkReader(), bytes));

        Assert.Equal(expected, message.ChunkStreamId);
    }

    [Fact]
    public void Parsing_ResumesAcrossAnySplit_OfTheInput()
    {
        var writer = new ChunkWriter { ChunkSize = 50 };
        var output = new ArrayBufferWriter<byte>();
        writer.Write(output, 6, 0x01000000, RtmpMessageType.Video, 1, ChunkWriterTests.Pattern(333));
        writer.Write(output, 4, 5, RtmpMessageType.Audio, 1, [1, 2, 3]);
        writer.Write(output, 6, 0x01000028, RtmpMessageType.Video, 1, ChunkWriterTests.Pattern(333));
        var bytes = output.WrittenSpan.ToArray();

        // One byte at a time: every split point, with nothing consumed until a chunk is whole.
        var reader = new ChunkReader { };
        SetChunkSize(reader, 50);
        var messages = new List<(RtmpMessageHeader Header, byte[] Payload)>();
        var pending = new List<byte>();
        foreach (var b in bytes)
        {
            pending.Add(b);
            var buffer = new ReadOnlySequence<byte>(pending.ToArray());
            while (reader.TryReadMessage(ref buffer, out var message))
                messages.Add((message.Header, message.Payload.ToArray()));
            pending = buffer.ToArray().ToList();
        }

        Assert.Empty(pending);
        Assert.Equal([0x01000000u, 5u, 0x01000028u], messages.Select(m => m.Header.Timestamp));
        Assert.Equal(ChunkWriterTests.Pattern(333), messages[2].Payload);
    }

    [Fact]
    public void Abort_DiscardsThePartlyReceivedMessage()
    {
        var bytes = Concat(
            Hex("06" + "000000" + "0000C8" + "09" + "01000000"), new byte[128], // first chunk of a 200-byte message
            Hex("02" + "000000" + "000004" + "02" + "00000000" + "00000006"), // Abort chunk stream 6
            Hex("06" + "000000" + "000001" + "09" + "01000000" + "77")); // a new one-byte message on 6

        var messages = ReadAll(new ChunkReader(), bytes);

        Assert.Equal(RtmpMessageType.Abort, messages[0].Header.Type);
        Assert.Equal([0x77], messages[1].Payload);
    }

    [Fact]
    public void Refuses_AMessageLargerThanTheLimit()
    {
        var bytes = Hex("06" + "000000" + "FFFFFF" + "09" + "01000000");

        Assert.Throws<InvalidDataException>(() => ReadAll(new ChunkReader(), bytes));
    }

    [Fact]
    public void Refuses_ANewChunkStreamThatDoesNotStartWithType0()
    {
        Assert.Throws<InvalidDataException>(() => ReadAll(new ChunkReader(), Hex("86" + "000014" + "00")));
    }

    [Fact]
    public void Refuses_TooManyChunkStreams()
    {
        var bytes = Enumerable.Range(3, ChunkReader.MaxChunkStreams + 1)
            .SelectMany(id => Hex("00" + ((byte)(id - 3)).ToString("X2", null) + "000000" + "000001" + "14" + "00000000" + "00"))
            .ToArray();

        Assert.Throws<InvalidDataException>(() => ReadAll(new ChunkReader(), bytes));
    }

    private static void SetChunkSize(ChunkReader reader, int size)
    {
        var buffer = new ReadOnlySequence<byte>(Hex("02" + "000000" + "000004" + "01" + "00000000" + size.ToString("X8", null)));
        Assert.True(reader.TryReadMessage(ref buffer, out _));
    }

    private static List<(int ChunkStreamId, RtmpMessageHeader Header, byte[] Payload)> ReadAll(ChunkReader reader, byte[] bytes)
    {
        var buffer = new ReadOnlySequence<byte>(bytes);
        var messages = new List<(int, RtmpMessageHeader, byte[])>();
        while (reader.TryReadMessage(ref buffer, out var message))
            messages.Add((message.ChunkStreamId, message.Header, message.Payload.ToArray()));
        Assert.Equal(0, buffer.Length);
        return messages;
    }

    private static byte[] Hex(string hex) => Convert.FromHexString(hex);

    private static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();
}
