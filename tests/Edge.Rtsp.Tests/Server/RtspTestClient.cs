using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Edge.Rtsp.Tests.Server;

/// <summary>Just enough of an RTSP client: SETUP, PLAY, TEARDOWN, then the interleaved bytes as they come.</summary>
internal sealed class RtspTestClient : IDisposable
{
    private readonly TcpClient _tcp = new(AddressFamily.InterNetwork);
    private readonly string _url;
    private readonly NetworkStream _stream;
    private string? _session;
    private int _cseq;

    public RtspTestClient(IPEndPoint server, string path)
    {
        _tcp.Connect(server);
        _stream = _tcp.GetStream();
        _url = $"rtsp://127.0.0.1:{server.Port}/{path}";
    }

    public IPEndPoint LocalEndPoint => (IPEndPoint)_tcp.Client.LocalEndPoint!;

    /// <summary>Sets up track 0; returns the response head (its Transport header says where multicast goes).</summary>
    public async Task<string> SetupAsync(string transport)
    {
        var response = await RequestAsync("SETUP", _url + "/trackID=0", "Transport: " + transport);
        _session = response.Split("\r\n").Single(l => l.StartsWith("Session:", StringComparison.Ordinal))["Session:".Length..].Split(';')[0].Trim();
        return response;
    }

    /// <summary>Plays the session; returns the response head (its RTP-Info says where the client starts).</summary>
    public Task<string> PlayAsync() => RequestAsync("PLAY", _url, "Session: " + _session);

    public async Task TeardownAsync()
    {
        var request = Encoding.ASCII.GetBytes($"TEARDOWN {_url} RTSP/1.0\r\nCSeq: {++_cseq}\r\nSession: {_session}\r\n\r\n");
        await _stream.WriteAsync(request);
    }

    /// <summary>Bytes of interleaved data read; 0 at the end of the connection.</summary>
    public async Task<int> ReadDataAsync()
    {
        var buffer = new byte[16384];
        try
        {
            return await _stream.ReadAsync(buffer);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            return 0;
        }
    }

    /// <summary>The next interleaved frame (<c>$ channel length</c>, then the packet) on the connection.</summary>
    public async Task<(byte Channel, byte[] Packet)> ReadInterleavedAsync(CancellationToken cancellationToken)
    {
        var prefix = new byte[4];
        await _stream.ReadExactlyAsync(prefix, cancellationToken);
        Assert.Equal((byte)'$', prefix[0]);
        var packet = new byte[(prefix[2] << 8) | prefix[3]];
        await _stream.ReadExactlyAsync(packet, cancellationToken);
        return (prefix[1], packet);
    }

    public void Dispose() => _tcp.Dispose();

    /// <summary>Sends a request and reads its response head byte by byte, so no data after it is taken.</summary>
    private async Task<string> RequestAsync(string method, string url, string header)
    {
        var request = Encoding.ASCII.GetBytes($"{method} {url} RTSP/1.0\r\nCSeq: {++_cseq}\r\n{header}\r\n\r\n");
        await _stream.WriteAsync(request);
        var head = new StringBuilder();
        var one = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            Assert.Equal(1, await _stream.ReadAsync(one));
            head.Append((char)one[0]);
        }
        var text = head.ToString();
        Assert.StartsWith("RTSP/1.0 200", text, StringComparison.Ordinal);
        return text;
    }
}
