using PipelineBuild.Cli.Ci;
using PipelineBuild.Core.Artifacts;
using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Execution;
using PipelineBuild.Core.Hashing;
using PipelineBuild.Core.Model;
using PipelineBuild.Core.Planning;
using PipelineBuild.Core.Recording;
using PipelineBuild.Core.Runs;

namespace PipelineBuild.Cli.Tests;

/// <summary>Pipelines, steps and reports built by hand, so that golden output has no timings or ids that vary.</summary>
internal static class Fixtures
{
    public static CiEnvironment Environment(string root, params (string Name, string Value)[] variables) =>
        new(variables.ToDictionary(v => v.Name, v => v.Value, StringComparer.Ordinal), root);

    public static StepDefinition Step(string root, string id, int line) => new()
    {
        Id = id,
        Stage = id.Split('.')[0],
        Name = id.Split('.')[1],
        Kind = StepKind.Host,
        Command = "true",
        Location = new SourceLocation(Path.Combine(root, "pipelines", "train.yaml"), line, 7),
    };

    public static PipelineDefinition Pipeline(string root, params StepDefinition[] steps) => new()
    {
        Name = "iris",
        FilePath = Path.Combine(root, "pipelines", "train.yaml"),
        WorkspaceRoot = root,
        Steps = steps,
    };

    public static RunReport Report(RunStatus status, params StepResult[] steps) =>
        new("0123456789abcdef", "iris", status, new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero), TimeSpan.FromSeconds(2.5), steps);

    public static StepResult Ran(string id, double seconds = 1.2) => new(id, StepState.Ran, new StepReason(ReasonKind.InputChanged, "data/raw.csv"), TimeSpan.FromSeconds(seconds), "fp");

    public static StepResult Failed(string id, string error = "exit code 3") =>
        new(id, StepState.Failed, new StepReason(ReasonKind.New), TimeSpan.FromMilliseconds(40), "fp", ExitCode: 3, Error: error, ErrorTail: ["boom", "50% done :: really"]);

    public static PublishedArtifact Artifact(string name, string version, bool isNew) =>
        new(name, version, ContentDigest.Parse(new string('a', 64)), isNew);

    public static MetricValue Metric(string step, string name, double value) => new(step, "metrics/eval.json", name, value);
}
