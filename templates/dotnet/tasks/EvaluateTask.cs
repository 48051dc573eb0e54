using System.Text.Json;
using PipelineBuild.Sdk;

namespace PipelineTasks;

/// <summary>Settings of <see cref="EvaluateTask"/>.</summary>
public sealed record EvaluateSettings(string Model, string Test);

/// <summary>Scores the held-out rows; the accuracy goes to the step's <c>metrics:</c> file and the run history.</summary>
[TaskName("Evaluate")]
public sealed class EvaluateTask : PipelineTask<EvaluateSettings>
{
    public override async Task RunAsync(StepContext context, EvaluateSettings settings, CancellationToken cancellationToken)
    {
        var model = JsonSerializer.Deserialize<Model>(await File.ReadAllTextAsync(context.FullPath(settings.Model), cancellationToken), Model.JsonOptions)
            ?? throw new InvalidDataException($"{settings.Model} holds no model");
        var rows = await Iris.ReadAsync(context.FullPath(settings.Test), cancellationToken);
        var accuracy = model.Accuracy(rows);
        context.Metrics.Set("accuracy", accuracy);
        context.Log.Info($"test accuracy {accuracy:0.###} on {rows.Count} rows");
    }
}
