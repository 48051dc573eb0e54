using PipelineBuild.Core.Model;
using PipelineBuild.Core.Workspace;

namespace PipelineBuild.Core.Execution;

/// <summary>
/// Removes a step's declared outputs before it runs (as DVC does), so a step that stops writing an
/// output fails visibly instead of leaving last run's file to be recorded as new.
/// </summary>
public static class OutputCleaner
{
    public static void Clear(WorkspaceLayout layout, StepDefinition step)
    {
        foreach (var output in step.Outputs)
        {
            var path = layout.FullPath(output.Path);
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
            else if (File.Exists(path))
            {
                File.Delete(path);
            }

            if (!output.IsFolder)
            {
                var folder = Path.GetDirectoryName(path);
                // One stat when the folder is there (most steps), not a failing mkdir and a stat.
                if (folder is not null && !Directory.Exists(folder))
                {
                    Directory.CreateDirectory(folder);
                }
            }
        }
    }
}
