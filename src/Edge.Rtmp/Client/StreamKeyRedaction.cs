namespace Edge.Rtmp.Client;

/// <summary>
/// Keeps the stream key out of text that came from elsewhere: servers like to echo the stream
/// name in their error descriptions ("stream abc123 is already publishing").
/// </summary>
internal static class StreamKeyRedaction
{
    private const string Mask = "****";

    /// <summary>
    /// <paramref name="text"/> with the stream key, the key without its query string, and every
    /// query parameter value of four characters or more replaced by asterisks.
    /// </summary>
    public static string Scrub(string text, RtmpUrl url)
    {
        if (string.IsNullOrEmpty(text))
            return text;
        var key = url.StreamKey;
        text = text.Replace(key, Mask, StringComparison.Ordinal);
        var query = key.IndexOf('?', StringComparison.Ordinal);
        var name = query < 0 ? key : key[..query];
        if (name.Length > 0)
            text = text.Replace(name, Mask, StringComparison.Ordinal);
        if (query >= 0)
        {
            foreach (var parameter in key[(query + 1)..].Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                var equals = parameter.IndexOf('=', StringComparison.Ordinal);
                var value = equals < 0 ? parameter : parameter[(equals + 1)..];
                if (value.Length >= 4)
                    text = text.Replace(value, Mask, StringComparison.Ordinal);
            }
        }
        return text;
    }
}
