using System.Buffers.Binary;
using System.Diagnostics;
using System.Reflection;
using Edge.Rtmp.Amf;
using Edge.Rtmp.Client;
using Edge.Rtmp.Messages;
using Edge.Rtmp.Tests.Support;

namespace Edge.Rtmp.Tests.Client;

/// <summary>The publisher against a scripted server: the commands it sends, the protocol control it answers, the refusals it explains.</summary>
public sealed class RtmpPublisherTests
{
    private const string Key = "live_9f8e7d6c5b4a?token=s3cr3tvalue";

    [Fact]
    public async Task Connect_CarriesTheFieldsIngestServersCheck_AndPublishTheWholeKey()
    {
        using var server = ScriptedRtmpServer.Start();
        var url = Url(server.Url($"live/sub/{Key}"));
        var publishing = RtmpPublisher.PublishAsync(Options(url));
        await using var session = await server.AcceptAsync();

        var (connect, publish) = await session.AcceptPublishAsync();
        await using var publisher = await publishing;

        var first = session.Received[0];
        Assert.Equal(RtmpMessageType.SetChunkSize, first.Header.Type); // before anything else, so every later message may use it
        Assert.Equal(4096, BinaryPrimitives.ReadInt32BigEndian(first.Payload));
        Assert.Equal(1, connect.TransactionId);
        Assert.Equal("live/sub", connect.CommandObject.GetString("app"));
        Assert.Equal("nonprivate", connect.CommandObject.GetString("type"));
        Assert.Equal("FMLE/3.0 (compatible; Edge)", connect.CommandObject.GetString("flashVer"));
        Assert.Equal($"rtmp://127.0.0.1:{server.Port}/live/sub", connect.CommandObject.GetString("tcUrl"));
        Assert.Equal(Key, publish.Arguments[0].String);
        Assert.Equal("live", publish.Arguments[1].String);
        var commands = session.Received.Where(m => m.Header.Type == RtmpMessageType.CommandAmf0)
            .Select(m => RtmpCommand.Parse(m.Payload, false)).ToList();
        Assert.Equal(["connect", "releaseStream", "FCPublish", "createStream", "publish"], commands.Select(c => c.Name));
        Assert.Equal(Key, commands[1].Arguments[0].String);
        Assert.Equal(Key, commands[2].Arguments[0].String);
        Assert.Equal(1u, session.Received.Last().Header.StreamId); // publish goes on the stream createStream gave
        Assert.Equal(1u, publisher.StreamId);
    }

    [Fact]
    public async Task Media_IsMetadata_SequenceHeaders_ThenFrames_WithMillisecondTimestampsFromZero()
    {
        using var server = ScriptedRtmpServer.Start();
        var publishing = RtmpPublisher.PublishAsync(Options(Url(server.Url($"live/{Key}"))) with { Audio = RtmpAudio.Silent });
        await using var session = await server.AcceptAsync();
        await session.AcceptPublishAsync();
        await using var publisher = await publishing;
        session.Received.Clear();

        var key = SyntheticUnits.Keyframe(900_000);
        var next = SyntheticUnits.Interframe(900_000 + 3600);
        await publisher.SendAsync(key);
        await publisher.SendAsync(next);
        key.Release();
        next.Release();
        for (var i = 0; i < 7; i++) // data, video header, audio header, 1 audio frame, video, 2 audio frames, video
            await session.ReadMessageAsync();

        var messages = session.Received.Select(m => (m.Header.Type, m.Header.Timestamp, Head: Convert.ToHexString(m.Payload.AsSpan(0, 2)))).ToList();
        Assert.Equal((RtmpMessageType.DataAmf0, 0u), (messages[0].Type, messages[0].Timestamp));
        Assert.Equal((RtmpMessageType.Video, 0u, "1700"), messages[1]); // AVC sequence header
        Assert.Equal((RtmpMessageType.Audio, 0u, "AF00"), messages[2]); // AAC sequence header
        Assert.Equal((RtmpMessageType.Audio, 0u, "AF01"), messages[3]);
        Assert.Equal((RtmpMessageType.Video, 0u, "1701"), messages[4]); // keyframe NALU
        Assert.Equal((RtmpMessageType.Audio, 23u, "AF01"), messages[5]);
        Assert.Equal((RtmpMessageType.Video, 40u, "2701"), messages[6]); // audio at 46 ms is not due yet
        Assert.All(session.Received, m => Assert.Equal(1u, m.Header.StreamId));
        Assert.Equal(2, publisher.VideoFramesSent);
    }

    [Fact]
    public async Task ChangedParameterSets_SendANewSequenceHeader_BeforeTheKeyframe()
    {
        using var server = ScriptedRtmpServer.Start();
        var publishing = RtmpPublisher.PublishAsync(Options(Url(server.Url($"live/{Key}"))));
        await using var session = await server.AcceptAsync();
        await session.AcceptPublishAsync();
        await using var publisher = await publishing;

        await SendAndRelease(publisher, SyntheticUnits.Keyframe(0));
        await SendAndRelease(publisher, SyntheticUnits.Keyframe(3600)); // same SPS/PPS: no new header
        await SendAndRelease(publisher, SyntheticUnits.Interframe(7200));
        var changed = Convert.FromHexString("000000016764001eacd940a02ff9701100000303e90000ea600f162d96" + "0000000168ebe3cb22c0" + "0000000165AABB");
        await SendAndRelease(publisher, Edge.Media.AccessUnit.CopyOf(changed, 0, 10_800, true, 4));
        for (var i = 0; i < 7; i++)
            await session.ReadMessageAsync();

        var video = session.Received.Where(m => m.Header.Type == RtmpMessageType.Video).Select(m => Convert.ToHexString(m.Payload.AsSpan(0, 2))).ToList();
        Assert.Equal(["1700", "1701", "1701", "2701", "1700", "1701"], video);
    }

    [Fact]
    public async Task FramesBeforeTheFirstKeyframe_AreSkipped()
    {
        using var server = ScriptedRtmpServer.Start();
        var publishing = RtmpPublisher.PublishAsync(Options(Url(server.Url($"live/{Key}"))));
        await using var session = await server.AcceptAsync();
        await session.AcceptPublishAsync();
        await using var publisher = await publishing;

        await SendAndRelease(publisher, SyntheticUnits.Interframe(0));

        Assert.Equal(1, publisher.FramesSkipped);
        Assert.Equal(0, publisher.VideoFramesSent);
    }

    [Fact]
    public async Task PingRequest_IsAnsweredWithAPingResponse()
    {
        using var server = ScriptedRtmpServer.Start();
        var publishing = RtmpPublisher.PublishAsync(Options(Url(server.Url($"live/{Key}"))));
        await using var session = await server.AcceptAsync();
        await session.AcceptPublishAsync();
        await using var publisher = await publishing;

        await session.SendPingRequestAsync(0x12345678);

        var (header, payload) = await session.ReadMessageAsync();
        Assert.Equal(RtmpMessageType.UserControl, header.Type);
        Assert.Equal("0007" + "12345678", Convert.ToHexString(payload)); // PingResponse with the request's timestamp
    }

    [Fact]
    public async Task AcknowledgementIsSent_WhenTheServersWindowIsCrossed_AndPeerBandwidthIsAnswered()
    {
        using var server = ScriptedRtmpServer.Start();
        var publishing = RtmpPublisher.PublishAsync(Options(Url(server.Url($"live/{Key}"))));
        await using var session = await server.AcceptAsync();
        await session.SendWindowAcknowledgementSizeAsync(200);
        await session.SendSetPeerBandwidthAsync(2_500_000, PeerBandwidthLimit.Dynamic);
        await session.SendSetChunkSizeAsync(4096);
        await session.AcceptPublishAsync();
        await using var publisher = await publishing;
        // Window size 12+4, bandwidth 12+5, chunk size 12+4, _result 12+~60, _result 12+~30, onStatus 12+~80: past 200 bytes.

        var received = session.Received.Where(m => m.Header.Type is RtmpMessageType.Acknowledgement or RtmpMessageType.WindowAcknowledgementSize).ToList();
        while (!received.Any(m => m.Header.Type == RtmpMessageType.Acknowledgement))
            received.Add(await session.ReadMessageAsync());

        var window = received.First(m => m.Header.Type == RtmpMessageType.WindowAcknowledgementSize);
        Assert.Equal(2_500_000u, BinaryPrimitives.ReadUInt32BigEndian(window.Payload));
        var acknowledged = BinaryPrimitives.ReadUInt32BigEndian(received.First(m => m.Header.Type == RtmpMessageType.Acknowledgement).Payload);
        Assert.InRange(acknowledged, 200u, 1000u);
    }

    [Fact]
    public async Task ConnectRefused_WithAnError_IsExplained_WithoutTheKey()
    {
        using var server = ScriptedRtmpServer.Start();
        var publishing = RtmpPublisher.PublishAsync(Options(Url(server.Url($"live/{Key}"))));
        await using var session = await server.AcceptAsync();
        var connect = await session.ReadCommandAsync("connect");
        await session.SendCommandAsync(0, amf =>
        {
            amf.WriteString("_error");
            amf.WriteNumber(connect.TransactionId);
            amf.WriteNull();
            amf.WriteObjectStart();
            amf.WriteProperty("level", "error");
            amf.WriteProperty("code", "NetConnection.Connect.Rejected");
            amf.WriteProperty("description", $"Connection rejected for {Key}");
            amf.WriteObjectEnd();
        });

        var e = await Assert.ThrowsAsync<RtmpException>(() => publishing);

        Assert.Equal(RtmpFailure.Rejected, e.Failure);
        Assert.Contains($"rtmp://127.0.0.1:{server.Port}/live/****", e.Message, StringComparison.Ordinal);
        Assert.Contains("NetConnection.Connect.Rejected", e.Message, StringComparison.Ordinal);
        Assert.Contains("application name", e.Message, StringComparison.Ordinal);
        AssertNoSecret(e);
    }

    [Fact]
    public async Task PublishRefused_WithBadName_SaysTheKeyIsWrongOrBusy()
    {
        using var server = ScriptedRtmpServer.Start();
        var publishing = RtmpPublisher.PublishAsync(Options(Url(server.Url($"live/{Key}"))));
        await using var session = await server.AcceptAsync();
        var connect = await session.ReadCommandAsync("connect");
        await session.SendCommandAsync(0, amf =>
        {
            amf.WriteString("_result");
            amf.WriteNumber(connect.TransactionId);
            amf.WriteNull();
            amf.WriteNull();
        });
        var create = await session.ReadCommandAsync("createStream");
        await session.SendCommandAsync(0, amf =>
        {
            amf.WriteString("_result");
            amf.WriteNumber(create.TransactionId);
            amf.WriteNull();
            amf.WriteNumber(7);
        });
        await session.ReadCommandAsync("publish");
        await session.SendStatusAsync(7, "error", "NetStream.Publish.BadName", $"Stream {Key} already publishing");

        var e = await Assert.ThrowsAsync<RtmpException>(() => publishing);

        Assert.Equal(RtmpFailure.Rejected, e.Failure);
        Assert.Contains("wrong, or a stream is already being published", e.Message, StringComparison.Ordinal);
        Assert.Contains("NetStream.Publish.BadName", e.Detail, StringComparison.Ordinal);
        AssertNoSecret(e);
    }

    [Fact]
    public async Task NoAnswer_TimesOut_NamingTheCommand()
    {
        using var server = ScriptedRtmpServer.Start();
        var publishing = RtmpPublisher.PublishAsync(Options(Url(server.Url($"live/{Key}"))) with { ResponseTimeout = TimeSpan.FromMilliseconds(500) });
        await using var session = await server.AcceptAsync();

        var e = await Assert.ThrowsAsync<RtmpException>(() => publishing);

        Assert.Equal(RtmpFailure.Timeout, e.Failure);
        Assert.Contains("did not answer connect", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServerClosingAtConnect_PointsAtTheApplicationName()
    {
        using var server = ScriptedRtmpServer.Start();
        var publishing = RtmpPublisher.PublishAsync(Options(Url(server.Url($"nope/{Key}"))));
        await using var session = await server.AcceptAsync();
        await session.ReadCommandAsync("connect");
        session.Close();

        var e = await Assert.ThrowsAsync<RtmpException>(() => publishing);

        Assert.Equal(RtmpFailure.Rejected, e.Failure);
        Assert.Contains("check the application name (\"nope\")", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NothingListening_IsConnectionRefused_WithoutTheKey()
    {
        var port = Edge.Tests.Shared.Peers.LoopbackPorts.GetFree();

        var e = await Assert.ThrowsAsync<RtmpException>(() => RtmpPublisher.PublishAsync(Options(Url($"rtmp://127.0.0.1:{port}/live/{Key}"))));

        Assert.Equal(RtmpFailure.Unreachable, e.Failure);
        Assert.Equal("connection refused", e.Detail);
        Assert.Contains($"rtmp://127.0.0.1:{port}/live/****", e.Message, StringComparison.Ordinal);
        AssertNoSecret(e);
    }

    [Fact]
    public async Task PlainRtmp_ToATlsPort_IsExplained()
    {
        using var server = ScriptedRtmpServer.Start();
        var publishing = RtmpPublisher.PublishAsync(Options(Url(server.Url($"live/{Key}"))));
        using var socket = await server.AcceptRawAsync();
        await socket.SendAsync(new byte[] { 0x16, 0x03, 0x01 }); // what a TLS server's first record looks like

        var e = await Assert.ThrowsAsync<RtmpException>(() => publishing);

        Assert.Equal(RtmpFailure.Handshake, e.Failure);
        Assert.Contains("rtmps://", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    public async Task Garbage_InsteadOfAnAnswer_FailsWithAnExplainedError(int seed)
    {
        using var server = ScriptedRtmpServer.Start();
        var publishing = RtmpPublisher.PublishAsync(Options(Url(server.Url($"live/{Key}"))) with { ResponseTimeout = TimeSpan.FromSeconds(2) });
        await using var session = await server.AcceptAsync();
        await session.ReadCommandAsync("connect");
        var garbage = new byte[64 * 1024];
        new Random(seed).NextBytes(garbage);
        await session.SendRawAsync(garbage);

        // Whatever the bytes happen to say (an unknown chunk stream, a message larger than allowed,
        // a half message and then silence), the publisher ends with its own error, in bounded time.
        var e = await Assert.ThrowsAsync<RtmpException>(() => publishing.WaitAsync(TimeSpan.FromSeconds(10)));
        if (e.Failure == RtmpFailure.Protocol)
            Assert.Contains("check that this host and port are an RTMP server", e.Message, StringComparison.Ordinal);
        else
            Assert.Equal(RtmpFailure.Timeout, e.Failure);
        AssertNoSecret(e);
    }

    [Theory]
    [InlineData((byte)RtmpMessageType.CommandAmf0, 21)]
    [InlineData((byte)RtmpMessageType.CommandAmf0, 22)]
    [InlineData((byte)RtmpMessageType.CommandAmf0, 23)]
    [InlineData((byte)RtmpMessageType.SetChunkSize, 24)]
    [InlineData((byte)RtmpMessageType.UserControl, 25)]
    [InlineData((byte)RtmpMessageType.WindowAcknowledgementSize, 26)]
    public async Task AWellFramedMessageOfNonsense_FailsWithAnExplainedError(byte typeCode, int seed)
    {
        var type = (RtmpMessageType)typeCode;
        using var server = ScriptedRtmpServer.Start();
        var publishing = RtmpPublisher.PublishAsync(Options(Url(server.Url($"live/{Key}"))) with { ResponseTimeout = TimeSpan.FromSeconds(2) });
        await using var session = await server.AcceptAsync();
        await session.ReadCommandAsync("connect");
        var random = new Random(seed);
        // Command payloads start like AMF (a string marker and a length) so the reader goes past the first byte.
        var payload = new byte[type == RtmpMessageType.CommandAmf0 ? 300 : random.Next(0, 3)];
        random.NextBytes(payload);
        if (type == RtmpMessageType.CommandAmf0)
        {
            payload[0] = 0x02;
            payload[1] = 0x00;
            payload[2] = 0x07;
            "_result"u8.CopyTo(payload.AsSpan(3));
        }
        await session.SendAsync(3, type, 0, payload);

        // Refused as a protocol error, or ignored and then timed out: never another kind of exception, never a hang.
        var e = await Assert.ThrowsAsync<RtmpException>(() => publishing.WaitAsync(TimeSpan.FromSeconds(10)));
        AssertNoSecret(e);
    }

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(13)]
    [InlineData(14)]
    public async Task Garbage_WhilePublishing_ClosesThePublisher_AndTheNextSendSaysWhy(int seed)
    {
        using var server = ScriptedRtmpServer.Start();
        var publishing = RtmpPublisher.PublishAsync(Options(Url(server.Url($"live/{Key}"))));
        await using var session = await server.AcceptAsync();
        await session.AcceptPublishAsync();
        await using var publisher = await publishing;
        var drain = session.DrainAsync();
        await SendAndRelease(publisher, SyntheticUnits.Keyframe(0, sliceBytes: 4000));

        var garbage = new byte[64 * 1024];
        new Random(seed).NextBytes(garbage);
        await session.SendRawAsync(garbage);
        session.Close(); // whatever the bytes meant, the connection then ends too

        Assert.True(await Eventually.TrueAsync(() => publisher.Closed.IsCancellationRequested, TimeSpan.FromSeconds(10)), "the publisher did not notice the broken connection");
        var e = await Assert.ThrowsAsync<RtmpException>(() => SendAndRelease(publisher, SyntheticUnits.Interframe(3600, 2000)));
        AssertNoSecret(e);
        await drain;
    }

    [Fact]
    public async Task AServerThatStopsReading_FailsTheWrite_AtTheDeadline()
    {
        using var server = ScriptedRtmpServer.Start(receiveBuffer: 4096);
        var publishing = RtmpPublisher.PublishAsync(Options(Url(server.Url($"live/{Key}"))) with { WriteTimeout = TimeSpan.FromMilliseconds(500) });
        await using var session = await server.AcceptAsync();
        await session.AcceptPublishAsync();
        await using var publisher = await publishing;

        // The server reads no more; the socket buffers fill, and then a write hangs.
        var started = DateTime.UtcNow;
        var e = await Assert.ThrowsAsync<RtmpException>(async () =>
        {
            for (var i = 0; DateTime.UtcNow - started < TimeSpan.FromSeconds(30); i++)
                await SendAndRelease(publisher, SyntheticUnits.Keyframe(i * 3600L, sliceBytes: 64 * 1024));
        });

        Assert.Equal(RtmpFailure.Stalled, e.Failure);
        Assert.Contains("stopped reading", e.Message, StringComparison.Ordinal);
        Assert.True(publisher.Closed.IsCancellationRequested);
    }

    [Fact]
    public async Task SteadyStreaming_AllocatesNothingPerFrame()
    {
        using var server = ScriptedRtmpServer.Start();
        var publishing = RtmpPublisher.PublishAsync(Options(Url(server.Url($"live/{Key}"))) with { Audio = RtmpAudio.Silent });
        await using var session = await server.AcceptAsync();
        await session.AcceptPublishAsync();
        await using var publisher = await publishing;
        var drain = session.DrainAsync();
        var units = Enumerable.Range(0, 50).Select(i => i % 25 == 0 ? SyntheticUnits.Keyframe(i * 3600L, 20_000) : SyntheticUnits.Interframe(i * 3600L, 8000)).ToArray();
        for (var i = 0; i < 200; i++) // warm up: buffers grow to the largest frame, pools fill
            await publisher.SendAsync(units[i % units.Length]);

        var before = GC.GetTotalAllocatedBytes(precise: true);
        const int Frames = 2000;
        for (var i = 0; i < Frames; i++)
            await publisher.SendAsync(units[i % units.Length]);
        var perFrame = (GC.GetTotalAllocatedBytes(precise: true) - before) / (double)Frames;

        foreach (var unit in units)
            unit.Release();
        // Process-wide, so the test host's own work counts too. A Debug build compiles async state
        // machines as classes, one object per SendAsync and WriteAsync call (about 170 bytes); an
        // optimized build allocates nothing. Copying a frame would show as kilobytes either way.
        var optimized = typeof(RtmpPublisher).Assembly.GetCustomAttribute<DebuggableAttribute>()?.IsJITOptimizerDisabled != true;
        Assert.True(perFrame < (optimized ? 16 : 256), $"{perFrame:0.0} bytes allocated per frame ({(optimized ? "optimized" : "debug")} build)");
    }

    internal static RtmpUrl Url(string text) => TestUrls.Parse(text);

    internal static RtmpPublisherOptions Options(RtmpUrl url) => new()
    {
        Url = url,
        Width = 320,
        Height = 240,
        FrameRate = 25,
        VideoBitrateKbps = 500,
        ConnectTimeout = TimeSpan.FromSeconds(5),
        ResponseTimeout = TimeSpan.FromSeconds(5),
        WriteTimeout = TimeSpan.FromSeconds(5),
    };

    internal static void AssertNoSecret(Exception e)
    {
        var text = e.ToString();
        Assert.DoesNotContain("s3cr3tvalue", text, StringComparison.Ordinal);
        Assert.DoesNotContain("live_9f8e7d6c5b4a", text, StringComparison.Ordinal);
        if (e is RtmpException rtmp)
        {
            Assert.DoesNotContain("s3cr3tvalue", rtmp.Detail, StringComparison.Ordinal);
            Assert.DoesNotContain("live_9f8e7d6c5b4a", rtmp.Detail, StringComparison.Ordinal);
        }
    }

    private static async Task SendAndRelease(RtmpPublisher publisher, Edge.Media.AccessUnit unit)
    {
        try
        {
            await publisher.SendAsync(unit);
        }
        finally
        {
            unit.Release();
        }
    }
}
