using System.Text.Json;
using PipelineBuild.Sdk;

namespace PipelineBuild.Tasks.Profiling;

/// <summary>Settings of <c>data-profile</c>.</summary>
/// <param name="Input">The CSV file (first row: column names), workspace-relative.</param>
/// <param name="Output">The profile to write, JSON (declare it under <c>outputs</c>).</param>
/// <param name="Reference">A profile written earlier by this task: drift is measured against it.</param>
/// <param name="Delimiter">The field separator.</param>
/// <param name="Bins">Histogram bins for numeric columns.</param>
public sealed record DataProfileSettings(string Input, string Output, string? Reference = null, string Delimiter = ",", int Bins = 10);

/// <summary>
/// <c>data-profile</c>: rows, columns and, per column, type, nulls, min/max/mean/stddev and a histogram
/// (numbers) or top values (text). Metrics: <c>rows</c>, <c>columns</c>, <c>nulls</c>; with a reference
/// profile also <c>drift.&lt;column&gt;</c> (PSI) and <c>drift.max</c>, for data monitoring.
/// </summary>
[TaskName("data-profile")]
public sealed class DataProfileTask : PipelineTask<DataProfileSettings>
{
    /// <inheritdoc />
    public override Task RunAsync(StepContext context, DataProfileSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Delimiter.Length != 1 || settings.Bins < 1)
        {
            throw new FormatException("with.delimiter must be one character and with.bins at least 1");
        }

        var input = context.FullPath(settings.Input);
        var profile = DataProfile.Compute(input, settings.Delimiter[0], settings.Bins);
        var output = context.FullPath(settings.Output);
        Directory.CreateDirectory(Path.GetDirectoryName(output)!);
        using (var stream = File.Create(output))
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            profile.Write(writer);
        }

        context.Metrics.Set("rows", profile.Rows);
        context.Metrics.Set("columns", profile.Columns.Count);
        context.Metrics.Set("nulls", profile.Columns.Sum(c => c.Nulls));
        context.Log.Info($"{settings.Input}: {profile.Rows} rows, {profile.Columns.Count} columns ({string.Join(", ", profile.Columns.Select(c => $"{c.Name}: {c.Type}"))})");
        if (settings.Reference is not null)
        {
            using var reference = JsonDocument.Parse(File.ReadAllBytes(context.FullPath(settings.Reference)));
            var drift = Drift.Compute(reference.RootElement, profile, input, settings.Delimiter[0]);
            foreach (var (column, psi) in drift)
            {
                context.Metrics.Set($"drift.{column}", psi);
                context.Log.Info($"drift {column}: {psi:0.####} (PSI)");
            }

            var finite = drift.Where(d => double.IsFinite(d.Psi)).Select(d => d.Psi).ToList();
            context.Metrics.Set("drift.max", finite.Count == 0 ? 0 : finite.Max());
        }

        return Task.CompletedTask;
    }
}
