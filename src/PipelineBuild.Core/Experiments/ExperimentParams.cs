using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Graph;
using PipelineBuild.Core.Workspace;

namespace PipelineBuild.Core.Experiments;

/// <summary>
/// Writes param values where the pipeline keeps them: its <c>params:</c> map, or the params file it
/// names (so a script that reads the file sees the experiment's values too).
/// </summary>
public static class ExperimentParams
{
    /// <summary>Writes the values; returns the names it could not write (not a plain value in the file).</summary>
    /// <exception cref="PipelineException">PB1072: the params file named by the pipeline lies outside the workspace.</exception>
    public static IReadOnlyList<string> Write(string pipelineFile, WorkspaceLayout layout, IReadOnlyDictionary<string, string> values)
    {
        if (values.Count == 0)
        {
            return [];
        }

        var paramsFile = ParamsEditor.ParamsFileOf(File.ReadAllText(pipelineFile));
        string target = pipelineFile;
        if (paramsFile is not null)
        {
            var relative = WorkspacePath.Normalize(paramsFile) ?? throw new PipelineException(
                ExperimentCodes.BadExperiment,
                $"{pipelineFile}: error {ExperimentCodes.BadExperiment}: the params file '{paramsFile}' is not inside the workspace; name a file inside it");
            target = layout.FullPath(relative);
        }

        var text = File.ReadAllText(target);
        var updated = ParamsEditor.Set(text, paramsFile is null ? "params" : null, values, out var missing);
        if (!string.Equals(updated, text, StringComparison.Ordinal))
        {
            AtomicFile.WriteAllText(target, updated);
        }

        return missing;
    }
}
