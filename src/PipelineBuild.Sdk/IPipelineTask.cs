namespace PipelineBuild.Sdk;

/// <summary>
/// A pipeline step written in .NET. A step names it with <c>task: Name</c>; the tool runs it in a task
/// host process, with the step's workspace, inputs, outputs, params and <c>with</c> values in the
/// <see cref="StepContext"/>. Implementations need a public parameterless constructor.
/// </summary>
public interface IPipelineTask
{
    /// <summary>Runs the step. Throwing fails the step: the message is shown, the stack trace goes to the step's log.</summary>
    /// <param name="context">What the step declared and where it runs.</param>
    /// <param name="cancellationToken">Cancelled when the run is interrupted (Ctrl-C) or the step times out.</param>
    /// <returns>A task that completes when the step is done.</returns>
    Task RunAsync(StepContext context, CancellationToken cancellationToken);
}
