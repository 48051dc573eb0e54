using System.Text.Json;

namespace PipelineBuild.Cluster.Agent;

/// <summary>
/// The agent's environment with the job's secrets added from the file <see cref="ClusterEnvironment.SecretsFile"/> names
/// (a Swarm secret mounted into the task), when it names one; the file's values win over the environment's.
/// </summary>
public static class JobSecretsFile
{
    /// <returns>The environment to work with, and the secrets the file held (empty without one).</returns>
    public static (IReadOnlyDictionary<string, string> Environment, IReadOnlyDictionary<string, string> Secrets) Apply(IReadOnlyDictionary<string, string> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (environment.GetValueOrDefault(ClusterEnvironment.SecretsFile) is not { Length: > 0 } path)
        {
            return (environment, new Dictionary<string, string>(StringComparer.Ordinal));
        }

        var secrets = Read(path);
        var merged = new Dictionary<string, string>(environment, StringComparer.Ordinal);
        foreach (var (name, value) in secrets)
        {
            merged[name] = value;
        }

        return (merged, secrets);
    }

    private static Dictionary<string, string> Read(string path)
    {
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            if (file.Length > JobSecretsJson.MaxBytes)
            {
                throw Unreadable(path, $"it is larger than {JobSecretsJson.MaxBytes} bytes");
            }

            var bytes = new byte[file.Length];
            file.ReadExactly(bytes);
            var secrets = JobSecretsJson.Deserialize(bytes);
            return secrets.Keys.FirstOrDefault(n => n.Length == 0 || n.Contains('=', StringComparison.Ordinal) || n.Contains('\0', StringComparison.Ordinal)) is { } bad
                ? throw Unreadable(path, $"'{bad}' is not a variable name")
                : secrets;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Unreadable(path, e.Message);
        }
        catch (JsonException)
        {
            // The parser's message may quote a piece of a value.
            throw Unreadable(path, "it is not a JSON object of strings");
        }
    }

    private static AgentException Unreadable(string path, string why) =>
        new(ClusterCodes.SecretsUnreadable, $"the job's secrets file {path} cannot be used: {why}", AgentExitCodes.Refused);
}
