using System.Buffers;
using System.Runtime.CompilerServices;
using Edge.Auth;
using Edge.Media;
using Edge.Media.H264;
using Edge.Rtmp.Amf;
using Edge.Rtmp.Chunks;
using Edge.Rtmp.Flv;
using Edge.Rtmp.Messages;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Edge.Rtmp.Client;

/// <summary>
/// Publishes one H.264 stream (and optionally a silent AAC track) to an RTMP or RTMPS server:
/// <c>connect</c>, <c>releaseStream</c>, <c>FCPublish</c>, <c>createStream</c>, <c>publish</c>,
/// then <c>onMetaData</c>, the AVC sequence header and one video message per access unit.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="PublishAsync"/> returns once the server said <c>NetStream.Publish.Start</c>; any
/// refusal becomes an <see cref="RtmpException"/> whose message names the server by its redacted
/// URL, says what the server said (with the stream key scrubbed from it) and what to check.
/// </para>
/// <para>
/// <see cref="SendAsync"/> turns an access unit into FLV video (length-prefixed NAL units), with a
/// new sequence header whenever a keyframe's SPS/PPS differ from the last ones sent, and writes it
/// in one piece with a deadline. It reuses its buffers: nothing is allocated per frame once the
/// buffers have grown to the largest frame. One caller at a time.
/// </para>
/// </remarks>
public sealed class RtmpPublisher : IAsyncDisposable
{
    /// <summary>What <c>connect</c> says we are: FMLE-compatible, which some servers require of publishers.</summary>
    public const string FlashVersion = "FMLE/3.0 (compatible; Edge)";

    private const double ConnectTransaction = 1;
    private const double ReleaseStreamTransaction = 2;
    private const double FCPublishTransaction = 3;
    private const double CreateStreamTransaction = 4;
    private const double PublishTransaction = 5;
    private const double FCUnpublishTransaction = 6;
    private const double DeleteStreamTransaction = 7;

    /// <summary>How long the goodbye (FCUnpublish, deleteStream) may take when the publisher is disposed.</summary>
    private static readonly TimeSpan GoodbyeTimeout = TimeSpan.FromSeconds(1);

    private readonly RtmpPublisherOptions _options;
    private readonly RtmpConnection _connection;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly ChunkWriter _chunks = new() { ChunkSize = RtmpConnection.OutgoingChunkSize };
    private readonly ArrayBufferWriter<byte> _output = new(64 * 1024);
    private readonly ArrayBufferWriter<byte> _scratch = new(512);
    private readonly RtmpTimestampClock _clock = new();
    private readonly SilentAudioTrack? _audio;
    private byte[] _payload = [];
    private uint _streamId;
    private bool _published;
    private byte[]? _sps;
    private byte[]? _pps;
    private H264Parameters? _parameters;
    private bool _sequenceHeaderPending;
    private bool _metadataSent;
    private bool _audioHeaderSent;
    private bool _keyframeSent;
    private bool _badParametersLogged;
    private long _videoFramesSent;
    private long _framesSkipped;
    private int _disposed;

    private RtmpPublisher(RtmpPublisherOptions options, RtmpConnection connection, TimeProvider time, ILogger log)
    {
        _options = options;
        _connection = connection;
        _time = time;
        _log = log;
        _audio = options.Audio == RtmpAudio.Silent ? new SilentAudioTrack() : null;
    }

    public RtmpUrl Url => _options.Url;

    /// <summary>Bytes written to the server so far, handshake and commands included.</summary>
    public long BytesSent => _connection.BytesSent;

    /// <summary>Access units sent.</summary>
    public long VideoFramesSent => Interlocked.Read(ref _videoFramesSent);

    /// <summary>Access units skipped because no decodable start (keyframe with SPS/PPS) had been seen yet.</summary>
    public long FramesSkipped => Interlocked.Read(ref _framesSkipped);

    /// <summary>Silent AAC frames sent.</summary>
    public long AudioFramesSent => _audio?.FramesSent ?? 0;

    /// <summary>The RTMP timestamp of the last video frame, in milliseconds since the first.</summary>
    public long LastTimestampMilliseconds => _clock.LastMilliseconds;

    /// <summary>The message stream id the server gave for publishing.</summary>
    public uint StreamId => _streamId;

    /// <summary>Cancelled when the connection fails or is closed.</summary>
    public CancellationToken Closed => _connection.Closed;

    /// <summary>Why the connection failed, or null while it works.</summary>
    public Exception? Failure => _connection.Failure;

    /// <summary>Connects and publishes; returns once the server accepted the stream.</summary>
    /// <exception cref="RtmpException">The server cannot be reached, is not trusted, or refused the stream.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static async Task<RtmpPublisher> PublishAsync(RtmpPublisherOptions options, TimeProvider? time = null, ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        time ??= TimeProvider.System;
        logger ??= NullLogger.Instance;
        var url = options.Url;
        var started = time.GetTimestamp();
        var certificates = url.IsTls ? TrustPolicy(options) : null;
        var connection = await RtmpConnection.OpenAsync(url, certificates, options.ConnectTimeout, options.WriteTimeout, time, logger, cancellationToken).ConfigureAwait(false);
        var publisher = new RtmpPublisher(options, connection, time, logger);
        try
        {
            await publisher.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await publisher.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        RtmpConnectionLog.Published(logger, url.Redacted, publisher._streamId, (long)time.GetElapsedTime(started).TotalMilliseconds);
        return publisher;
    }

    /// <summary>The rtmps:// server's certificate policy; unusable trust settings are the push's configuration error.</summary>
    private static ServerCertificatePolicy TrustPolicy(RtmpPublisherOptions options)
    {
        try
        {
            return ServerCertificatePolicy.Create(options.Url.Host, options.TlsCaFile, options.TlsFingerprint);
        }
        catch (ServerTrustException e)
        {
            throw new RtmpException(RtmpFailure.Configuration, $"{options.Url.Redacted}: {e.Message}", e.Detail, e);
        }
    }

    /// <summary>
    /// Sends one access unit (Annex B, as the hub holds it). The caller keeps its reference.
    /// Before the first keyframe nothing is sent; on a keyframe whose SPS/PPS changed, a new
    /// sequence header goes first.
    /// </summary>
    /// <param name="unit">The access unit.</param>
    /// <param name="parameters">The stream's parameter sets, used when a keyframe carries none in band (the hub's <see cref="Media.Streaming.StreamHub.Parameters"/>).</param>
    /// <exception cref="RtmpException">The connection failed or the server stopped reading.</exception>
    /// <exception cref="OperationCanceledException">The publisher was aborted.</exception>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask SendAsync(AccessUnit unit, H264Parameters? parameters = null)
    {
        ArgumentNullException.ThrowIfNull(unit);
        if (!PrepareVideo(unit, parameters))
        {
            Interlocked.Increment(ref _framesSkipped);
            return;
        }
        await _connection.WriteAsync(_output.WrittenMemory).ConfigureAwait(false);
        Interlocked.Increment(ref _videoFramesSent);
    }

    /// <summary>Lowers the write deadline (when stopping), so a stuck server cannot hold up shutdown.</summary>
    public void LimitWriteTime(TimeSpan limit) => _connection.LimitWriteTime(limit);

    /// <summary>Closes the connection at once, without saying goodbye.</summary>
    public void Abort() => _connection.Abort();

    /// <summary>Ends the publication (FCUnpublish, deleteStream; at most a second) and closes the connection.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        if (_published && _connection.Failure is null && !_connection.Closed.IsCancellationRequested)
        {
            try
            {
                _connection.LimitWriteTime(GoodbyeTimeout);
                _output.ResetWrittenCount();
                WriteCommand(0, static (output, key) => RtmpCommands.WriteFCUnpublish(output, FCUnpublishTransaction, key), Url.StreamKey);
                WriteCommand(0, static (output, streamId) => RtmpCommands.WriteDeleteStream(output, DeleteStreamTransaction, streamId), _streamId);
                await _connection.WriteAsync(_output.WrittenMemory).ConfigureAwait(false);
            }
            catch (Exception e) when (e is RtmpException or OperationCanceledException)
            {
                // Saying goodbye is a courtesy; the connection closes either way.
            }
        }
        await _connection.DisposeAsync().ConfigureAwait(false);
        if (_payload.Length > 0)
            ArrayPool<byte>.Shared.Return(_payload);
        _payload = [];
    }

    private async Task StartAsync(CancellationToken cancellationToken)
    {
        var url = Url;
        _output.ResetWrittenCount();
        WriteCommand(0, static (output, url) => RtmpCommands.WriteConnect(output, ConnectTransaction, url.App, url.TcUrl, FlashVersion), url);
        await _connection.WriteAsync(_output.WrittenMemory).ConfigureAwait(false);
        await ExpectResultAsync(ConnectTransaction, "connect", cancellationToken).ConfigureAwait(false);

        // Sent together, as encoders do; the answers to the first two do not matter (servers answer, refuse or ignore them).
        _output.ResetWrittenCount();
        WriteCommand(0, static (output, key) => RtmpCommands.WriteReleaseStream(output, ReleaseStreamTransaction, key), url.StreamKey);
        WriteCommand(0, static (output, key) => RtmpCommands.WriteFCPublish(output, FCPublishTransaction, key), url.StreamKey);
        WriteCommand(0, static (output, _) => RtmpCommands.WriteCreateStream(output, CreateStreamTransaction), 0);
        await _connection.WriteAsync(_output.WrittenMemory).ConfigureAwait(false);
        var created = await ExpectResultAsync(CreateStreamTransaction, "createStream", cancellationToken).ConfigureAwait(false);
        var id = created.Arguments.FirstOrDefault(a => a.Type == Amf0Type.Number);
        if (id is null || id.Number is < 0 or > uint.MaxValue)
            throw new RtmpException(RtmpFailure.Protocol, $"{url.Redacted}: the server answered createStream without a stream id", "createStream answered without a stream id");
        _streamId = (uint)id.Number;

        _output.ResetWrittenCount();
        WriteCommand(_streamId, static (output, key) => RtmpCommands.WritePublish(output, PublishTransaction, key), url.StreamKey);
        await _connection.WriteAsync(_output.WrittenMemory).ConfigureAwait(false);
        await ExpectPublishStartAsync(cancellationToken).ConfigureAwait(false);
        _published = true;
        _connection.FailOnErrorStatus = true;
    }

    private async Task<RtmpCommand> ExpectResultAsync(double transaction, string command, CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        while (true)
        {
            var reply = await ReadReplyAsync(command, started, cancellationToken).ConfigureAwait(false);
            if (reply.TransactionId == transaction && reply.Name == "_result")
                return reply;
            if ((reply.TransactionId == transaction && reply.Name == "_error") || (reply.Name == "onStatus" && reply.Level == "error"))
                throw Refused(command, reply);
            // Anything else (onBWDone, answers to releaseStream and FCPublish) is not the answer we wait for.
        }
    }

    private async Task ExpectPublishStartAsync(CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        while (true)
        {
            var reply = await ReadReplyAsync("publish", started, cancellationToken).ConfigureAwait(false);
            if (reply.Name == "onStatus" && reply.Code == "NetStream.Publish.Start")
                return;
            if ((reply.Name == "onStatus" && reply.Level == "error") || (reply.Name == "_error" && reply.TransactionId == PublishTransaction))
                throw Refused("publish", reply);
        }
    }

    private async Task<RtmpCommand> ReadReplyAsync(string command, long started, CancellationToken cancellationToken)
    {
        var remaining = _options.ResponseTimeout - _time.GetElapsedTime(started);
        try
        {
            return await _connection.ReadCommandAsync(remaining > TimeSpan.Zero ? remaining : TimeSpan.FromTicks(1), command, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (RtmpException e) when (e.Failure == RtmpFailure.Closed)
        {
            // nginx-rtmp, for one, closes the connection on an unknown application instead of answering.
            var hint = command == "connect"
                ? $"; check the application name (\"{Url.App}\") in the URL"
                : command == "publish" ? "; check the stream key" : "";
            throw new RtmpException(RtmpFailure.Rejected, $"{Url.Redacted}: the server closed the connection instead of answering {command}{hint}",
                $"connection closed at {command}", e);
        }
    }

    private RtmpException Refused(string command, RtmpCommand reply)
    {
        var code = reply.Code;
        var said = StreamKeyRedaction.Scrub(string.Join(": ", new[] { code, reply.Description }.Where(s => s.Length > 0)), Url);
        var explanation = code switch
        {
            "NetConnection.Connect.Rejected" => $"the server refused the connection; check the application name (\"{Url.App}\") and any credentials the server expects in the URL",
            "NetStream.Publish.BadName" => "the server refused the stream key: it is wrong, or a stream is already being published with it",
            "NetStream.Publish.Denied" or "NetStream.Publish.Rejected" or "NetConnection.Connect.Unauthorized" => "the server does not allow publishing with this stream key",
            _ => $"the server refused {command}",
        };
        var detail = said.Length > 0 ? $"{command} refused: {said}" : $"{command} refused";
        return new RtmpException(RtmpFailure.Rejected, $"{Url.Redacted}: {explanation} (server said \"{(said.Length > 0 ? said : reply.Name)}\")", detail);
    }

    /// <summary>Chunks one command (built by <paramref name="write"/>) into <see cref="_output"/>.</summary>
    private void WriteCommand<T>(uint streamId, Action<IBufferWriter<byte>, T> write, T argument)
    {
        _scratch.ResetWrittenCount();
        write(_scratch, argument);
        _chunks.Write(_output, ChunkStreamIds.Command, 0, RtmpMessageType.CommandAmf0, streamId, _scratch.WrittenSpan);
    }

    /// <summary>Builds everything that goes out for one unit into <see cref="_output"/>; false when the unit is skipped.</summary>
    private bool PrepareVideo(AccessUnit unit, H264Parameters? parameters)
    {
        var data = unit.Data.Span;
        if (unit.IsKeyframe)
            TrackParameterSets(data, parameters);
        if (_parameters is null || (!_keyframeSent && !unit.IsKeyframe))
            return false; // nothing a player could decode yet

        var milliseconds = _clock.ToMilliseconds(unit.Pts90kHz);
        var timestamp = RtmpTimestampClock.ToRtmp(milliseconds);
        _output.ResetWrittenCount();

        if (!_metadataSent)
        {
            _metadataSent = true;
            var sps = _parameters.SequenceParameterSet;
            _scratch.ResetWrittenCount();
            FlvMetadata.Write(_scratch, new StreamMetadata(
                sps.Width > 0 ? sps.Width : _options.Width,
                sps.Height > 0 ? sps.Height : _options.Height,
                _options.FrameRate > 0 ? _options.FrameRate : sps.FrameRate ?? 0,
                _options.VideoBitrateKbps,
                _audio is not null,
                _options.EncoderName));
            _chunks.Write(_output, ChunkStreamIds.Data, timestamp, RtmpMessageType.DataAmf0, _streamId, _scratch.WrittenSpan);
        }

        if (_sequenceHeaderPending)
        {
            _sequenceHeaderPending = false;
            var record = _parameters.DecoderConfigurationRecord;
            var header = RentPayload(FlvVideoTag.SequenceHeaderLength(record));
            var length = FlvVideoTag.WriteSequenceHeader(header, record);
            _chunks.Write(_output, ChunkStreamIds.Video, timestamp, RtmpMessageType.Video, _streamId, header[..length]);
        }

        if (_audio is not null)
            WriteDueAudio(milliseconds);

        var keyframe = unit.IsKeyframe;
        var payload = RentPayload(FlvVideoTag.NaluLength(data));
        var written = FlvVideoTag.WriteNalu(payload, data, keyframe);
        _chunks.Write(_output, ChunkStreamIds.Video, timestamp, RtmpMessageType.Video, _streamId, payload[..written]);
        _keyframeSent |= keyframe;
        return true;
    }

    /// <summary>
    /// On a keyframe: takes its in-band SPS/PPS (or the stream's, when it carries none) and, when
    /// they differ from the last ones sent, schedules a new sequence header.
    /// </summary>
    private void TrackParameterSets(ReadOnlySpan<byte> data, H264Parameters? fallback)
    {
        if (!AnnexB.TryFindParameterSets(data, out var sps, out var pps))
        {
            if (fallback is null)
                return;
            sps = fallback.Sps.Span;
            pps = fallback.Pps.Span;
        }
        if (_sps is not null && _pps is not null && sps.SequenceEqual(_sps) && pps.SequenceEqual(_pps))
            return;

        try
        {
            _parameters = H264Parameters.Create(sps, pps);
        }
        catch (InvalidDataException e)
        {
            if (!_badParametersLogged)
            {
                _badParametersLogged = true;
                RtmpConnectionLog.BadParameterSets(_log, Url.Redacted, e.Message);
            }
            return;
        }
        _sps = sps.ToArray();
        _pps = pps.ToArray();
        _sequenceHeaderPending = true;
    }

    private void WriteDueAudio(long videoMilliseconds)
    {
        Span<byte> message = stackalloc byte[FlvAudioTag.AacHeaderLength + 8];
        if (!_audioHeaderSent)
        {
            _audioHeaderSent = true;
            FlvAudioTag.WriteAacHeader(message, AacPacketType.SequenceHeader);
            SilentAac.AudioSpecificConfig.CopyTo(message[FlvAudioTag.AacHeaderLength..]);
            _chunks.Write(_output, ChunkStreamIds.Audio, RtmpTimestampClock.ToRtmp(videoMilliseconds), RtmpMessageType.Audio, _streamId,
                message[..(FlvAudioTag.AacHeaderLength + SilentAac.AudioSpecificConfig.Length)]);
        }

        FlvAudioTag.WriteAacHeader(message, AacPacketType.Raw);
        SilentAac.SilentFrame.CopyTo(message[FlvAudioTag.AacHeaderLength..]);
        var frame = message[..(FlvAudioTag.AacHeaderLength + SilentAac.SilentFrame.Length)];
        while (_audio!.TryTakeFrameDue(videoMilliseconds, out var frameMilliseconds))
            _chunks.Write(_output, ChunkStreamIds.Audio, RtmpTimestampClock.ToRtmp(frameMilliseconds), RtmpMessageType.Audio, _streamId, frame);
    }

    /// <summary>The reusable payload buffer, grown (from the pool) to at least <paramref name="length"/> bytes.</summary>
    private Span<byte> RentPayload(int length)
    {
        if (_payload.Length < length)
        {
            if (_payload.Length > 0)
                ArrayPool<byte>.Shared.Return(_payload);
            _payload = ArrayPool<byte>.Shared.Rent(Math.Max(length, 64 * 1024));
        }
        return _payload.AsSpan(0, length);
    }
}
