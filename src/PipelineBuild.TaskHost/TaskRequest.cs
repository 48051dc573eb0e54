using System.Text.Json;
using PipelineBuild.Sdk;

namespace PipelineBuild.TaskHost;

/// <summary>
/// What the tool asks the host to run (protocol 1, a JSON file): the task, where its assembly is (none
/// for built-in tasks), the step's declared paths, its params and <c>with</c> values, and where to write the result.
/// </summary>
internal sealed record TaskRequest(
    string? Assembly,
    string Task,
    string StepId,
    string Workspace,
    IReadOnlyList<string> Inputs,
    IReadOnlyList<string> Outputs,
    IReadOnlyList<string> Metrics,
    TaskValues Params,
    TaskValues With,
    string ResultPath)
{
    public const int Protocol = 1;

    public static TaskRequest Read(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        var root = document.RootElement;
        var protocol = root.GetProperty("protocol").GetInt32();
        if (protocol != Protocol)
        {
            throw new TaskHostException($"the tool speaks task host protocol {protocol}, this host {Protocol}; reinstall the tool");
        }

        return new TaskRequest(
            root.TryGetProperty("assembly", out var assembly) && assembly.ValueKind == JsonValueKind.String ? assembly.GetString() : null,
            root.GetProperty("task").GetString()!,
            root.GetProperty("stepId").GetString()!,
            root.GetProperty("workspace").GetString()!,
            Strings(root, "inputs"),
            Strings(root, "outputs"),
            Strings(root, "metrics"),
            TaskValues.Parse(root.GetProperty("params").GetRawText()),
            TaskValues.Parse(WithSecrets(root.GetProperty("with").GetRawText(), Strings(root, "secrets"))),
            root.GetProperty("result").GetString()!);
    }

    /// <summary>Secrets travel by name (the request file never holds a value): <c>${{ env.NAME }}</c> becomes the variable's value.</summary>
    private static string WithSecrets(string json, IReadOnlyList<string> names)
    {
        foreach (var name in names)
        {
            var value = Environment.GetEnvironmentVariable(name) ?? "";
            json = json.Replace("${{ env." + name + " }}", JsonEncodedText.Encode(value).ToString(), StringComparison.Ordinal);
        }

        return json;
    }

    private static string[] Strings(JsonElement root, string name) =>
        root.TryGetProperty(name, out var list) ? [.. list.EnumerateArray().Select(e => e.GetString()!)] : [];
}
