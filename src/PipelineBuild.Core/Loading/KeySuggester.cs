namespace PipelineBuild.Core.Loading;

/// <summary>Finds the known name a misspelt one most likely meant (optimal string alignment distance).</summary>
internal static class KeySuggester
{
    /// <summary>The nearest candidate when it is close enough to be a typo; otherwise null.</summary>
    public static string? Nearest(string word, IEnumerable<string> candidates)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            var distance = string.Equals(word, candidate, StringComparison.OrdinalIgnoreCase) ? 0 : Distance(word, candidate);
            if (distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }

        var allowed = Math.Max(1, Math.Min(3, word.Length / 3));
        return bestDistance <= allowed ? best : null;
    }

    /// <summary>"did you mean 'x'?" when a candidate is close, else the list of what is valid.</summary>
    public static string Hint(string word, IReadOnlyCollection<string> candidates, string kind = "keys")
    {
        var nearest = Nearest(word, candidates);
        if (nearest is not null)
        {
            return $"did you mean '{nearest}'?";
        }

        return candidates.Count == 0 ? $"no {kind} are valid here" : $"valid {kind}: {string.Join(", ", candidates)}";
    }

    public static int Distance(string a, string b)
    {
        if (a.Length > 64 || b.Length > 64)
        {
            // Long words are not typos of short keys; this bounds the quadratic table.
            return Math.Max(a.Length, b.Length);
        }

        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
