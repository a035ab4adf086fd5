using System.Buffers;
using Edge.Media.H264;
using Edge.Media.Streaming;

namespace Edge.Media.Mp4;

/// <summary>
/// One viewer's fragmented MP4 view of a camera's stream hub: an init segment, then one fragment
/// per access unit, starting at an IDR, with a new init segment whenever the parameter sets
/// change. A reader of the hub like any other, with its own bounded queue: a viewer that does not
/// keep up loses its own frames up to the next IDR, never anyone else's.
/// </summary>
/// <remarks>Not thread-safe: one loop reads and sends.</remarks>
public sealed class FragmentedMp4Reader : IDisposable
{
    /// <summary>Queue length per viewer: about two seconds at 30 fps before frames are dropped.</summary>
    public const int DefaultQueueCapacity = 60;

    private readonly StreamHub _hub;
    private readonly StreamSubscriber _subscriber;
    private readonly CancellationTokenRegistration _endRegistration;
    private readonly FragmentedMp4Fragmenter _fragmenter = new();
    private readonly ArrayBufferWriter<byte> _buffer = new(64 * 1024);
    private H264Parameters? _parameters;
    private AccessUnit? _pendingUnit;

    /// <summary>Subscribes to <paramref name="hub"/>, starting at the next IDR (which the hub asks the encoder for).</summary>
    /// <param name="hub">The camera's stream.</param>
    /// <param name="readerName">The viewer, for the hub's logs.</param>
    /// <param name="stop">Ends the reader: a pending <see cref="ReadAsync"/> throws <see cref="OperationCanceledException"/>.</param>
    /// <param name="queueCapacity">Access units queued for this viewer before it loses frames.</param>
    public FragmentedMp4Reader(StreamHub hub, string readerName, CancellationToken stop, int queueCapacity = DefaultQueueCapacity)
    {
        ArgumentNullException.ThrowIfNull(hub);
        _hub = hub;
        _subscriber = hub.Subscribe(readerName, new SubscriberOptions { QueueCapacity = queueCapacity, StartMode = SubscriberStartMode.NextKeyframe });
        _endRegistration = _subscriber.EndWhen(stop);
    }

    /// <summary>The hub reader underneath, for its delivered and dropped counts.</summary>
    public StreamSubscriber Subscriber => _subscriber;

    /// <summary>The parameter sets of the last init segment; null before the first.</summary>
    public H264Parameters? Parameters => _parameters;

    /// <summary>
    /// The next message: an init segment or a fragment. Its bytes stay valid until the next call.
    /// </summary>
    /// <exception cref="StreamClosedException">The camera's stream ended.</exception>
    /// <exception cref="OperationCanceledException">The stop token of the constructor was cancelled.</exception>
    public async ValueTask<FragmentedMp4Message> ReadAsync()
    {
        while (true)
        {
            var unit = _pendingUnit ?? await _subscriber.ReadAsync().ConfigureAwait(false);
            var initSegmentSent = _pendingUnit is not null;
            _pendingUnit = null;
            if (!initSegmentSent && NewParametersIn(unit) is { } parameters)
            {
                // The unit's own fragment comes with the next call, after the init segment that describes it.
                _parameters = parameters;
                _pendingUnit = unit;
                _buffer.ResetWrittenCount();
                _buffer.Write(FragmentedMp4InitSegment.Create(parameters));
                return new FragmentedMp4Message(_buffer.WrittenMemory, IsInitSegment: true, unit.CaptureTimestamp);
            }

            try
            {
                // Nothing is decodable before the first IDR with parameter sets.
                if (_parameters is null)
                    continue;
                _buffer.ResetWrittenCount();
                _fragmenter.Write(_buffer, unit);
                return new FragmentedMp4Message(_buffer.WrittenMemory, IsInitSegment: false, unit.CaptureTimestamp);
            }
            catch (InvalidDataException)
            {
                // A unit with no picture in it (parameter sets only): nothing to show, nothing lost.
            }
            finally
            {
                unit.Release();
            }
        }
    }

    public void Dispose()
    {
        _endRegistration.Dispose();
        _pendingUnit?.Release();
        _pendingUnit = null;
        _subscriber.Dispose();
    }

    /// <summary>The parameter sets an IDR carries when they differ from the current ones (or none are known yet); else null.</summary>
    private H264Parameters? NewParametersIn(AccessUnit unit)
    {
        if (!unit.IsKeyframe)
            return null;
        if (!AnnexB.TryFindParameterSets(unit.Data.Span, out var sps, out var pps))
            return _parameters is null ? _hub.Parameters : null;
        if (_parameters is not null && _parameters.Matches(sps, pps))
            return null;
        try
        {
            return H264Parameters.Create(sps, pps);
        }
        catch (InvalidDataException)
        {
            // The hub already logged this SPS; keep showing the stream as described so far.
            return null;
        }
    }
}
