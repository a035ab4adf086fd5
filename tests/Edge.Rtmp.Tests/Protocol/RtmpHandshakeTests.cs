using System.Buffers.Binary;
using Edge.Rtmp.Handshake;
using Edge.Rtmp.Tests.Support;

namespace Edge.Rtmp.Tests.Protocol;

/// <summary>The client side of the plain handshake (RTMP 1.0 section 5.2).</summary>
public sealed class RtmpHandshakeTests
{
    [Fact]
    public void C0C1_IsVersion3_Time_FourZeros_AndRandomBytes()
    {
        var first = new byte[1537];
        var second = new byte[1537];

        RtmpHandshake.WriteC0C1(first, 0x01020304);
        RtmpHandshake.WriteC0C1(second, 0);

        Assert.Equal(3, first[0]);
        Assert.Equal("01020304" + "00000000", Convert.ToHexString(first.AsSpan(1, 8)));
        Assert.False(first.AsSpan(9).SequenceEqual(second.AsSpan(9)), "the random part must differ between connections");
    }

    [Fact]
    public void C2_EchoesS1sTimeAndRandomBytes_WithOurReadTime()
    {
        var s1 = ChunksPattern();
        var c2 = new byte[1536];

        RtmpHandshake.WriteC2(c2, s1, 42);

        Assert.Equal(BinaryPrimitives.ReadUInt32BigEndian(s1), BinaryPrimitives.ReadUInt32BigEndian(c2));
        Assert.Equal(42u, BinaryPrimitives.ReadUInt32BigEndian(c2.AsSpan(4)));
        Assert.True(c2.AsSpan(8).SequenceEqual(s1.AsSpan(8)));
    }

    [Theory]
    [InlineData(3, null)]
    [InlineData(0x16, "rtmps://")]
    [InlineData((byte)'H', "HTTP")]
    [InlineData(6, "version 6")]
    public void BadS0_IsExplained(byte s0, string? expected)
    {
        var problem = RtmpHandshake.DescribeBadS0(s0);

        if (expected is null)
            Assert.Null(problem);
        else
            Assert.Contains(expected, problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Handshake_WithAServer_EchoesItsS1InC2()
    {
        using var server = ScriptedRtmpServer.Start();
        using var client = new System.Net.Sockets.TcpClient();
        await client.ConnectAsync(System.Net.IPAddress.Loopback, server.Port);
        var accept = server.AcceptAsync();

        await RtmpHandshake.PerformAsync(client.GetStream(), TimeProvider.System, "rtmp://test/****", CancellationToken.None);
        await using var session = await accept;

        Assert.Equal(0u, BinaryPrimitives.ReadUInt32BigEndian(session.C1.AsSpan(4))); // plain handshake: no digest version
        Assert.Equal(BinaryPrimitives.ReadUInt32BigEndian(session.S1), BinaryPrimitives.ReadUInt32BigEndian(session.C2));
        Assert.True(session.C2.AsSpan(8).SequenceEqual(session.S1.AsSpan(8)));
    }

    private static byte[] ChunksPattern() => Enumerable.Range(0, 1536).Select(i => (byte)(i * 13 + 1)).ToArray();
}
