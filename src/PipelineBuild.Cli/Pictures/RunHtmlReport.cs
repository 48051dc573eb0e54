using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Runs;
using PipelineBuild.Core.Workspace;

namespace PipelineBuild.Cli.Pictures;

/// <summary><c>run --html</c>: the report of the run just recorded; a run that could not be recorded gets a warning, not a page (false).</summary>
internal static class RunHtmlReport
{
    public static bool Write(string path, string workspaceRoot, string runId, Action<string> warn)
    {
        var layout = new WorkspaceLayout(workspaceRoot);
        try
        {
            using var store = RunStore.OpenExisting(layout.RunsDatabase);
            if (store?.Get(runId) is not { } run)
            {
                warn($"warning {PictureCodes.RunNotRecorded}: --html: the run was not recorded, so no report was written to {path}");
                return false;
            }

            HtmlPage.Save(path, PicturePages.Report(new PictureSources(layout, store), run));
            return true;
        }
        catch (Exception e) when (e is PipelineException or IOException or UnauthorizedAccessException)
        {
            warn($"warning {PictureCodes.RunNotRecorded}: --html: no report was written to {path} ({e.Message})");
            return false;
        }
    }
}
