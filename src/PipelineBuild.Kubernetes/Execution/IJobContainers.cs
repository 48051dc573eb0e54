using PipelineBuild.Core.Execution;
using PipelineBuild.Core.Model;

namespace PipelineBuild.Kubernetes.Execution;

/// <summary>How a step becomes the container of its Job (in the tool: <see cref="AgentContainers"/>).</summary>
public interface IJobContainers
{
    /// <summary>Before anything runs, what the containers need of the steps for Kubernetes (a registry); throws <see cref="PipelineValidationException"/>.</summary>
    void Validate(PipelineDefinition pipeline, IReadOnlyList<StepDefinition> steps)
    {
    }

    /// <summary>
    /// Before the step is fingerprinted, what its container needs over what the local runner prepared (its image); throws a
    /// <see cref="Core.Diagnostics.PipelineException"/> when the run cannot give it.
    /// </summary>
    PreparedStep Prepare(StepDefinition step, RunContext context, PreparedStep prepared) => prepared;

    /// <summary>The container of one attempt; a <see cref="Core.Diagnostics.PipelineException"/> fails the step (exit 3 for a service down).</summary>
    Task<ClusterContainer> CreateAsync(StepExecution execution, CancellationToken cancellationToken);
}
