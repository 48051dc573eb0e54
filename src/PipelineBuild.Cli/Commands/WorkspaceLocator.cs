using System.CommandLine;
using PipelineBuild.Cli.Composition;
using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Runs;
using PipelineBuild.Core.Workspace;

namespace PipelineBuild.Cli.Commands;

/// <summary>
/// Finds the workspace that history and artifact commands read: the folder given with <c>-C</c>
/// (default: the current one) or the nearest above it holding <c>.pipeline/</c>, as git finds <c>.git</c>;
/// else the workspace of the <c>pipeline.yaml</c> there (which may set <c>workspace:</c>).
/// </summary>
internal static class WorkspaceLocator
{
    public static readonly Option<string?> Directory = new("--directory", "-C")
    {
        Description = "The workspace, or a folder inside it (default: the current folder)",
        Recursive = true,
    };

    public static WorkspaceLayout Find(ParseResult parse)
    {
        var start = Path.GetFullPath(parse.GetValue(Directory) ?? ".");
        for (var folder = start; folder is not null; folder = Path.GetDirectoryName(folder))
        {
            if (System.IO.Directory.Exists(Path.Combine(folder, WorkspaceLayout.StateFolderName)))
            {
                return new WorkspaceLayout(folder);
            }
        }

        foreach (var name in new[] { "pipeline.yaml", "pipeline.yml" })
        {
            if (File.Exists(Path.Combine(start, name)))
            {
                var (pipeline, _) = PipelineOpener.Open(Path.Combine(start, name), [], null);
                return new WorkspaceLayout(pipeline.WorkspaceRoot);
            }
        }

        throw new PipelineException(
            RunCodes.NoWorkspace,
            $"{start}: error {RunCodes.NoWorkspace}: no PipelineBuild workspace here (no .pipeline/ folder in this folder or above); run a pipeline first with 'dotnet pipeline run', or point at its workspace with -C DIR");
    }
}
