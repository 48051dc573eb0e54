namespace PipelineBuild.Core.Diagnostics;

/// <summary>
/// "Did you mean" for the whole tool — keys, params, steps, stages, tasks, experiments, commands and
/// options: the known names nearest to a mistyped one by optimal string alignment distance (an
/// adjacent swap counts as one edit), close enough to be a typo.
/// </summary>
public static class Suggestions
{
    /// <summary>The nearest known names (ties, up to <paramref name="max"/>), or none when no name is close enough.</summary>
    public static IReadOnlyList<string> Nearest(string word, IEnumerable<string> known, int max = 3)
    {
        var limit = Math.Max(1, Math.Min(3, word.Length / 3));
        var scored = known
            .Distinct(StringComparer.Ordinal)
            .Select(name => (Name: name, Distance: string.Equals(word, name, StringComparison.OrdinalIgnoreCase) ? 0 : Distance(word, name)))
            .Where(k => k.Distance <= limit)
            .ToList();
        if (scored.Count == 0)
        {
            return [];
        }

        var best = scored.Min(k => k.Distance);
        return scored.Where(k => k.Distance == best).Select(k => k.Name).Order(StringComparer.Ordinal).Take(max).ToList();
    }

    /// <summary>The single nearest name, or null.</summary>
    public static string? Best(string word, IEnumerable<string> known) => Nearest(word, known, 1).FirstOrDefault();

    /// <summary><c>did you mean 'x'?</c> when a name is close; else the valid names (the first ten, in the order given).</summary>
    public static string Hint(string word, IReadOnlyCollection<string> known, string kind = "keys")
    {
        var nearest = Nearest(word, known);
        if (nearest.Count > 0)
        {
            return "did you mean " + string.Join(" or ", nearest.Select(n => $"'{n}'")) + "?";
        }

        var all = known.Distinct(StringComparer.Ordinal).ToList();
        return all.Count == 0
            ? $"there are no {kind}"
            : $"valid {kind}: {string.Join(", ", all.Take(10))}{(all.Count > 10 ? ", ..." : string.Empty)}";
    }

    public static int Distance(string a, string b)
    {
        if (a.Length > 64 || b.Length > 64)
        {
            // Long words are not typos of short names; this bounds the quadratic table.
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
