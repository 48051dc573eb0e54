namespace PipelineBuild.Sdk;

/// <summary>
/// The base class for a task whose <c>with:</c> map is bound to a typed settings object (a record is
/// the usual choice). Keys match properties or constructor parameters ignoring case, <c>_</c> and
/// <c>-</c> (<c>learning_rate</c> binds <c>LearningRate</c>); an unknown key, a missing required value
/// or a value of the wrong type fails the step with a message naming the key.
/// </summary>
/// <typeparam name="TSettings">The settings type.</typeparam>
public abstract class PipelineTask<TSettings> : IPipelineTask
    where TSettings : notnull
{
    /// <summary>Binds <see cref="StepContext.With"/> to <typeparamref name="TSettings"/>, then runs the task.</summary>
    /// <param name="context">What the step declared and where it runs.</param>
    /// <param name="cancellationToken">Cancelled when the run is interrupted or the step times out.</param>
    /// <returns>A task that completes when the step is done.</returns>
    public Task RunAsync(StepContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return RunAsync(context, context.With.Bind<TSettings>(), cancellationToken);
    }

    /// <summary>Runs the step with its bound settings.</summary>
    /// <param name="context">What the step declared and where it runs.</param>
    /// <param name="settings">The step's <c>with:</c> values, bound.</param>
    /// <param name="cancellationToken">Cancelled when the run is interrupted or the step times out.</param>
    /// <returns>A task that completes when the step is done.</returns>
    public abstract Task RunAsync(StepContext context, TSettings settings, CancellationToken cancellationToken);
}
