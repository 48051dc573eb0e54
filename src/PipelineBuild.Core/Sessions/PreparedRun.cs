using PipelineBuild.Core.Execution;
using PipelineBuild.Core.Graph;
using PipelineBuild.Core.Model;

namespace PipelineBuild.Core.Sessions;

/// <summary>
/// A selection of a pipeline with its runners opened and checked (<see cref="PipelineSession.PrepareAsync"/>),
/// ready for <see cref="PipelineSession.RunAsync"/>. Disposing it ends what the runners started for the run.
/// </summary>
public sealed class PreparedRun : IAsyncDisposable
{
    internal PreparedRun(PipelineDefinition pipeline, StepGraph selection, RunnerSessions runners)
    {
        Pipeline = pipeline;
        Selection = selection;
        Runners = runners;
    }

    public PipelineDefinition Pipeline { get; }

    public StepGraph Selection { get; }

    internal RunnerSessions Runners { get; }

    public ValueTask DisposeAsync() => Runners.DisposeAsync();
}
