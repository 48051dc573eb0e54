using System.IO.Compression;
using Microsoft.ML;
using Microsoft.ML.Trainers.FastTree;
using PipelineBuild.Sdk;

namespace MlExample;

/// <summary>Settings of <see cref="TrainTask"/>.</summary>
/// <param name="Train">The training CSV.</param>
/// <param name="Model">Where the model goes (an ML.NET zip).</param>
/// <param name="Trees">Boosted trees per class.</param>
/// <param name="Leaves">Leaves per tree.</param>
/// <param name="LearningRate">The boosting learning rate.</param>
/// <param name="Seed">The training seed: the same seed and data give the same model, byte for byte.</param>
public sealed record TrainSettings(string Train, string Model, int Trees, int Leaves, double LearningRate, int Seed);

/// <summary>
/// Trains a species classifier: FastTree boosted trees, one versus all. Single-threaded and seeded, and
/// the model zip written with fixed timestamps, so a rerun with the same inputs gives the same bytes.
/// </summary>
[TaskName("Train")]
public sealed class TrainTask : PipelineTask<TrainSettings>
{
    private static readonly DateTimeOffset FixedTimestamp = new(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <inheritdoc />
    public override async Task RunAsync(StepContext context, TrainSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(settings);
        var ml = new MLContext(settings.Seed);
        var data = IrisData.Load(ml, context.FullPath(settings.Train));
        var trainer = ml.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options
        {
            NumberOfTrees = settings.Trees,
            NumberOfLeaves = settings.Leaves,
            LearningRate = settings.LearningRate,
            MinimumExampleCountPerLeaf = 2,
            NumberOfThreads = 1,
            Seed = settings.Seed,
        });
        var pipeline = ml.Transforms.Conversion.MapValueToKey("Label", nameof(IrisRow.Species))
            .Append(ml.Transforms.Concatenate("Features", nameof(IrisRow.SepalLength), nameof(IrisRow.SepalWidth), nameof(IrisRow.PetalLength), nameof(IrisRow.PetalWidth)))
            .Append(ml.MulticlassClassification.Trainers.OneVersusAll(trainer))
            .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"));
        cancellationToken.ThrowIfCancellationRequested();
        var model = pipeline.Fit(data);

        var training = ml.MulticlassClassification.Evaluate(model.Transform(data));
        context.Metrics.Set("train_accuracy", Math.Round(training.MicroAccuracy, 6));
        context.Log.Info($"trained {settings.Trees} trees x {settings.Leaves} leaves per class (learning rate {settings.LearningRate}); training accuracy {training.MicroAccuracy:0.###}");

        using var buffer = new MemoryStream();
        ml.Model.Save(model, data.Schema, buffer);
        await WriteDeterministicZipAsync(buffer, context.FullPath(settings.Model), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The same entries with fixed timestamps: ML.NET stamps the current time into the zip.</summary>
    private static async Task WriteDeterministicZipAsync(MemoryStream source, string path, CancellationToken cancellationToken)
    {
        source.Position = 0;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var input = new ZipArchive(source, ZipArchiveMode.Read);
        var output = File.Create(path);
        await using (output.ConfigureAwait(false))
        {
            using var zip = new ZipArchive(output, ZipArchiveMode.Create);
            foreach (var entry in input.Entries)
            {
                var copy = zip.CreateEntry(entry.FullName, CompressionLevel.Optimal);
                copy.LastWriteTime = FixedTimestamp;
                var from = entry.Open();
                await using (from.ConfigureAwait(false))
                {
                    var to = copy.Open();
                    await using (to.ConfigureAwait(false))
                    {
                        await from.CopyToAsync(to, cancellationToken).ConfigureAwait(false);
                    }
                }
            }
        }
    }
}
