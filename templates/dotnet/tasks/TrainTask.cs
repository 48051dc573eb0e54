using System.Text.Json;
using PipelineBuild.Sdk;

namespace PipelineTasks;

/// <summary>Settings of <see cref="TrainTask"/>.</summary>
public sealed record TrainSettings(string Train, string Model);

/// <summary>Trains a nearest-centroid classifier: the mean of each species' measurements.</summary>
[TaskName("Train")]
public sealed class TrainTask : PipelineTask<TrainSettings>
{
    public override async Task RunAsync(StepContext context, TrainSettings settings, CancellationToken cancellationToken)
    {
        var rows = await Iris.ReadAsync(context.FullPath(settings.Train), cancellationToken);
        var model = new Model(rows
            .GroupBy(r => r.Species, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => Enumerable.Range(0, g.First().Features.Length).Select(i => Math.Round(g.Average(r => r.Features[i]), 6)).ToArray(), StringComparer.Ordinal));
        var path = context.FullPath(settings.Model);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(model, Model.JsonOptions), cancellationToken);
        context.Metrics.Set("train_accuracy", model.Accuracy(rows));
        context.Log.Info($"{model.Centroids.Count} classes from {rows.Count} rows");
    }
}
