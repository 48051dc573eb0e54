using PipelineBuild.Core.Diagnostics;

namespace PipelineBuild.Core.Model;

/// <summary>
/// Where a notebook step writes its executed notebook (and its HTML export): <c>reports/&lt;step id&gt;.ipynb</c>,
/// declared as outputs of the step so that they are cached, restored and owned by it like any output.
/// </summary>
public static class NotebookOutputs
{
    public const string DefaultKernel = "python3";

    public const string Folder = "reports";

    public static string Executed(string stepId) => $"{Folder}/{stepId}.ipynb";

    public static string Html(string stepId) => $"{Folder}/{stepId}.html";

    internal static IEnumerable<OutputSpec> For(string stepId, string? export, SourceLocation location)
    {
        yield return new OutputSpec(Executed(stepId), false, location);
        if (export == "html")
        {
            yield return new OutputSpec(Html(stepId), false, location);
        }
    }
}
