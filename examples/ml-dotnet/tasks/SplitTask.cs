using System.Globalization;
using PipelineBuild.Sdk;

namespace MlExample;

/// <summary>Settings of <see cref="SplitTask"/>.</summary>
/// <param name="Input">The CSV to split (first row: header).</param>
/// <param name="Train">Where the training rows go.</param>
/// <param name="Test">Where the test rows go.</param>
/// <param name="TestFraction">The share of rows held out for testing.</param>
/// <param name="Seed">The shuffle seed: the same seed gives the same split.</param>
public sealed record SplitSettings(string Input, string Train, string Test, double TestFraction, int Seed);

/// <summary>Shuffles the rows with a seed and splits them into a training and a test file.</summary>
[TaskName("Split")]
public sealed class SplitTask : PipelineTask<SplitSettings>
{
    /// <inheritdoc />
    public override async Task RunAsync(StepContext context, SplitSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.TestFraction is <= 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(settings), $"test_fraction must be between 0 and 1, not {settings.TestFraction}");
        }

        var lines = await File.ReadAllLinesAsync(context.FullPath(settings.Input), cancellationToken).ConfigureAwait(false);
        var header = lines[0];
        var rows = lines.Skip(1).Where(l => l.Length > 0).ToArray();
        new Random(settings.Seed).Shuffle(rows);
        var testCount = (int)Math.Round(rows.Length * settings.TestFraction, MidpointRounding.AwayFromZero);
        await WriteAsync(context.FullPath(settings.Test), header, rows[..testCount], cancellationToken).ConfigureAwait(false);
        await WriteAsync(context.FullPath(settings.Train), header, rows[testCount..], cancellationToken).ConfigureAwait(false);
        context.Log.Info(string.Create(CultureInfo.InvariantCulture, $"{rows.Length} rows: {rows.Length - testCount} for training, {testCount} for testing (seed {settings.Seed})"));
        context.Metrics.Set("train_rows", rows.Length - testCount);
        context.Metrics.Set("test_rows", testCount);
    }

    private static async Task WriteAsync(string path, string header, IEnumerable<string> rows, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllLinesAsync(path, rows.Prepend(header), cancellationToken).ConfigureAwait(false);
    }
}
