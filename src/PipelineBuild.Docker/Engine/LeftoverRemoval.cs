using System.Net.Http;
using Docker.DotNet;
using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Execution;

namespace PipelineBuild.Docker.Engine;

/// <summary>
/// Removes what a killed earlier run of the workspace left on an engine (containers, swarm services) once per run: says how
/// many went, and only warns when the engine would not (the next run tries again).
/// </summary>
public static class LeftoverRemoval
{
    /// <param name="remove">Removes the leftovers; how many.</param>
    /// <param name="what">What they are, for messages: <c>container</c>, <c>swarm service</c>.</param>
    /// <param name="warningCode">The warning when they could not be removed.</param>
    public static async Task RunAsync(Func<Task<int>> remove, RunContext context, string what, string warningCode)
    {
        try
        {
            var removed = await remove().ConfigureAwait(false);
            if (removed > 0)
            {
                context.Observer.Note($"removed {removed} {what}(s) left by an earlier run of this workspace");
            }
        }
        catch (Exception e) when (e is DockerApiException or HttpRequestException or IOException or OperationCanceledException)
        {
            context.Observer.Warning(PipelineDiagnostic.Warning(warningCode, SourceLocation.Nowhere, $"could not remove {what}s left by an earlier run ({Describe(e)})", "they stay until the next run").ToString());
        }
    }

    /// <summary>An engine error as the engine worded it (its response body), else the exception's message.</summary>
    public static string Describe(Exception e) => e switch
    {
        DockerApiException api => api.ResponseBody?.Trim() is { Length: > 0 } body ? body : api.StatusCode.ToString(),
        _ => e.Message,
    };
}
