using System.Text.Json;

namespace PipelineBuild.EndToEnd.Tests;

/// <summary>Reads a <c>--report</c> file: step id → (state, reason).</summary>
internal sealed class ReportReader
{
    private readonly Dictionary<string, (string State, string Reason)> _steps = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _errors = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _reasonCodes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _nodes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string Version, bool IsNew)> _artifacts = new(StringComparer.Ordinal);

    private ReportReader(string status, string runId)
    {
        Status = status;
        RunId = runId;
    }

    public string Status { get; }

    public string RunId { get; }

    public IReadOnlyDictionary<string, (string State, string Reason)> Steps => _steps;

    public static ReportReader Read(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var root = document.RootElement;
        var report = new ReportReader(root.GetProperty("status").GetString()!, root.GetProperty("runId").GetString()!);
        foreach (var step in root.GetProperty("steps").EnumerateArray())
        {
            var id = step.GetProperty("id").GetString()!;
            report._steps[id] = (step.GetProperty("state").GetString()!, step.GetProperty("reason").GetString()!);
            if (step.TryGetProperty("reasonCode", out var code))
            {
                report._reasonCodes[id] = code.GetString()!;
            }

            if (step.TryGetProperty("node", out var node))
            {
                report._nodes[id] = node.GetString()!;
            }

            if (step.TryGetProperty("error", out var error))
            {
                report._errors[id] = error.GetString()!;
            }
        }

        foreach (var artifact in root.GetProperty("artifacts").EnumerateArray())
        {
            report._artifacts[artifact.GetProperty("name").GetString()!] = (artifact.GetProperty("version").GetString()!, artifact.GetProperty("new").GetBoolean());
        }

        return report;
    }

    /// <summary>An artifact's current version after the run, and whether the run published it.</summary>
    public (string Version, bool IsNew) Artifact(string name) => _artifacts[name];

    public string State(string stepId) => _steps[stepId].State;

    /// <summary>The cluster node the step ran on; null when it did not run on a cluster.</summary>
    public string? Node(string stepId) => _nodes.GetValueOrDefault(stepId);

    /// <summary>The stable code of the step's reason (<c>input-changed</c>); null when the report has none.</summary>
    public string? ReasonCode(string stepId) => _reasonCodes.GetValueOrDefault(stepId);

    public string Reason(string stepId) => _steps[stepId].Reason;

    /// <summary>The step's error message; empty when it has none.</summary>
    public string Error(string stepId) => _errors.GetValueOrDefault(stepId, "");
}
