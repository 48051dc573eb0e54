using PipelineBuild.Sdk;

namespace PipelineBuild.Tasks.DotNet;

/// <summary>Settings of <c>dotnet-test</c>.</summary>
/// <param name="Project">The test project or solution, workspace-relative.</param>
/// <param name="Results">The folder for TRX results (declare it under <c>outputs</c>).</param>
/// <param name="Configuration">The build configuration.</param>
/// <param name="Filter">A test filter (<c>--filter</c>).</param>
/// <param name="Properties">MSBuild properties (<c>-p:Name=Value</c>).</param>
/// <param name="Arguments">Further arguments, as written.</param>
public sealed record DotNetTestSettings(
    string Project,
    string Results = "test-results",
    string Configuration = "Release",
    string? Filter = null,
    IReadOnlyDictionary<string, string>? Properties = null,
    IReadOnlyList<string>? Arguments = null);

/// <summary>
/// <c>dotnet-test</c>: <c>dotnet test</c> with a TRX logger; the TRX files' counters become the metrics
/// <c>tests.total</c>, <c>tests.passed</c>, <c>tests.failed</c> and <c>tests.skipped</c>. Failed tests fail the step.
/// </summary>
[TaskName("dotnet-test")]
public sealed class DotNetTestTask : PipelineTask<DotNetTestSettings>
{
    /// <inheritdoc />
    public override async Task RunAsync(StepContext context, DotNetTestSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(settings);
        var results = context.FullPath(settings.Results);
        if (Directory.Exists(results))
        {
            Directory.Delete(results, recursive: true);
        }

        List<string> arguments = ["test", settings.Project, "-c", settings.Configuration, "--nologo", "--logger", "trx", "--results-directory", results];
        if (settings.Filter is not null)
        {
            arguments.AddRange(["--filter", settings.Filter]);
        }

        arguments.AddRange(DotNetCli.Properties(settings.Properties));
        arguments.AddRange(settings.Arguments ?? []);
        var exitCode = await DotNetCli.RunAsync(context.Workspace, arguments, cancellationToken).ConfigureAwait(false);
        var counts = TrxCounters.Read(results);
        context.Metrics.Set("tests.total", counts.Total);
        context.Metrics.Set("tests.passed", counts.Passed);
        context.Metrics.Set("tests.failed", counts.Failed);
        context.Metrics.Set("tests.skipped", counts.Skipped);
        context.Log.Info($"tests: {counts.Passed} passed, {counts.Failed} failed, {counts.Skipped} skipped ({counts.Files} TRX files)");
        if (exitCode != 0)
        {
            throw new InvalidOperationException(counts.Failed > 0
                ? $"{counts.Failed} of {counts.Total} tests failed; see the step log for which"
                : $"dotnet test {settings.Project} failed (exit code {exitCode}); see the step log");
        }
    }
}
