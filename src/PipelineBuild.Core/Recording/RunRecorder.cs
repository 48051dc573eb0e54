using PipelineBuild.Core.Artifacts;
using PipelineBuild.Core.Artifacts.Publishing;
using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Execution;
using PipelineBuild.Core.Graph;
using PipelineBuild.Core.Locking;
using PipelineBuild.Core.Model;
using PipelineBuild.Core.Planning;
using PipelineBuild.Core.Runs;
using PipelineBuild.Core.Workspace;

namespace PipelineBuild.Core.Recording;

/// <summary>
/// What happens after the steps of a run: metrics are read, artifacts published (when the run
/// succeeded) and the run saved to <c>runs.db</c>. A failure here fails the run (exit 1) with a
/// problem that names the path; the run is still recorded when the history itself can be written.
/// </summary>
public sealed class RunRecorder
{
    private readonly RunRecorderOptions _options;
    private readonly INuGetPusher? _nuGet;

    /// <param name="nuGet">Pushes to NuGet sources given by URL (<c>nuget:https://…</c>); none: such targets fail.</param>
    public RunRecorder(RunRecorderOptions options, INuGetPusher? nuGet = null)
    {
        _options = options;
        _nuGet = nuGet;
    }

    public async Task<RunReport> CompleteAsync(PipelineDefinition pipeline, StepGraph selection, ExecutionReport report, CancellationToken cancellationToken)
    {
        var lockFile = report.LockFile;
        var layout = new WorkspaceLayout(pipeline.WorkspaceRoot);
        var inputs = RecordedInputs.Of(pipeline);
        var memo = new Runs.Git.GitDirtyMemo(layout.GitDirtyMemoFile, report.SeenFrom);
        var git = GitProbe.Read(pipeline.WorkspaceRoot, inputs.Files, inputs.Folders, report.SeenStat, _options.GitIndex, memo);
        PhaseTimings.Mark("git state");
        var problems = new List<RunProblem>(report.Problems);
        var record = new RunRecord
        {
            Id = report.RunId,
            Pipeline = pipeline.Name,
            PipelineFile = layout.RelativePath(pipeline.FilePath),
            StartedAt = report.StartedAt,
            EndedAt = report.StartedAt + report.Duration,
            Status = report.Status,
            Git = git,
            ToolVersion = _options.ToolVersion,
            Experiment = _options.Experiment,
            Params = ParamValues.Of(pipeline.Params),
            Steps = report.Steps.Select(s => new StepRecord(s.Id, s.State, ReasonText.Format(s.Reason), s.Duration, s.Fingerprint, s.ExitCode, s.Attempts, s.Error, s.StartedAt, s.Reason.Code, s.Executor is { } executor ? Model.Executors.NameOf(executor) : null, s.Node)).ToList(),
            Metrics = RunMetrics.Collect(layout, selection, report.Steps, _options.Warning),
        };

        IReadOnlyList<PublishedArtifact> artifacts = [];
        if (pipeline.Artifacts.Count > 0 && _options.Experiment is null)
        {
            var context = new PublishContext(pipeline, selection, lockFile, record, _options);
            var outcome = await new ArtifactPublisher(layout, _options, _nuGet).PublishAllAsync(context, report, cancellationToken).ConfigureAwait(false);
            artifacts = outcome.Artifacts;
            problems.AddRange(outcome.Problems);
        }

        var status = problems.Count > 0 ? RunStatus.Failed : report.Status;
        record = record with { Status = status, Artifacts = artifacts, Error = problems.Count > 0 ? string.Join("\n", problems.Select(p => p.Message)) : null };
        try
        {
            using var store = RunStore.Open(_options.RunsDatabase ?? layout.RunsDatabase);
            store.Save(record);
            PhaseTimings.Mark("runs.db");
        }
        catch (PipelineException e)
        {
            problems.Add(new RunProblem(e.Message, e.ExitCode));
            status = RunStatus.Failed;
        }

        return RunReport.Of(report) with { Status = status, Artifacts = artifacts, Problems = problems, Metrics = record.Metrics };
    }
}
