namespace PipelineBuild.Core.Monitoring;

/// <summary>Retries of a push: how many after the first attempt, the first delay (doubling), and the time-out of one attempt.</summary>
public sealed record PushgatewayOptions(int Retries, TimeSpan RetryDelay, TimeSpan AttemptTimeout)
{
    public static PushgatewayOptions Default { get; } = new(3, TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(5));
}
