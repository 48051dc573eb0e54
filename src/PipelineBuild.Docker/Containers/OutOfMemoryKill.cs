namespace PipelineBuild.Docker.Containers;

/// <summary>
/// Whether a failed container was killed for its memory. The engine learns of the kill from an event of its own that
/// can come after the container's exit (under load it does), and <c>State.OOMKilled</c> is false until then; so an
/// exit by SIGKILL under a memory limit asks again for a short while before it says no.
/// </summary>
internal static class OutOfMemoryKill
{
    private const long KilledBySigkill = 128 + 9;
    private static readonly TimeSpan DefaultPatience = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(50);

    /// <param name="oomKilled">Reads the container's <c>State.OOMKilled</c> from the engine.</param>
    public static Task<bool> WasKilledAsync(Func<CancellationToken, Task<bool>> oomKilled, long exitCode, bool hasMemoryLimit, CancellationToken cancellationToken) =>
        WasKilledAsync(oomKilled, exitCode, hasMemoryLimit, DefaultPatience, DefaultInterval, cancellationToken);

    public static async Task<bool> WasKilledAsync(Func<CancellationToken, Task<bool>> oomKilled, long exitCode, bool hasMemoryLimit, TimeSpan patience, TimeSpan interval, CancellationToken cancellationToken)
    {
        if (await oomKilled(cancellationToken).ConfigureAwait(false))
        {
            return true;
        }

        if (exitCode != KilledBySigkill || !hasMemoryLimit)
        {
            return false;
        }

        var retries = interval > TimeSpan.Zero ? (int)(patience / interval) : 1;
        for (var retry = 0; retry < retries; retry++)
        {
            await Task.Delay(interval, cancellationToken).ConfigureAwait(false);
            if (await oomKilled(cancellationToken).ConfigureAwait(false))
            {
                return true;
            }
        }

        return false;
    }
}
