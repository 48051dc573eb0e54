using PipelineBuild.Core.Model;

namespace PipelineBuild.Notebooks;

/// <summary>
/// A notebook step with <c>image:</c> as the container step that runs the driver in that image: the
/// image's <c>python3</c> (which must have nbclient, nbconvert and the step's kernel) runs the driver
/// script, written with its request into the state folder, which the container sees under the mounted
/// workspace. The kernel's interpreter is the image's, so the image's key stands for it in the fingerprint.
/// </summary>
internal static class NotebookContainer
{
    /// <summary>Where the container mounts the workspace (the container runner's working directory).</summary>
    public const string WorkspaceMount = "/workspace";

    /// <summary>The step the container runner runs: the same image, env, network and resources, and the driver as its command.</summary>
    public static StepDefinition Step(StepDefinition notebook, string? command = null) => notebook with
    {
        Kind = StepKind.Container,
        Command = command ?? "",
        Shell = null,
        Env = new Dictionary<string, string>(notebook.Env.ToDictionary(), StringComparer.Ordinal) { ["PYDEVD_DISABLE_FILE_VALIDATION"] = "1" },
    };

    /// <summary>The kernel as it enters the fingerprint: its name and where it runs (the image's key enters it too).</summary>
    public static string KernelIdentity(StepDefinition step) => $"{step.Kernel} in image {step.Image}";

    /// <summary>A workspace path as the container sees it.</summary>
    public static string PathInContainer(string root, string fullPath) =>
        WorkspaceMount + "/" + Path.GetRelativePath(root, fullPath).Replace('\\', '/');

    /// <summary>The driver's command line: every path is a workspace path the tool made (no user text), quoted all the same.</summary>
    public static string Command(string driver, string request, string result) =>
        string.Join(' ', new[] { "python3", driver, "run", request, result }.Select(Quote));

    private static string Quote(string word) => "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
