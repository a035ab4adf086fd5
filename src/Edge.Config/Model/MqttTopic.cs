namespace Edge.Config;

/// <summary>The rules for the MQTT topics edge publishes under (MQTT 3.1.1, section 4.7).</summary>
public static class MqttTopic
{
    /// <summary>
    /// <paramref name="text"/> as one topic level and Home Assistant id: letters, digits, <c>_</c>
    /// and <c>-</c> kept, everything else <c>_</c> (Home Assistant allows no more in a discovery
    /// topic's node and object ids).
    /// </summary>
    public static string Slug(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return string.Create(text.Length, text, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
                span[i] = char.IsAsciiLetterOrDigit(source[i]) || source[i] is '_' or '-' ? source[i] : '_';
        });
    }

    /// <summary>
    /// Null when <paramref name="topic"/> can prefix the topics edge publishes; otherwise what is
    /// wrong with it: no wildcards (<c>+</c>, <c>#</c>), no empty level, no leading or trailing
    /// <c>/</c>, no control characters, not <c>$</c> (the broker's own topics), at most 200 characters.
    /// </summary>
    public static string? Problem(string topic)
    {
        ArgumentNullException.ThrowIfNull(topic);
        if (topic.Length is 0 or > 200)
            return "must be 1 to 200 characters";
        if (topic.Contains('+', StringComparison.Ordinal) || topic.Contains('#', StringComparison.Ordinal))
            return "must not contain the wildcards + or #";
        if (topic.StartsWith('$'))
            return "must not start with $ (those topics are the broker's)";
        if (topic.Split('/').Any(level => level.Length == 0))
            return "must not start or end with / or have an empty level (//)";
        if (topic.Any(char.IsControl))
            return "must not contain control characters";
        return null;
    }
}
