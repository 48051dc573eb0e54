namespace PipelineBuild.Sdk;

/// <summary>The base class for a task that reads its <c>with</c> values from <see cref="StepContext.With"/> itself.</summary>
public abstract class PipelineTask : IPipelineTask
{
    /// <inheritdoc />
    public abstract Task RunAsync(StepContext context, CancellationToken cancellationToken);
}
