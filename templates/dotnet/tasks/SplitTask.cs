using PipelineBuild.Sdk;

namespace PipelineTasks;

/// <summary>Settings of <see cref="SplitTask"/>, bound from the step's <c>with:</c> (test_fraction → TestFraction).</summary>
public sealed record SplitSettings(string Input, string Train, string Test, double TestFraction, int Seed);

/// <summary>Shuffles the rows with a seed and splits them into a training and a test file.</summary>
[TaskName("Split")]
public sealed class SplitTask : PipelineTask<SplitSettings>
{
    public override async Task RunAsync(StepContext context, SplitSettings settings, CancellationToken cancellationToken)
    {
        var lines = await File.ReadAllLinesAsync(context.FullPath(settings.Input), cancellationToken);
        var rows = lines.Skip(1).Where(l => l.Length > 0).ToArray();
        new Random(settings.Seed).Shuffle(rows);
        var testCount = (int)Math.Round(rows.Length * settings.TestFraction, MidpointRounding.AwayFromZero);
        await WriteAsync(context.FullPath(settings.Test), lines[0], rows[..testCount], cancellationToken);
        await WriteAsync(context.FullPath(settings.Train), lines[0], rows[testCount..], cancellationToken);
        context.Log.Info($"{rows.Length - testCount} rows for training, {testCount} for testing (seed {settings.Seed})");
    }

    private static async Task WriteAsync(string path, string header, IEnumerable<string> rows, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllLinesAsync(path, rows.Prepend(header), cancellationToken);
    }
}
