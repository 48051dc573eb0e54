namespace PipelineBuild.Core.Runs;

/// <summary>
/// Two runs side by side, DVC style: params and metrics with the old value (run A), the new value
/// (run B) and, when both are numbers, the delta. Only what changed, unless every row is asked for.
/// </summary>
public sealed record RunComparison(RunRecord Old, RunRecord New, IReadOnlyList<ComparisonRow> Params, IReadOnlyList<ComparisonRow> Metrics)
{
    public static RunComparison Of(RunRecord old, RunRecord @new, bool all)
    {
        var oldParams = old.Params.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        var newParams = @new.Params.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        var parameters = oldParams.Keys.Union(newParams.Keys, StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .Select(name => Row("", name, oldParams.GetValueOrDefault(name), newParams.GetValueOrDefault(name)))
            .Where(r => all || r.Changed)
            .ToList();

        var oldMetrics = Index(old.Metrics);
        var newMetrics = Index(@new.Metrics);
        var metrics = oldMetrics.Keys.Union(newMetrics.Keys).Order(KeyOrder.Instance)
            .Select(key => Row(key.Source, key.Name, oldMetrics.TryGetValue(key, out var o) ? o : null, newMetrics.TryGetValue(key, out var n) ? n : null))
            .Where(r => all || r.Changed)
            .ToList();
        return new RunComparison(old, @new, parameters, metrics);
    }

    private static Dictionary<(string Source, string Name), string> Index(IReadOnlyList<MetricValue> metrics)
    {
        var index = new Dictionary<(string, string), string>();
        foreach (var metric in metrics)
        {
            index[(metric.Source, metric.Name)] = MetricText.Format(metric.Value);
        }

        return index;
    }

    private static ComparisonRow Row(string source, string name, string? old, string? @new)
    {
        double? delta = MetricsFileReader.TryParseNumber(old, out var a) && MetricsFileReader.TryParseNumber(@new, out var b) ? b - a : null;
        return new ComparisonRow(source, name, old, @new, delta, !string.Equals(old, @new, StringComparison.Ordinal));
    }

    private sealed class KeyOrder : IComparer<(string Source, string Name)>
    {
        public static readonly KeyOrder Instance = new();

        public int Compare((string Source, string Name) x, (string Source, string Name) y)
        {
            var bySource = string.CompareOrdinal(x.Source, y.Source);
            return bySource != 0 ? bySource : string.CompareOrdinal(x.Name, y.Name);
        }
    }
}
