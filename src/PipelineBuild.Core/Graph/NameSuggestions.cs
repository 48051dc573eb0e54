namespace PipelineBuild.Core.Graph;

/// <summary>Finds the known names nearest to a mistyped one (edit distance), for "did you mean" hints.</summary>
public static class NameSuggestions
{
    public static IReadOnlyList<string> Nearest(string name, IEnumerable<string> known, int max = 3)
    {
        var limit = Math.Max(2, name.Length / 3);
        return known
            .Distinct(StringComparer.Ordinal)
            .Select(k => (Name: k, Distance: Distance(name, k)))
            .Where(k => k.Distance <= limit)
            .OrderBy(k => k.Distance)
            .ThenBy(k => k.Name, StringComparer.Ordinal)
            .Take(max)
            .Select(k => k.Name)
            .ToArray();
    }

    /// <summary>A hint like <c>did you mean 'train.fit'?</c>, or the list of known names when none is near.</summary>
    public static string Hint(string name, IReadOnlyCollection<string> known, string kind)
    {
        var nearest = Nearest(name, known);
        if (nearest.Count > 0)
        {
            return "did you mean " + string.Join(" or ", nearest.Select(n => $"'{n}'")) + "?";
        }

        var all = known.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        return all.Length == 0
            ? $"the pipeline defines no {kind}"
            : $"known {kind}: {string.Join(", ", all.Take(10))}{(all.Length > 10 ? ", ..." : string.Empty)}";
    }

    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
