using System.Collections;
using System.Security.Cryptography;
using System.Text;

namespace PipelineBuild.TaskRunner.Kept;

/// <summary>
/// What a kept host serves, as the name of its sockets: <c>&lt;workspace&gt;-&lt;settings&gt;</c>, the first 16 hex digits
/// of the workspace root's SHA-256, then 32 of the SHA-256 over the workspace, the <c>dotnet</c> and the task host it
/// runs (each assembly's path, size and modification time: a rebuilt or updated tool is another host), and the exact
/// environment it is started with. Anything different is another host, so no step ever runs with a value another set
/// of settings put there; the workspace part lets an idle host see that a newer one of its workspace has come
/// (<c>KeptServer</c> then leaves). Digests are all a name holds: no value of the environment.
/// </summary>
internal static class KeptHostKey
{
    /// <summary>Besides the host: the assemblies it loads into its default context for every step (built-in tasks, SDK).</summary>
    private static readonly string[] SharedAssemblies = ["PipelineBuild.Tasks.dll", "PipelineBuild.Sdk.dll"];

    public static string Of(string workspace, DotNetHost host, IReadOnlyDictionary<string, string> environment)
    {
        var text = new StringBuilder();
        Add(text, "key", "pipelinebuild-kept-task-host 1");
        Add(text, "workspace", workspace);
        Add(text, "dotnet", host.DotNet);
        foreach (var file in new[] { host.TaskHostPath }.Concat(SharedAssemblies.Select(a => Path.Combine(host.Folder, a))))
        {
            var info = new FileInfo(file);
            Add(text, "file", file);
            Add(text, "stamp", info.Exists ? $"{info.Length} {info.LastWriteTimeUtc.Ticks}" : "missing");
        }

        foreach (var (name, value) in environment.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            Add(text, "env", name);
            Add(text, "value", value);
        }

        var workspaceDigest = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(workspace)))[..16];
        return workspaceDigest + "-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..32];
    }

    /// <summary>The environment a host started by this process gets: ours, with <paramref name="additions"/> over it.</summary>
    public static Dictionary<string, string> EnvironmentWith(IReadOnlyDictionary<string, string> additions)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            environment[(string)entry.Key] = (string?)entry.Value ?? "";
        }

        foreach (var (name, value) in additions)
        {
            environment[name] = value;
        }

        return environment;
    }

    // Length-prefixed: no value can pass for the start of another field.
    private static void Add(StringBuilder text, string field, string value) =>
        text.Append(field).Append(' ').Append(value.Length).Append(':').Append(value).Append('\n');
}
