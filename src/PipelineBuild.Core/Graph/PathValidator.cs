using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Model;

namespace PipelineBuild.Core.Graph;

/// <summary>Normalizes step paths and reports those outside the workspace (PB3003 outputs, PB3006 inputs).</summary>
internal sealed class PathValidator : IDisposable
{
    private readonly WorkspaceBoundary _boundary;
    private readonly DiagnosticBag _diagnostics;
    private readonly ToolOwnedPaths _toolOwned;

    public PathValidator(string workspaceRoot, DiagnosticBag diagnostics, ToolOwnedPaths? toolOwned = null)
    {
        _boundary = new WorkspaceBoundary(workspaceRoot);
        _diagnostics = diagnostics;
        _toolOwned = toolOwned ?? new ToolOwnedPaths([]);
    }

    public void Dispose() => _boundary.Dispose();

    /// <summary>The normalized output path, or null (with a diagnostic) when it is not inside the workspace.</summary>
    public string? Output(StepDefinition step, OutputSpec output)
    {
        var problem = Check(output.Path, output.Path, out var normalized);
        if (problem is null && normalized.Length == 0)
        {
            problem = "is the workspace itself";
        }

        if (problem is null && _toolOwned.Conflict(normalized) is { } owned)
        {
            _diagnostics.Error(
                GraphCodes.OutputIsToolOwned,
                output.Location,
                $"output '{output}' of step '{step.Id}' {owned}",
                "a run deletes a step's outputs before it starts: write the output to a path of your own (e.g. build/ or out/)");
            return null;
        }

        if (problem is null)
        {
            return normalized;
        }

        _diagnostics.Error(
            GraphCodes.OutputOutsideWorkspace,
            output.Location,
            $"output '{output}' of step '{step.Id}' {problem}",
            "outputs must be files or folders inside the workspace; write there and publish elsewhere with an artifact");
        return null;
    }

    /// <summary>The normalized input path or glob, or null (with a diagnostic) when it is not inside the workspace.</summary>
    public string? Input(StepDefinition step, InputSpec input)
    {
        // A glob can only reach through links in its literal folders; its wildcard part is matched inside them.
        var checkedPath = input.Kind == InputKind.Glob ? WorkspacePath.LiteralPrefix(input.Path.Replace('\\', '/')) : input.Path;
        var problem = Check(input.Path, checkedPath, out var normalized);
        if (problem is null)
        {
            return normalized;
        }

        _diagnostics.Error(
            GraphCodes.InputOutsideWorkspace,
            input.Location,
            $"input '{input.Path}' of step '{step.Id}' {problem}",
            "copy or download the data into the workspace (e.g. with a step), so that its content is fingerprinted and reproducible");
        return null;
    }

    /// <summary>True when the validation of this normalized path already saw it on disk (a file or a folder, not a link).</summary>
    public bool WasFoundOnDisk(string normalizedPath) => _boundary.WasFoundAsPlainEntry(normalizedPath);

    private string? Check(string path, string linkCheckedPath, out string normalized)
    {
        normalized = string.Empty;
        if (WorkspacePath.IsRooted(path))
        {
            return "is an absolute path";
        }

        var result = WorkspacePath.Normalize(path);
        if (result is null)
        {
            return "climbs out of the workspace with '..'";
        }

        var linkChecked = ReferenceEquals(linkCheckedPath, path) ? result : WorkspacePath.Normalize(linkCheckedPath);
        if (linkChecked is not null && _boundary.EscapesThroughLink(linkChecked))
        {
            return "resolves through a symlink to a place outside the workspace";
        }

        normalized = result;
        return null;
    }
}
