using System.Buffers;
using System.Buffers.Binary;

namespace Edge.Rtsp.Protocol.Rtp;

/// <summary>
/// The RTP packets of one or more access units, back to back in one pooled buffer, each with room
/// reserved in front of it for a transport prefix (the 4-byte <c>$ channel length</c> header of RTSP
/// interleaved TCP, RFC 2326 10.12). Reused for every access unit: once the buffer has grown to the
/// largest unit seen, packetizing allocates nothing.
/// </summary>
/// <remarks>
/// Not thread-safe; one owner at a time. Memory handed out is valid until the next
/// <see cref="Clear"/>, packet added or <see cref="Dispose"/>.
/// </remarks>
public sealed class RtpPacketList : IDisposable
{
    /// <summary>Bytes of the RTSP interleaved-frame prefix: <c>'$'</c>, channel, 16-bit length.</summary>
    public const int InterleavedPrefixBytes = 4;

    private const int InitialCapacity = 16 * 1024;

    private byte[] _buffer;
    private PacketEntry[] _packets = new PacketEntry[64];
    private int _count;
    private int _used;
    private int _pendingStart = -1;
    private bool _disposed;

    /// <summary>Creates an empty list.</summary>
    /// <param name="prefixBytes">Bytes reserved in front of every packet: <see cref="InterleavedPrefixBytes"/> for TCP, 0 for UDP.</param>
    public RtpPacketList(int prefixBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(prefixBytes);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(prefixBytes, 64);
        PrefixBytes = prefixBytes;
        _buffer = ArrayPool<byte>.Shared.Rent(InitialCapacity);
    }

    /// <summary>Bytes reserved in front of every packet.</summary>
    public int PrefixBytes { get; }

    /// <summary>Packets in the list.</summary>
    public int Count => _count;

    /// <summary>RTP payload bytes of all packets (headers excluded): what the RTCP sender's octet count adds up.</summary>
    public int TotalPayloadBytes { get; private set; }

    /// <summary>Bytes of all packets with their prefixes: what one access unit puts on an interleaved TCP connection.</summary>
    public int TotalBytes => _used;

    /// <summary>Bytes of all packets without their prefixes: what one access unit puts on the wire over UDP.</summary>
    public int TotalPacketBytes => _used - _count * PrefixBytes;

    /// <summary>The RTP packet at <paramref name="index"/>, without its prefix.</summary>
    public ReadOnlyMemory<byte> GetPacket(int index)
    {
        var entry = GetEntry(index);
        return _buffer.AsMemory(entry.Start + PrefixBytes, entry.Length);
    }

    /// <summary>The prefix and RTP packet at <paramref name="index"/>; the prefix is for the caller to fill.</summary>
    public Memory<byte> GetPacketWithPrefix(int index)
    {
        var entry = GetEntry(index);
        return _buffer.AsMemory(entry.Start, PrefixBytes + entry.Length);
    }

    /// <summary>All packets back to back, each after its prefix: one write for a TCP connection.</summary>
    public ReadOnlyMemory<byte> GetAllWithPrefixes() => _buffer.AsMemory(0, _used);

    /// <summary>
    /// Fills every packet's 4-byte prefix with the RTSP interleaved frame header (<c>'$'</c>,
    /// <paramref name="channel"/>, packet length) so that <see cref="GetAllWithPrefixes"/> can be
    /// written to a TCP connection as is.
    /// </summary>
    /// <exception cref="InvalidOperationException">The list was not created with <see cref="InterleavedPrefixBytes"/> of prefix.</exception>
    public void WriteInterleavedPrefixes(byte channel)
    {
        if (PrefixBytes != InterleavedPrefixBytes)
            throw new InvalidOperationException($"Interleaved prefixes need {InterleavedPrefixBytes} bytes in front of each packet; this list reserves {PrefixBytes}.");
        WriteInterleavedPrefixes(_buffer, channel);
    }

    /// <summary>
    /// Copies every packet with its prefix into <paramref name="destination"/> (at least
    /// <see cref="TotalBytes"/> long) as interleaved frames on <paramref name="channel"/>, leaving
    /// this list as it is: for a reader that shares the list but uses another channel.
    /// </summary>
    public void CopyInterleavedTo(Span<byte> destination, byte channel)
    {
        if (PrefixBytes != InterleavedPrefixBytes)
            throw new InvalidOperationException($"Interleaved frames need {InterleavedPrefixBytes} bytes in front of each packet; this list reserves {PrefixBytes}.");
        _buffer.AsSpan(0, _used).CopyTo(destination);
        WriteInterleavedPrefixes(destination, channel);
    }

    // The prefixes sit where the packets' entries say, in this list's buffer or in a copy of it.
    private void WriteInterleavedPrefixes(Span<byte> packets, byte channel)
    {
        for (var i = 0; i < _count; i++)
        {
            var entry = _packets[i];
            var prefix = packets.Slice(entry.Start, InterleavedPrefixBytes);
            prefix[0] = (byte)'$';
            prefix[1] = channel;
            BinaryPrimitives.WriteUInt16BigEndian(prefix[2..], (ushort)entry.Length);
        }
    }

    /// <summary>
    /// Makes sure the buffer holds <paramref name="bytes"/> without growing, renting one of about
    /// that size when the list has none (see <see cref="ReleaseBuffer"/>). Empties the list.
    /// </summary>
    public void Reset(int bytes)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        Clear();
        if (_buffer.Length >= bytes && _buffer.Length > 0)
            return;
        if (_buffer.Length > 0)
            ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(bytes, 256));
    }

    /// <summary>
    /// Empties the list and gives its buffer back to the pool; <see cref="Reset"/> rents a new
    /// one. For lists kept in a pool of their own, so that an idle list holds no memory sized by
    /// the largest unit it ever held.
    /// </summary>
    public void ReleaseBuffer()
    {
        Clear();
        if (_buffer.Length == 0)
            return;
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }

    /// <summary>Removes every packet, keeping the buffer for the next access unit.</summary>
    public void Clear()
    {
        _count = 0;
        _used = 0;
        _pendingStart = -1;
        TotalPayloadBytes = 0;
    }

    /// <summary>Copies <paramref name="packet"/> in as the next packet.</summary>
    /// <param name="packet">A whole RTP packet.</param>
    /// <param name="payloadBytes">Its payload bytes, for <see cref="TotalPayloadBytes"/>.</param>
    public void Add(ReadOnlySpan<byte> packet, int payloadBytes)
    {
        packet.CopyTo(BeginPacket(packet.Length));
        CommitPacket(packet.Length, payloadBytes);
    }

    /// <summary>
    /// Reserves room for a packet of up to <paramref name="maxPacketLength"/> bytes after its prefix
    /// and returns it for the caller to write; <see cref="CommitPacket"/> then adds it.
    /// </summary>
    public Span<byte> BeginPacket(int maxPacketLength)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentOutOfRangeException.ThrowIfNegative(maxPacketLength);
        var needed = _used + PrefixBytes + maxPacketLength;
        if (needed > _buffer.Length)
            Grow(needed);
        _pendingStart = _used;
        var prefix = _buffer.AsSpan(_used, PrefixBytes);
        prefix.Clear();
        return _buffer.AsSpan(_used + PrefixBytes, maxPacketLength);
    }

    /// <summary>Adds the packet started by <see cref="BeginPacket"/>, <paramref name="packetLength"/> bytes long.</summary>
    /// <exception cref="InvalidOperationException">No packet was begun.</exception>
    public void CommitPacket(int packetLength, int payloadBytes)
    {
        if (_pendingStart < 0)
            throw new InvalidOperationException("CommitPacket without BeginPacket.");
        ArgumentOutOfRangeException.ThrowIfNegative(packetLength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(packetLength, _buffer.Length - _pendingStart - PrefixBytes);
        ArgumentOutOfRangeException.ThrowIfNegative(payloadBytes);

        if (_count == _packets.Length)
            Array.Resize(ref _packets, _packets.Length * 2);
        _packets[_count++] = new PacketEntry(_pendingStart, packetLength);
        _used = _pendingStart + PrefixBytes + packetLength;
        _pendingStart = -1;
        TotalPayloadBytes += payloadBytes;
    }

    /// <summary>Returns the buffer to the pool; the list must not be used afterwards.</summary>
    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        ReleaseBuffer();
    }

    private PacketEntry GetEntry(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, _count);
        return _packets[index];
    }

    private void Grow(int needed)
    {
        var size = Math.Max(needed, Math.Max(_buffer.Length, InitialCapacity) * 2);
        var larger = ArrayPool<byte>.Shared.Rent(size);
        _buffer.AsSpan(0, _used).CopyTo(larger);
        if (_buffer.Length > 0)
            ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = larger;
    }

    private readonly record struct PacketEntry(int Start, int Length);
}
