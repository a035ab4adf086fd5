using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Edge.Rtsp.Protocol.Messages;

/// <summary>
/// Parses RTSP requests and interleaved binary frames from the bytes a connection has received
/// (what a <see cref="System.IO.Pipelines.PipeReader"/> gives), one message per call.
/// </summary>
/// <remarks>
/// <para>
/// Limits are enforced by slicing the input before parsing: request line and headers must end
/// within <see cref="RtspParserLimits.MaxHeaderBytes"/>, so a client cannot make the server buffer
/// or scan more than that however it sends its bytes. Nothing is allocated until a whole request is there.
/// </para>
/// <para>
/// Use: <c>AdvanceTo(consumed, buffer.End)</c> after every call. On <see cref="RtspParseStatus.Incomplete"/>,
/// <c>consumed</c> is past any blank lines between messages (which RFC 7826 20.2.2 allows), else at the start.
/// Lines may end in CRLF or a bare LF; headers may be folded onto continuation lines.
/// </para>
/// </remarks>
public static class RtspRequestParser
{
    /// <summary>Reason given when the request line and headers do not end within the limit.</summary>
    public const string RequestTooLarge = "request too large";

    /// <summary>
    /// Parses the message at the start of <paramref name="buffer"/>. Never throws on any input.
    /// </summary>
    /// <param name="buffer">Bytes received and not yet consumed.</param>
    /// <param name="limits">Bounds on the request.</param>
    /// <param name="request">The request, when the result is <see cref="RtspParseStatus.Request"/>.</param>
    /// <param name="frame">The frame, when the result is <see cref="RtspParseStatus.InterleavedFrame"/>; its payload is a slice of <paramref name="buffer"/>.</param>
    /// <param name="consumed">The end of what the message used (or of the blank lines skipped).</param>
    /// <param name="error">A short reason, when the result is <see cref="RtspParseStatus.Invalid"/>.</param>
    public static RtspParseStatus TryParse(
        in ReadOnlySequence<byte> buffer,
        RtspParserLimits limits,
        out RtspRequest? request,
        out InterleavedFrame frame,
        out SequencePosition consumed,
        out string? error)
    {
        ArgumentNullException.ThrowIfNull(limits);
        request = null;
        frame = default;
        error = null;

        var reader = new SequenceReader<byte>(buffer);
        reader.AdvancePastAny((byte)'\r', (byte)'\n');
        consumed = reader.Position;
        if (!reader.TryPeek(out var first))
            return RtspParseStatus.Incomplete;

        var rest = buffer.Slice(reader.Position);
        if (first == (byte)'$')
            return TryParseFrame(rest, out frame, ref consumed);

        if (!IsTokenByte(first))
            return Fail("not an RTSP request", out error);

        // Slice to the limit first: nothing past it is ever looked at.
        var limited = rest.Length > limits.MaxHeaderBytes ? rest.Slice(0, limits.MaxHeaderBytes) : rest;
        if (!TryFindEndOfHeaders(limited, out var headerLength))
            return rest.Length >= limits.MaxHeaderBytes ? Fail(RequestTooLarge, out error) : RtspParseStatus.Incomplete;

        var headerBlock = limited.Slice(0, headerLength);
        byte[]? rented = null;
        try
        {
            ReadOnlySpan<byte> block;
            if (headerBlock.IsSingleSegment)
            {
                block = headerBlock.FirstSpan;
            }
            else
            {
                rented = ArrayPool<byte>.Shared.Rent(headerLength);
                headerBlock.CopyTo(rented);
                block = rented.AsSpan(0, headerLength);
            }

            if (!TryParseHead(block, limits, out var methodText, out var uri, out var version, out var headers, out error))
                return RtspParseStatus.Invalid;

            if (!TryGetContentLength(headers, out var contentLength))
                return Fail("invalid Content-Length", out error);
            if (contentLength > limits.MaxBodyBytes)
                return Fail("body too large", out error);
            if (rest.Length - headerLength < contentLength)
                return RtspParseStatus.Incomplete;

            var body = contentLength == 0 ? ReadOnlyMemory<byte>.Empty : rest.Slice(headerLength, contentLength).ToArray();
            request = new RtspRequest(methodText, uri, version, headers, body);
            consumed = rest.GetPosition(headerLength + contentLength);
            return RtspParseStatus.Request;
        }
        finally
        {
            if (rented is not null)
                ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static RtspParseStatus TryParseFrame(in ReadOnlySequence<byte> rest, out InterleavedFrame frame, ref SequencePosition consumed)
    {
        frame = default;
        Span<byte> header = stackalloc byte[InterleavedFrame.HeaderLength];
        if (rest.Length < InterleavedFrame.HeaderLength)
            return RtspParseStatus.Incomplete;
        rest.Slice(0, InterleavedFrame.HeaderLength).CopyTo(header);
        var length = BinaryPrimitives.ReadUInt16BigEndian(header[2..]);
        if (rest.Length < InterleavedFrame.HeaderLength + length)
            return RtspParseStatus.Incomplete;

        frame = new InterleavedFrame(header[1], rest.Slice(InterleavedFrame.HeaderLength, length));
        consumed = rest.GetPosition(InterleavedFrame.HeaderLength + length);
        return RtspParseStatus.InterleavedFrame;
    }

    /// <summary>Finds the blank line that ends the headers; <paramref name="length"/> includes it.</summary>
    private static bool TryFindEndOfHeaders(in ReadOnlySequence<byte> data, out int length)
    {
        var reader = new SequenceReader<byte>(data);
        while (reader.TryReadTo(out ReadOnlySequence<byte> line, (byte)'\n'))
        {
            if (line.Length == 0 || (line.Length == 1 && line.PositionOf((byte)'\r') is not null))
            {
                length = (int)reader.Consumed;
                return true;
            }
        }

        length = 0;
        return false;
    }

    private static bool TryParseHead(
        ReadOnlySpan<byte> block,
        RtspParserLimits limits,
        out string methodText,
        out string uri,
        out string version,
        out List<KeyValuePair<string, string>> headers,
        out string? error)
    {
        methodText = uri = version = "";
        headers = [];
        error = null;

        var requestLine = NextLine(ref block);
        if (!TryParseRequestLine(requestLine, out methodText, out uri, out version, out error))
            return false;

        while (true)
        {
            var line = NextLine(ref block);
            if (line.IsEmpty)
                return true; // the blank line; nothing follows it in the block

            if (line[0] is (byte)' ' or (byte)'\t')
            {
                // obs-fold: a continuation of the previous header's value.
                if (headers.Count == 0)
                    return Reject("malformed header", out error);
                var more = Trim(line);
                if (!IsValidValue(more))
                    return Reject("malformed header", out error);
                var previous = headers[^1];
                headers[^1] = new(previous.Key, more.IsEmpty ? previous.Value : $"{previous.Value} {Encoding.UTF8.GetString(more)}");
                continue;
            }

            var colon = line.IndexOf((byte)':');
            if (colon <= 0)
                return Reject("malformed header", out error);
            var name = line[..colon];
            var value = Trim(line[(colon + 1)..]);
            foreach (var b in name)
            {
                if (!IsTokenByte(b))
                    return Reject("malformed header", out error);
            }

            if (!IsValidValue(value))
                return Reject("malformed header", out error);
            if (headers.Count == limits.MaxHeaders)
                return Reject("too many headers", out error);
            headers.Add(new(Encoding.ASCII.GetString(name), Encoding.UTF8.GetString(value)));
        }
    }

    private static bool TryParseRequestLine(ReadOnlySpan<byte> line, out string methodText, out string uri, out string version, out string? error)
    {
        methodText = uri = version = "";
        error = null;
        var firstSpace = line.IndexOf((byte)' ');
        var lastSpace = line.LastIndexOf((byte)' ');
        if (firstSpace <= 0 || lastSpace == firstSpace || lastSpace == line.Length - 1)
            return Reject("malformed request line", out error);

        var method = line[..firstSpace];
        var target = Trim(line[(firstSpace + 1)..lastSpace]);
        var protocol = line[(lastSpace + 1)..];
        foreach (var b in method)
        {
            if (!IsTokenByte(b))
                return Reject("malformed request line", out error);
        }

        if (target.IsEmpty)
            return Reject("malformed request line", out error);
        foreach (var b in target)
        {
            if (b <= (byte)' ' || b == 0x7F)
                return Reject("malformed request line", out error);
        }

        if (!IsRtspVersion(protocol))
            return Reject("not an RTSP request", out error);

        methodText = Encoding.ASCII.GetString(method);
        uri = Encoding.UTF8.GetString(target);
        version = Encoding.ASCII.GetString(protocol);
        return true;
    }

    private static bool TryGetContentLength(List<KeyValuePair<string, string>> headers, out int contentLength)
    {
        contentLength = 0;
        var seen = false;
        foreach (var (name, value) in headers)
        {
            if (!string.Equals(name, RtspHeaderNames.ContentLength, StringComparison.OrdinalIgnoreCase))
                continue;
            if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var length))
                return false;
            if (seen && length != contentLength)
                return false;
            contentLength = length;
            seen = true;
        }

        return true;
    }

    /// <summary>Takes the next line off <paramref name="block"/>, without its CRLF or LF.</summary>
    private static ReadOnlySpan<byte> NextLine(ref ReadOnlySpan<byte> block)
    {
        var newline = block.IndexOf((byte)'\n');
        ReadOnlySpan<byte> line;
        if (newline < 0)
        {
            line = block;
            block = default;
        }
        else
        {
            line = block[..newline];
            block = block[(newline + 1)..];
        }

        return line.Length > 0 && line[^1] == (byte)'\r' ? line[..^1] : line;
    }

    /// <summary><c>RTSP/</c>, digits, a dot, digits.</summary>
    private static bool IsRtspVersion(ReadOnlySpan<byte> protocol)
    {
        if (!protocol.StartsWith("RTSP/"u8))
            return false;
        var number = protocol[5..];
        var dot = number.IndexOf((byte)'.');
        return dot > 0 && dot < number.Length - 1
            && !number[..dot].ContainsAnyExceptInRange((byte)'0', (byte)'9')
            && !number[(dot + 1)..].ContainsAnyExceptInRange((byte)'0', (byte)'9');
    }

    /// <summary>RFC 7230 <c>tchar</c>: the characters of methods and header names.</summary>
    private static bool IsTokenByte(byte b) =>
        b is (>= (byte)'a' and <= (byte)'z') or (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'0' and <= (byte)'9')
            or (byte)'!' or (byte)'#' or (byte)'$' or (byte)'%' or (byte)'&' or (byte)'\'' or (byte)'*'
            or (byte)'+' or (byte)'-' or (byte)'.' or (byte)'^' or (byte)'_' or (byte)'`' or (byte)'|' or (byte)'~';

    /// <summary>A header value holds no control characters but tabs.</summary>
    private static bool IsValidValue(ReadOnlySpan<byte> value)
    {
        foreach (var b in value)
        {
            if ((b < 0x20 && b != (byte)'\t') || b == 0x7F)
                return false;
        }

        return true;
    }

    private static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> value) => value.Trim(" \t"u8);

    private static RtspParseStatus Fail(string reason, out string? error)
    {
        error = reason;
        return RtspParseStatus.Invalid;
    }

    private static bool Reject(string reason, out string? error)
    {
        error = reason;
        return false;
    }
}
