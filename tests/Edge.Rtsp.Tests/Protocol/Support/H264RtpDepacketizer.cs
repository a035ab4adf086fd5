using System.Buffers;
using System.Buffers.Binary;
using Edge.Media.H264;
using Edge.Rtsp.Protocol.Rtp;

namespace Edge.Rtsp.Tests.Protocol.Support;

/// <summary>
/// Reassembles H.264 access units (Annex B, 4-byte start codes) from RTP packets (RFC 6184:
/// single NAL unit packets, STAP-A, FU-A): the receiving half the tests check Edge's packetizer
/// with (Edge itself only sends). It expects packets in order, and drops a whole access unit when
/// one of its packets is missing or malformed.
/// </summary>
/// <remarks>
/// An access unit ends at the packet with the marker bit; one whose marker never arrives is dropped
/// when a packet with another timestamp comes. Never throws on network input. Not thread-safe.
/// </remarks>
internal sealed class H264RtpDepacketizer : IDisposable
{
    /// <summary>Default bound on one reassembled access unit.</summary>
    public const int DefaultMaxAccessUnitSize = 8 * 1024 * 1024;

    private const int FuAHeaderBytes = 2;
    private const int StapASizeBytes = 2;

    private readonly int _maxAccessUnitSize;
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
    private int _length;
    private bool _started;
    private uint _timestamp;
    private bool _broken;
    private bool _inFragment;
    private int _fragmentType;
    private bool _hasSequence;
    private ushort _lastSequence;

    /// <summary>Creates a depacketizer that drops access units larger than <paramref name="maxAccessUnitSize"/> bytes.</summary>
    public H264RtpDepacketizer(int maxAccessUnitSize = DefaultMaxAccessUnitSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxAccessUnitSize, 1);
        _maxAccessUnitSize = maxAccessUnitSize;
    }

    /// <summary>Access units completed.</summary>
    public long AccessUnitCount { get; private set; }

    /// <summary>Access units dropped because a packet was missing or malformed, or the marker never came.</summary>
    public long DroppedAccessUnits { get; private set; }

    /// <summary>Packets that were not RTP, or whose H.264 payload was malformed or of an unsupported type.</summary>
    public long InvalidPackets { get; private set; }

    /// <summary>Packets missing according to the sequence numbers.</summary>
    public long LostPackets { get; private set; }

    /// <summary>
    /// Feeds one RTP packet. Returns true when it completes an access unit, which is then in
    /// <paramref name="accessUnit"/> (valid until the next call) with its RTP <paramref name="timestamp"/>.
    /// </summary>
    public bool TryPush(ReadOnlySpan<byte> rtpPacket, out ReadOnlyMemory<byte> accessUnit, out uint timestamp)
    {
        accessUnit = default;
        timestamp = 0;
        ObjectDisposedException.ThrowIf(_buffer.Length == 0, this);

        if (!RtpHeader.TryRead(rtpPacket, out var info))
        {
            InvalidPackets++;
            _broken |= _started;
            return false;
        }

        var gap = false;
        if (_hasSequence)
        {
            var missing = unchecked((ushort)(info.SequenceNumber - _lastSequence - 1));
            if (missing != 0)
            {
                gap = true;
                // A huge "gap" is a packet from the past (duplicate or reordered); count only real losses.
                if (missing < 0x8000)
                    LostPackets += missing;
            }
        }

        _hasSequence = true;
        _lastSequence = info.SequenceNumber;

        if (_started && info.Timestamp != _timestamp)
            Drop(); // the previous unit's marker never came
        if (!_started)
            Begin(info.Timestamp);
        if (gap)
            _broken = true;

        if (!_broken && !TryAppendPayload(info.GetPayload(rtpPacket)))
        {
            InvalidPackets++;
            _broken = true;
        }

        if (!info.Marker)
            return false;

        if (_broken || _inFragment || _length == 0)
        {
            Drop();
            return false;
        }

        _started = false;
        AccessUnitCount++;
        accessUnit = _buffer.AsMemory(0, _length);
        timestamp = _timestamp;
        return true;
    }

    /// <summary>Forgets any partial access unit and the sequence number, as after a new PLAY.</summary>
    public void Reset()
    {
        _started = false;
        _hasSequence = false;
        _length = 0;
        _broken = false;
        _inFragment = false;
    }

    /// <summary>Returns the buffer to the pool.</summary>
    public void Dispose()
    {
        if (_buffer.Length == 0)
            return;
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }

    private void Begin(uint timestamp)
    {
        _started = true;
        _timestamp = timestamp;
        _length = 0;
        _broken = false;
        _inFragment = false;
    }

    private void Drop()
    {
        DroppedAccessUnits++;
        _started = false;
        _length = 0;
        _broken = false;
        _inFragment = false;
    }

    private bool TryAppendPayload(ReadOnlySpan<byte> payload)
    {
        if (payload.IsEmpty)
            return false;

        var type = (NalUnitType)(payload[0] & 0x1F);
        switch (type)
        {
            case NalUnitType.StapA:
                return !_inFragment && TryAppendStapA(payload);
            case NalUnitType.FuA:
                return TryAppendFragment(payload);
            case > NalUnitType.Unspecified and < NalUnitType.StapA:
                return !_inFragment && TryAppend(AnnexB.FourByteStartCode, payload);
            default:
                return false; // STAP-B, MTAP and FU-B need interleaved mode, which Edge never offers
        }
    }

    private bool TryAppendStapA(ReadOnlySpan<byte> payload)
    {
        var rest = payload[1..];
        if (rest.IsEmpty)
            return false;
        while (!rest.IsEmpty)
        {
            if (rest.Length < StapASizeBytes)
                return false;
            var size = BinaryPrimitives.ReadUInt16BigEndian(rest);
            rest = rest[StapASizeBytes..];
            if (size == 0 || size > rest.Length)
                return false;
            if (!TryAppend(AnnexB.FourByteStartCode, rest[..size]))
                return false;
            rest = rest[size..];
        }

        return true;
    }

    private bool TryAppendFragment(ReadOnlySpan<byte> payload)
    {
        if (payload.Length < FuAHeaderBytes)
            return false;
        var fuHeader = payload[1];
        var start = (fuHeader & 0x80) != 0;
        var end = (fuHeader & 0x40) != 0;
        var type = fuHeader & 0x1F;
        if (start && end)
            return false; // RFC 6184 5.8: a unit that fits one packet is not fragmented

        if (start)
        {
            if (_inFragment)
                return false;
            Span<byte> header = [0, 0, 0, 1, (byte)((payload[0] & 0xE0) | type)];
            if (!TryAppend(header, payload[FuAHeaderBytes..]))
                return false;
            _inFragment = true;
            _fragmentType = type;
        }
        else
        {
            if (!_inFragment || type != _fragmentType)
                return false;
            if (!TryAppend([], payload[FuAHeaderBytes..]))
                return false;
        }

        if (end)
            _inFragment = false;
        return true;
    }

    private bool TryAppend(ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> data)
    {
        var needed = (long)_length + prefix.Length + data.Length;
        if (needed > _maxAccessUnitSize)
            return false;
        if (needed > _buffer.Length)
        {
            var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min(Math.Max(needed, _buffer.Length * 2L), Array.MaxLength));
            _buffer.AsSpan(0, _length).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }

        prefix.CopyTo(_buffer.AsSpan(_length));
        _length += prefix.Length;
        data.CopyTo(_buffer.AsSpan(_length));
        _length += data.Length;
        return true;
    }
}
