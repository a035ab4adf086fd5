using System.Buffers;
using System.Globalization;
using System.Text;

namespace Edge.Rtsp.Protocol.Messages;

/// <summary>
/// Builds RTSP responses (<c>RTSP/1.0 200 OK</c>, <c>CSeq</c>, headers, blank line, body) into a
/// pooled buffer that is reused from one response to the next. One per connection; not thread-safe.
/// </summary>
/// <example>
/// <code>
/// writer.Begin(RtspStatusCodes.Ok, request.CSeq);
/// writer.AddHeader(RtspHeaderNames.Public, "OPTIONS, DESCRIBE, SETUP, PLAY, TEARDOWN, GET_PARAMETER");
/// await output.WriteAsync(writer.End());
/// </code>
/// </example>
public sealed class RtspResponseWriter : IDisposable
{
    private const string Crlf = "\r\n";

    private readonly string? _serverName;
    private readonly TimeProvider? _dateClock;
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(1024);
    private int _length;
    private State _state;

    /// <summary>Creates a writer.</summary>
    /// <param name="serverName">The <c>Server</c> header of every response, or null for none.</param>
    /// <param name="dateClock">Clock for a <c>Date</c> header on every response, or null for none.</param>
    public RtspResponseWriter(string? serverName = "Edge", TimeProvider? dateClock = null)
    {
        if (serverName is not null)
            EnsureValue(serverName, nameof(serverName));
        _serverName = serverName;
        _dateClock = dateClock;
    }

    /// <summary>The response written so far (the whole response after <c>End</c>); valid until the next <see cref="Begin"/>.</summary>
    public ReadOnlyMemory<byte> Written => _buffer.AsMemory(0, _length);

    /// <summary>Starts a response: status line, <c>CSeq</c> (unless <paramref name="cSeq"/> is negative), <c>Date</c> and <c>Server</c>.</summary>
    /// <param name="statusCode">The status code (100-999).</param>
    /// <param name="cSeq">The request's <c>CSeq</c>, echoed; negative when the request had none.</param>
    /// <param name="reasonPhrase">The reason phrase, or null for the standard one.</param>
    public void Begin(int statusCode, int cSeq, string? reasonPhrase = null)
    {
        ObjectDisposedException.ThrowIf(_buffer.Length == 0, this);
        ArgumentOutOfRangeException.ThrowIfLessThan(statusCode, 100);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(statusCode, 999);
        reasonPhrase ??= RtspStatusCodes.GetReasonPhrase(statusCode);
        EnsureValue(reasonPhrase, nameof(reasonPhrase));

        _length = 0;
        _state = State.Headers;
        Append("RTSP/1.0 ");
        Append(statusCode);
        Append(" ");
        Append(reasonPhrase);
        Append(Crlf);
        if (cSeq >= 0)
            AddHeader(RtspHeaderNames.CSeq, cSeq);
        if (_dateClock is not null)
        {
            // RFC 1123 date, e.g. "Tue, 15 Nov 1994 08:12:31 GMT".
            Span<char> date = stackalloc char[32];
            _dateClock.GetUtcNow().TryFormat(date, out var written, "r", CultureInfo.InvariantCulture);
            AddHeader(RtspHeaderNames.Date, date[..written]);
        }

        if (_serverName is not null)
            AddHeader(RtspHeaderNames.Server, _serverName);
    }

    /// <summary>Adds a header.</summary>
    /// <exception cref="ArgumentException">The name is not a token, or the value holds a line break or control character.</exception>
    public void AddHeader(string name, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        AddHeader(name, value.AsSpan());
    }

    /// <inheritdoc cref="AddHeader(string, string)"/>
    public void AddHeader(string name, ReadOnlySpan<char> value)
    {
        EnsureState(State.Headers);
        EnsureName(name);
        EnsureValue(value, nameof(value));
        Append(name);
        Append(": ");
        Append(value);
        Append(Crlf);
    }

    /// <summary>Adds a header with a number as its value.</summary>
    public void AddHeader(string name, long value)
    {
        Span<char> digits = stackalloc char[20];
        value.TryFormat(digits, out var written, default, CultureInfo.InvariantCulture);
        AddHeader(name, digits[..written]);
    }

    /// <summary>Ends the headers of a response without a body and returns the whole response.</summary>
    public ReadOnlyMemory<byte> End()
    {
        EnsureState(State.Headers);
        Append(Crlf);
        _state = State.Done;
        return Written;
    }

    /// <summary>Adds <c>Content-Type</c> and <c>Content-Length</c>, the body, and returns the whole response.</summary>
    public ReadOnlyMemory<byte> End(ReadOnlySpan<byte> body, string contentType)
    {
        AddHeader(RtspHeaderNames.ContentType, contentType);
        AddHeader(RtspHeaderNames.ContentLength, body.Length);
        Append(Crlf);
        Reserve(body.Length);
        body.CopyTo(_buffer.AsSpan(_length));
        _length += body.Length;
        _state = State.Done;
        return Written;
    }

    /// <summary>As <see cref="End(ReadOnlySpan{byte}, string)"/>, with a text body sent as UTF-8 (an SDP, a parameter list).</summary>
    public ReadOnlyMemory<byte> End(string body, string contentType)
    {
        ArgumentNullException.ThrowIfNull(body);
        var length = Encoding.UTF8.GetByteCount(body);
        AddHeader(RtspHeaderNames.ContentType, contentType);
        AddHeader(RtspHeaderNames.ContentLength, length);
        Append(Crlf);
        Append(body);
        _state = State.Done;
        return Written;
    }

    /// <summary>Copies the finished response into <paramref name="output"/> (a <see cref="System.IO.Pipelines.PipeWriter"/>, say).</summary>
    public void WriteTo(IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        EnsureState(State.Done);
        output.Write(Written.Span);
    }

    /// <summary>Returns the buffer to the pool.</summary>
    public void Dispose()
    {
        if (_buffer.Length == 0)
            return;
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
        _length = 0;
    }

    private void Append(ReadOnlySpan<char> text)
    {
        Reserve(Encoding.UTF8.GetMaxByteCount(text.Length));
        _length += Encoding.UTF8.GetBytes(text, _buffer.AsSpan(_length));
    }

    private void Append(int number)
    {
        Span<char> digits = stackalloc char[11];
        number.TryFormat(digits, out var written, default, CultureInfo.InvariantCulture);
        Append(digits[..written]);
    }

    private void Reserve(int bytes)
    {
        if (_buffer.Length - _length >= bytes)
            return;
        var larger = ArrayPool<byte>.Shared.Rent(Math.Max(_length + bytes, _buffer.Length * 2));
        _buffer.AsSpan(0, _length).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = larger;
    }

    private void EnsureState(State expected)
    {
        ObjectDisposedException.ThrowIf(_buffer.Length == 0, this);
        if (_state != expected)
        {
            throw new InvalidOperationException(expected == State.Headers
                ? "Call Begin before adding headers or ending a response."
                : "The response is not finished: call End first.");
        }
    }

    private static void EnsureName(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        foreach (var c in name)
        {
            if (c <= ' ' || c >= '\u007F' || c == ':')
                throw new ArgumentException($"'{name}' is not a valid header name.", nameof(name));
        }
    }

    private static void EnsureValue(ReadOnlySpan<char> value, string parameterName)
    {
        foreach (var c in value)
        {
            if ((c < ' ' && c != '\t') || c == '\u007F')
                throw new ArgumentException("A header value cannot hold a line break or control character.", parameterName);
        }
    }

    private enum State
    {
        Idle,
        Headers,
        Done,
    }
}
