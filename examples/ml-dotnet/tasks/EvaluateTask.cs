using Microsoft.ML;
using PipelineBuild.Sdk;

namespace MlExample;

/// <summary>Settings of <see cref="EvaluateTask"/>.</summary>
/// <param name="Model">The trained model.</param>
/// <param name="Test">The held-out CSV.</param>
public sealed record EvaluateSettings(string Model, string Test);

/// <summary>
/// Scores the held-out rows: accuracy (micro and macro), macro F1 and log-loss become the step's
/// metrics, written to its <c>metrics:</c> file and recorded per run.
/// </summary>
[TaskName("Evaluate")]
public sealed class EvaluateTask : PipelineTask<EvaluateSettings>
{
    /// <inheritdoc />
    public override Task RunAsync(StepContext context, EvaluateSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(settings);
        var ml = new MLContext(seed: 0);
        var model = ml.Model.Load(context.FullPath(settings.Model), out _);
        var metrics = ml.MulticlassClassification.Evaluate(model.Transform(IrisData.Load(ml, context.FullPath(settings.Test))));

        var confusion = metrics.ConfusionMatrix;
        var f1 = Enumerable.Range(0, confusion.NumberOfClasses)
            .Select(c => F1(confusion.PerClassPrecision[c], confusion.PerClassRecall[c]))
            .Average();
        context.Metrics.Set("accuracy", Math.Round(metrics.MicroAccuracy, 6));
        context.Metrics.Set("macro_accuracy", Math.Round(metrics.MacroAccuracy, 6));
        context.Metrics.Set("macro_f1", Math.Round(f1, 6));
        context.Metrics.Set("log_loss", Math.Round(metrics.LogLoss, 6));
        context.Log.Info($"test accuracy {metrics.MicroAccuracy:0.###}, macro F1 {f1:0.###}, log-loss {metrics.LogLoss:0.###}");
        context.Log.Info(confusion.GetFormattedConfusionTable());
        return Task.CompletedTask;
    }

    private static double F1(double precision, double recall) =>
        precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
}
