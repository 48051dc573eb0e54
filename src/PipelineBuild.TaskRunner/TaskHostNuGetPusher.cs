using PipelineBuild.Core.Artifacts.Publishing;
using PipelineBuild.Core.Execution.Processes;

namespace PipelineBuild.TaskRunner;

/// <summary>
/// Pushes with the task host's <c>nuget-push</c> verb (NuGet.Protocol in the JIT host, which the Native AOT
/// tool cannot link). The API key travels in the host's environment, never on its command line; the
/// exit code is the outcome and the host's last line on stderr the reason.
/// </summary>
public sealed class TaskHostNuGetPusher : INuGetPusher
{
    // The host's HostExitCodes for nuget-push.
    private const int AlreadyThere = 10;
    private const int Refused = 11;
    private const int Unreachable = 12;

    private readonly DotNetHost _host;

    public TaskHostNuGetPusher(DotNetHost host)
    {
        _host = host;
    }

    public async Task<NuGetPushOutcome> PushAsync(string packagePath, string source, string? apiKey, CancellationToken cancellationToken)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal) { ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1", ["NUGET_API_KEY"] = apiKey ?? "" };
        var lines = new List<string>();
        int exitCode;
        try
        {
            exitCode = await ProcessRunner.RunAsync(
                new ProcessSpec(_host.DotNet, [_host.TaskHostPath, "nuget-push", packagePath, source], Path.GetDirectoryName(packagePath)!, env),
                (line, _) =>
                {
                    lock (lines)
                    {
                        lines.Add(line);
                    }
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            return new NuGetPushOutcome(NuGetPushStatus.Unreachable, $"cannot start the task host with '{_host.DotNet}': {e.Message}");
        }

        var reason = Redacted(lines.LastOrDefault(l => l.Trim().Length > 0)?.Trim() ?? $"exit code {exitCode}", apiKey);
        return exitCode switch
        {
            0 => new NuGetPushOutcome(NuGetPushStatus.Pushed),
            AlreadyThere => new NuGetPushOutcome(NuGetPushStatus.AlreadyThere),
            Unreachable => new NuGetPushOutcome(NuGetPushStatus.Unreachable, reason),
            Refused => new NuGetPushOutcome(NuGetPushStatus.Refused, reason),
            _ => new NuGetPushOutcome(NuGetPushStatus.Refused, $"the task host failed: {reason}"),
        };
    }

    /// <summary>A server may echo what it was sent; the key never reaches a message.</summary>
    private static string Redacted(string text, string? apiKey) =>
        string.IsNullOrEmpty(apiKey) ? text : text.Replace(apiKey, "***", StringComparison.Ordinal);
}
