using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Edge.Rtsp.Protocol.Rtp;

namespace Edge.Benchmarks.HubToWire;

/// <summary>
/// Just enough of an RTSP client to play one stream (SETUP, PLAY; no DESCRIBE, no RTCP) over TCP
/// interleaved or UDP, and to note for each access unit when its last RTP packet (the one with the
/// marker bit) arrived.
/// </summary>
/// <remarks>
/// Each client has its own thread, which sets up the session and then reads packets with
/// blocking receives into one reused buffer. Only blocking calls are made on its sockets: once a
/// .NET socket has run an asynchronous operation, its blocking calls are emulated and allocate
/// whenever they wait, which would count against the server. The arrival time is the
/// <see cref="Stopwatch"/> time right after the receive that completed the marker packet
/// returned: it includes the kernel's loopback delivery and this thread's wake-up, nothing else
/// of the client.
/// </remarks>
public sealed class MinimalRtspClient : IDisposable
{
    private const int TcpBufferBytes = 256 * 1024;
    private static readonly TimeSpan SetupTimeout = TimeSpan.FromSeconds(15);

    private readonly IPEndPoint _server;
    private readonly string _url;
    private readonly bool _tcp;
    private readonly Socket _control;
    private readonly Socket? _rtp;
    private readonly Socket? _rtcp;
    private readonly uint[] _tags;
    private readonly long[] _arrivals;
    private readonly TaskCompletionSource _playing = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Thread _thread;
    private byte[] _leftover = [];
    private int _count;
    private int _cSeq = 1;
    private uint _currentTag;
    private uint _currentTimestamp;
    private bool _haveTag;
    private volatile bool _stopping;
    private volatile string? _failure;

    /// <summary>Starts a client that plays <paramref name="url"/> from <paramref name="server"/>; <see cref="Playing"/> tells when it does.</summary>
    /// <param name="capacity">Most units to record.</param>
    public MinimalRtspClient(IPEndPoint server, string url, bool tcp, int capacity)
    {
        _server = server;
        _url = url;
        _tcp = tcp;
        _tags = new uint[capacity];
        _arrivals = new long[capacity];
        _control = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        if (!tcp)
        {
            _rtp = BindUdp();
            _rtcp = BindUdp(); // the server's sender reports land here, unread
        }

        _thread = new Thread(Run) { IsBackground = true, Name = "bench-rtsp-client" };
        _thread.Start();
    }

    /// <summary>Completes once PLAY was answered and packets are being recorded; faults if setting up failed.</summary>
    public Task Playing => _playing.Task;

    /// <summary>Units whose marker packet arrived (with their tag seen).</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Set when receiving stopped for any reason but <see cref="Dispose"/>.</summary>
    public string? Failure => _failure;

    /// <summary>The tag and arrival time of the <paramref name="index"/>th unit received.</summary>
    public (uint Tag, long Arrival) this[int index] => (_tags[index], _arrivals[index]);

    /// <summary>Stops receiving: closes the sockets and waits for the thread.</summary>
    public void Dispose()
    {
        _stopping = true;
        _control.Dispose();
        _rtp?.Dispose();
        _rtcp?.Dispose();
        _thread.Join(TimeSpan.FromSeconds(5));
    }

    private static Socket BindUdp()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.ReceiveBufferSize = 1 << 20; // the kernel caps it at net.core.rmem_max; an IDR is ~90 packets
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return socket;
    }

    private static string Header(string response, string name) =>
        response.Split("\r\n").FirstOrDefault(l => l.StartsWith(name + ":", StringComparison.OrdinalIgnoreCase))?[(name.Length + 1)..].Trim()
        ?? throw new InvalidOperationException($"the server's response has no {name} header:\n{response}");

    private static int IndexOfHeadEnd(List<byte> bytes)
    {
        for (var i = 0; i + 3 < bytes.Count; i++)
        {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n' && bytes[i + 2] == '\r' && bytes[i + 3] == '\n')
                return i;
        }

        return -1;
    }

    private void Run()
    {
        try
        {
            SetUpAndPlay();
        }
        catch (Exception e)
        {
            _playing.TrySetException(e);
            return;
        }

        _playing.TrySetResult();
        try
        {
            if (_tcp)
                ReceiveInterleaved();
            else
                ReceiveDatagrams();
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            if (!_stopping)
                _failure = e.Message;
        }
    }

    private void SetUpAndPlay()
    {
        _control.ReceiveTimeout = (int)SetupTimeout.TotalMilliseconds;
        _control.Connect(_server);
        var transport = _tcp
            ? "RTP/AVP/TCP;unicast;interleaved=0-1"
            : $"RTP/AVP;unicast;client_port={((IPEndPoint)_rtp!.LocalEndPoint!).Port}-{((IPEndPoint)_rtcp!.LocalEndPoint!).Port}";
        var setup = Request($"SETUP {_url}/trackID=0", $"Transport: {transport}\r\n");
        var session = Header(setup, "Session").Split(';')[0].Trim();
        Request($"PLAY {_url}", $"Session: {session}\r\n");
        _control.ReceiveTimeout = 0; // from now on the stream's own pace
    }

    /// <summary>Sends a request and reads the response's head; bytes after it (interleaved data) are kept for the receive loop.</summary>
    private string Request(string requestLine, string headers)
    {
        _control.Send(Encoding.ASCII.GetBytes($"{requestLine} RTSP/1.0\r\nCSeq: {_cSeq++}\r\n{headers}\r\n"));
        var received = new List<byte>(_leftover);
        var buffer = new byte[4096];
        while (true)
        {
            var end = IndexOfHeadEnd(received);
            if (end >= 0)
            {
                var head = Encoding.ASCII.GetString([.. received.Take(end)]);
                _leftover = [.. received.Skip(end + 4)];
                if (!head.StartsWith("RTSP/1.0 200", StringComparison.Ordinal))
                    throw new InvalidOperationException($"{requestLine} was answered: {head.Split("\r\n")[0]}");
                return head;
            }

            var read = _control.Receive(buffer);
            if (read == 0)
                throw new InvalidOperationException($"the server closed the connection during {requestLine}");
            received.AddRange(buffer.AsSpan(0, read));
        }
    }

    private void ReceiveDatagrams()
    {
        var buffer = new byte[65536];
        while (!_stopping)
        {
            var length = _rtp!.Receive(buffer);
            OnRtpPacket(buffer.AsSpan(0, length), Stopwatch.GetTimestamp());
        }
    }

    private void ReceiveInterleaved()
    {
        // '$', channel, 16-bit length, packet (RFC 2326 10.12), back to back on the connection.
        var buffer = new byte[TcpBufferBytes];
        _leftover.CopyTo(buffer, 0);
        var filled = _leftover.Length;
        while (!_stopping)
        {
            var read = _control.Receive(buffer.AsSpan(filled));
            var arrival = Stopwatch.GetTimestamp();
            if (read == 0)
            {
                _failure = _stopping ? null : "the server closed the connection";
                return;
            }

            filled += read;
            var position = 0;
            while (filled - position >= 4)
            {
                if (buffer[position] != '$')
                {
                    _failure = $"expected an interleaved frame, got byte 0x{buffer[position]:x2}";
                    return;
                }

                var length = BinaryPrimitives.ReadUInt16BigEndian(buffer.AsSpan(position + 2));
                if (filled - position < 4 + length)
                    break;
                if (buffer[position + 1] == 0)
                    OnRtpPacket(buffer.AsSpan(position + 4, length), arrival);
                position += 4 + length;
            }

            buffer.AsSpan(position, filled - position).CopyTo(buffer);
            filled -= position;
        }
    }

    private void OnRtpPacket(ReadOnlySpan<byte> packet, long arrival)
    {
        if (!RtpHeader.TryRead(packet, out var info))
            return;
        if (UnitTag.TryRead(info.GetPayload(packet), out var tag))
        {
            _currentTag = tag;
            _currentTimestamp = info.Timestamp;
            _haveTag = true;
        }

        if (!info.Marker)
            return;
        if (_haveTag && info.Timestamp == _currentTimestamp && _count < _tags.Length)
        {
            _tags[_count] = _currentTag;
            _arrivals[_count] = arrival;
            Volatile.Write(ref _count, _count + 1);
        }

        _haveTag = false;
    }
}
