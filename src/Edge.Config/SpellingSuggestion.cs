namespace Edge.Config;

/// <summary>Finds the closest known word to a misspelt one, for "did you mean" hints.</summary>
internal static class SpellingSuggestion
{
    /// <summary>
    /// Returns the candidate with the smallest edit distance, when that distance is small
    /// enough to be a plausible typo (a third of the word, at least 1, at most 3); failing that,
    /// a candidate the word is the start of, or that starts the word (<c>bitrate</c> for
    /// <c>bitrate_kbps</c>: the unit suffix forgotten).
    /// </summary>
    public static string? Closest(string word, IEnumerable<string> candidates)
    {
        var list = candidates as IReadOnlyCollection<string> ?? candidates.ToArray();
        return ClosestByDistance(word, list) ?? ClosestByPrefix(word, list);
    }

    private static string? ClosestByPrefix(string word, IEnumerable<string> candidates)
    {
        if (word.Length < 3)
            return null;
        return candidates
            .Where(c => c.StartsWith(word, StringComparison.OrdinalIgnoreCase) || (c.Length >= 3 && word.StartsWith(c, StringComparison.OrdinalIgnoreCase)))
            .OrderBy(c => Math.Abs(c.Length - word.Length))
            .FirstOrDefault();
    }

    private static string? ClosestByDistance(string word, IEnumerable<string> candidates)
    {
        var limit = Math.Clamp(word.Length / 3, 1, 3);
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            var distance = Distance(word.ToLowerInvariant(), candidate.ToLowerInvariant());
            if (distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }
        return bestDistance <= limit ? best : null;
    }

    /// <summary>Optimal string alignment distance: Levenshtein plus adjacent transpositions ("fsp" → "fps" is 1).</summary>
    internal static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
            d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++)
            d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        }
        return d[a.Length, b.Length];
    }
}
