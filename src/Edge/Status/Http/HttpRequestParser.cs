using System.Buffers;
using System.Text;

namespace Edge.Status.Http;

/// <summary>
/// Parses an HTTP/1.x request head (RFC 9112 sections 2 to 5) from the bytes a connection has
/// received so far, as a <see cref="System.IO.Pipelines.PipeReader"/> gives them.
/// </summary>
/// <remarks>
/// <para>
/// Limits are enforced by slicing the input to <see cref="HttpServerOptions.MaxRequestHeadBytes"/>
/// before looking for the end of the head, so a client cannot make the server buffer or scan more
/// than that however it sends its bytes. Nothing is allocated until a whole head is there.
/// </para>
/// <para>
/// Strict where leniency helps request smuggling or hides garbage: no whitespace before a colon,
/// no obs-fold continuation lines, no control characters in values, exactly one <c>Host</c> in
/// HTTP/1.1, no <c>Content-Length</c> together with <c>Transfer-Encoding</c>. Lenient where RFC 9112
/// allows it: empty lines before the request line are skipped, and a bare LF ends a line.
/// </para>
/// <para>
/// The body, if any, is not read: the server answers and closes, discarding what is left.
/// </para>
/// </remarks>
internal static class HttpRequestParser
{
    /// <summary>RFC 9110 5.6.2 <c>tchar</c>: the characters of methods and header names.</summary>
    private static readonly SearchValues<byte> TokenBytes =
        SearchValues.Create("!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"u8);

    /// <summary>What a Host value may hold: RFC 3986 reg-name, IPv4, bracketed IPv6, and a port.</summary>
    private static readonly SearchValues<byte> HostBytes =
        SearchValues.Create("-._~!$&'()*+,;=:[]%0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"u8);

    /// <summary>
    /// Parses the head at the start of <paramref name="buffer"/>. Never throws on any input.
    /// </summary>
    /// <param name="buffer">Bytes received and not yet consumed.</param>
    /// <param name="limits">Bounds on the head.</param>
    /// <param name="request">The request, when the result is <see cref="HttpParseStatus.Request"/>.</param>
    /// <param name="consumed">
    /// The end of the head when parsed; otherwise past any empty lines skipped. Advance the reader
    /// to it, marking the whole buffer examined.
    /// </param>
    /// <param name="rejection">The answer to give, when the result is <see cref="HttpParseStatus.Invalid"/>.</param>
    public static HttpParseStatus TryParse(
        in ReadOnlySequence<byte> buffer,
        HttpServerOptions limits,
        out HttpRequest? request,
        out SequencePosition consumed,
        out HttpRejection rejection)
    {
        ArgumentNullException.ThrowIfNull(limits);
        request = null;
        rejection = default;

        // RFC 9112 2.2: a server SHOULD ignore at least one empty line before the request line.
        var reader = new SequenceReader<byte>(buffer);
        reader.AdvancePastAny((byte)'\r', (byte)'\n');
        consumed = reader.Position;
        if (reader.End)
            return HttpParseStatus.Incomplete;

        var rest = buffer.Slice(reader.Position);
        // Slice to the limit first: nothing past it is ever looked at.
        var limited = rest.Length > limits.MaxRequestHeadBytes ? rest.Slice(0, limits.MaxRequestHeadBytes) : rest;

        // Garbage (a TLS hello, a binary probe) is refused from its first bytes, not after 8 KiB or a timeout.
        if (!StartsWithMethod(limited))
            return Reject(HttpStatusCodes.BadRequest, "not an HTTP request", out rejection);

        if (!TryFindEndOfHead(limited, out var headLength, out var requestLineEnded))
        {
            if (rest.Length < limits.MaxRequestHeadBytes)
                return HttpParseStatus.Incomplete;
            return requestLineEnded
                ? Reject(HttpStatusCodes.RequestHeaderFieldsTooLarge, $"request headers larger than {limits.MaxRequestHeadBytes} bytes", out rejection)
                : Reject(HttpStatusCodes.UriTooLong, $"request line longer than {limits.MaxRequestHeadBytes} bytes", out rejection);
        }

        var head = limited.Slice(0, headLength);
        byte[]? rented = null;
        try
        {
            ReadOnlySpan<byte> block;
            if (head.IsSingleSegment)
            {
                block = head.FirstSpan;
            }
            else
            {
                rented = ArrayPool<byte>.Shared.Rent(headLength);
                head.CopyTo(rented);
                block = rented.AsSpan(0, headLength);
            }

            if (!TryParseHead(block, limits, out request, out rejection))
                return HttpParseStatus.Invalid;
            consumed = rest.GetPosition(headLength);
            return HttpParseStatus.Request;
        }
        finally
        {
            if (rented is not null)
                ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>True while the bytes so far can still begin <c>method SP</c>: token characters, then a space.</summary>
    private static bool StartsWithMethod(in ReadOnlySequence<byte> data)
    {
        var reader = new SequenceReader<byte>(data);
        var length = 0;
        while (reader.TryRead(out var b))
        {
            if (b == (byte)' ')
                return length > 0;
            if (!IsTokenByte(b))
                return false;
            length++;
        }

        return true;
    }

    /// <summary>Finds the empty line that ends the head; <paramref name="length"/> includes it.</summary>
    private static bool TryFindEndOfHead(in ReadOnlySequence<byte> data, out int length, out bool requestLineEnded)
    {
        var reader = new SequenceReader<byte>(data);
        requestLineEnded = false;
        while (reader.TryReadTo(out ReadOnlySequence<byte> line, (byte)'\n'))
        {
            if (requestLineEnded && (line.Length == 0 || (line.Length == 1 && line.FirstSpan[0] == (byte)'\r')))
            {
                length = (int)reader.Consumed;
                return true;
            }

            requestLineEnded = true;
        }

        length = 0;
        return false;
    }

    private static bool TryParseHead(ReadOnlySpan<byte> block, HttpServerOptions limits, out HttpRequest? request, out HttpRejection rejection)
    {
        request = null;
        if (!TryParseRequestLine(NextLine(ref block), out var method, out var target, out var minorVersion, out rejection))
            return false;
        if (!TryParseTarget(target, out var path, out var query))
            return Refuse(HttpStatusCodes.BadRequest, "malformed request target", out rejection);

        var hosts = 0;
        var hasTransferEncoding = false;
        long? contentLength = null;
        var count = 0;
        while (true)
        {
            var line = NextLine(ref block);
            if (line.IsEmpty)
                break; // the empty line; nothing follows it in the block

            if (++count > limits.MaxHeaderCount)
                return Refuse(HttpStatusCodes.RequestHeaderFieldsTooLarge, $"more than {limits.MaxHeaderCount} header lines", out rejection);

            // RFC 9112 5.2: obs-fold is refused. 5.1: no whitespace between the name and the colon.
            var colon = line.IndexOf((byte)':');
            if (colon <= 0 || line[0] is (byte)' ' or (byte)'\t')
                return Refuse(HttpStatusCodes.BadRequest, "malformed header line", out rejection);
            var name = line[..colon];
            if (name.IndexOfAnyExcept(TokenBytes) >= 0)
                return Refuse(HttpStatusCodes.BadRequest, "malformed header name", out rejection);
            var value = line[(colon + 1)..].Trim(" \t"u8);
            if (!IsFieldValue(value))
                return Refuse(HttpStatusCodes.BadRequest, "control character in a header value", out rejection);

            if (Ascii.EqualsIgnoreCase(name, "Host"u8))
            {
                hosts++;
                if (!IsHostValue(value))
                    return Refuse(HttpStatusCodes.BadRequest, "malformed Host header", out rejection);
            }
            else if (Ascii.EqualsIgnoreCase(name, "Content-Length"u8))
            {
                if (!TryParseLength(value, out var length) || (contentLength is { } previous && previous != length))
                    return Refuse(HttpStatusCodes.BadRequest, "malformed Content-Length", out rejection);
                contentLength = length;
            }
            else if (Ascii.EqualsIgnoreCase(name, "Transfer-Encoding"u8))
            {
                hasTransferEncoding = true;
            }
        }

        // RFC 9112 3.2: HTTP/1.1 needs exactly one Host; no request may carry two.
        if (hosts > 1 || (minorVersion >= 1 && hosts == 0))
            return Refuse(HttpStatusCodes.BadRequest, hosts > 1 ? "more than one Host header" : "HTTP/1.1 request without a Host header", out rejection);
        // RFC 9112 6.1: both framings at once is how requests are smuggled past proxies.
        if (hasTransferEncoding && contentLength is not null)
            return Refuse(HttpStatusCodes.BadRequest, "both Content-Length and Transfer-Encoding", out rejection);

        request = new HttpRequest(method, path, query, minorVersion);
        return true;
    }

    /// <summary><c>method SP request-target SP HTTP-version</c>, one space each (RFC 9112 3).</summary>
    private static bool TryParseRequestLine(ReadOnlySpan<byte> line, out string method, out ReadOnlySpan<byte> target, out int minorVersion, out HttpRejection rejection)
    {
        method = "";
        target = default;
        minorVersion = 0;
        rejection = default;

        var firstSpace = line.IndexOf((byte)' ');
        if (firstSpace <= 0 || line[..firstSpace].IndexOfAnyExcept(TokenBytes) >= 0)
            return Refuse(HttpStatusCodes.BadRequest, "malformed request line", out rejection);
        var afterMethod = line[(firstSpace + 1)..];
        var secondSpace = afterMethod.IndexOf((byte)' ');
        if (secondSpace <= 0)
            return Refuse(HttpStatusCodes.BadRequest, "malformed request line", out rejection);
        target = afterMethod[..secondSpace];
        var version = afterMethod[(secondSpace + 1)..];
        // Visible ASCII only: no spaces, controls or raw non-ASCII bytes in a target.
        if (target.IndexOfAnyExceptInRange((byte)'!', (byte)'~') >= 0)
            return Refuse(HttpStatusCodes.BadRequest, "malformed request target", out rejection);

        // HTTP-version = "HTTP/" DIGIT "." DIGIT, case-sensitive.
        if (version.Length != 8 || !version.StartsWith("HTTP/"u8) || !char.IsAsciiDigit((char)version[5]) || version[6] != (byte)'.' || !char.IsAsciiDigit((char)version[7]))
            return Refuse(HttpStatusCodes.BadRequest, "malformed HTTP version", out rejection);
        if (version[5] != (byte)'1')
            return Refuse(HttpStatusCodes.HttpVersionNotSupported, "only HTTP/1.0 and HTTP/1.1 are served", out rejection);

        method = Encoding.ASCII.GetString(line[..firstSpace]);
        minorVersion = version[7] == (byte)'0' ? 0 : 1;
        return true;
    }

    /// <summary>Origin form (<c>/path?query</c>), absolute form (<c>http://host/path</c>) or <c>*</c> (RFC 9112 3.2).</summary>
    private static bool TryParseTarget(ReadOnlySpan<byte> target, out string path, out string query)
    {
        path = query = "";
        if (target.SequenceEqual("*"u8))
        {
            path = "*";
            return true;
        }

        if (target[0] != (byte)'/')
        {
            var schemeLength = StartsWithIgnoreCase(target, "http://"u8) ? 7 : StartsWithIgnoreCase(target, "https://"u8) ? 8 : 0;
            if (schemeLength == 0)
                return false;
            var afterScheme = target[schemeLength..];
            var authorityEnd = afterScheme.IndexOfAny((byte)'/', (byte)'?');
            if (authorityEnd == 0)
                return false;
            if (authorityEnd < 0 || afterScheme[authorityEnd] == (byte)'?')
            {
                // http://host or http://host?query: the path is "/".
                path = "/";
                query = authorityEnd < 0 ? "" : Encoding.ASCII.GetString(afterScheme[(authorityEnd + 1)..]);
                return true;
            }

            target = afterScheme[authorityEnd..];
        }

        var question = target.IndexOf((byte)'?');
        path = Encoding.ASCII.GetString(question < 0 ? target : target[..question]);
        query = question < 0 ? "" : Encoding.ASCII.GetString(target[(question + 1)..]);
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

    /// <summary>1*DIGIT, up to 18 digits so it fits a long.</summary>
    private static bool TryParseLength(ReadOnlySpan<byte> value, out long length)
    {
        length = 0;
        if (value.IsEmpty || value.Length > 18)
            return false;
        foreach (var b in value)
        {
            if (b is < (byte)'0' or > (byte)'9')
                return false;
            length = (length * 10) + (b - (byte)'0');
        }

        return true;
    }

    /// <summary>
    /// RFC 9110 5.5 field-value: visible characters, spaces, tabs and obs-text (bytes 0x80 and up);
    /// never CR, LF, NUL or another control character.
    /// </summary>
    private static bool IsFieldValue(ReadOnlySpan<byte> value)
    {
        foreach (var b in value)
        {
            if ((b < 0x20 && b != (byte)'\t') || b == 0x7F)
                return false;
        }

        return true;
    }

    /// <summary>A host and optional port (RFC 3986 reg-name, IPv4, or bracketed IPv6): no spaces, slashes or user info.</summary>
    private static bool IsHostValue(ReadOnlySpan<byte> value) => value.IndexOfAnyExcept(HostBytes) < 0;

    private static bool StartsWithIgnoreCase(ReadOnlySpan<byte> text, ReadOnlySpan<byte> prefix) =>
        text.Length >= prefix.Length && Ascii.EqualsIgnoreCase(text[..prefix.Length], prefix);

    private static bool IsTokenByte(byte b) => TokenBytes.Contains(b);

    private static HttpParseStatus Reject(int statusCode, string reason, out HttpRejection rejection)
    {
        rejection = new HttpRejection(statusCode, reason);
        return HttpParseStatus.Invalid;
    }

    private static bool Refuse(int statusCode, string reason, out HttpRejection rejection)
    {
        rejection = new HttpRejection(statusCode, reason);
        return false;
    }
}
