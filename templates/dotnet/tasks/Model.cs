using System.Text.Json;

namespace PipelineTasks;

/// <summary>A nearest-centroid model: each species' mean measurements.</summary>
public sealed record Model(Dictionary<string, double[]> Centroids)
{
    public static JsonSerializerOptions JsonOptions { get; } = new() { WriteIndented = true };

    public string Predict(double[] features) =>
        Centroids.MinBy(c => c.Value.Zip(features, (a, b) => (a - b) * (a - b)).Sum()).Key;

    public double Accuracy(IReadOnlyList<Iris> rows) =>
        Math.Round(rows.Count(r => string.Equals(Predict(r.Features), r.Species, StringComparison.Ordinal)) / (double)rows.Count, 6);
}
