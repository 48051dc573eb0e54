using System.Text;
using System.Text.Json;
using PipelineBuild.Core.Execution;
using PipelineBuild.Core.Recording;

namespace PipelineBuild.Cli.Ci;

/// <summary>
/// The outputs of a run for later CI steps: <c>run-id</c>, <c>status</c>, <c>&lt;artifact&gt;-version</c>
/// for every artifact that has a version, and <c>artifact-versions</c> (a JSON object, for composite
/// actions, whose outputs must be declared by name).
/// </summary>
internal static class RunOutputs
{
    public static IReadOnlyList<KeyValuePair<string, string>> Of(RunReport report)
    {
        var outputs = new List<KeyValuePair<string, string>>
        {
            new("run-id", report.RunId),
            new("status", report.Status.ToString().ToLowerInvariant()),
        };
        outputs.AddRange(report.Artifacts.Select(a => new KeyValuePair<string, string>($"{a.Name}-version", a.Version)));
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var artifact in report.Artifacts)
            {
                writer.WriteString(artifact.Name, artifact.Version);
            }

            writer.WriteEndObject();
        }

        outputs.Add(new("artifact-versions", Encoding.UTF8.GetString(buffer.ToArray())));
        return outputs;
    }
}
