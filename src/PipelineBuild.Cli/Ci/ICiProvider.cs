using PipelineBuild.Core.Diagnostics;

namespace PipelineBuild.Cli.Ci;

/// <summary>
/// One CI system's log protocol: the lines its runner parses from a step's output (groups,
/// annotations, masks) and the files or commands that carry a job summary and outputs. Every
/// method returns or writes text; nothing here decides what to report (that is <see cref="CiRunReporter"/>).
/// </summary>
internal interface ICiProvider
{
    CiKind Kind { get; }

    /// <summary>A line that opens a collapsible group.</summary>
    string BeginGroup(string title);

    string EndGroup();

    /// <summary>A line after which the runner ignores workflow commands until <see cref="ResumeCommands"/>; null when the system has none.</summary>
    string? SuspendCommands(string token);

    string? ResumeCommands(string token);

    /// <summary>A line of a step's own output, made harmless where the runner would take it as a command.</summary>
    string StepLine(string line);

    /// <summary>An error annotation, at a source position when one is known.</summary>
    string Error(string message, SourceLocation? location, string? code);

    string Warning(string message);

    /// <summary>Lines that make the runner hide <paramref name="secret"/> in all later output.</summary>
    IEnumerable<string> Mask(string secret);

    /// <summary>Appends the Markdown job summary (a file, or a file plus an upload command).</summary>
    void PublishSummary(TextWriter log, string markdown, string stateFolder, string runId);

    /// <summary>
    /// Makes the run's HTML report reachable from the run's page where the system allows it (an upload
    /// command, or the artifacts the workflow uploads); the Markdown line the job summary shows for it.
    /// </summary>
    string PublishReport(TextWriter log, string htmlFile, string pipelineName);

    /// <summary>Sets the step's outputs (<c>run-id</c>, <c>status</c>, <c>&lt;artifact&gt;-version</c>…).</summary>
    void PublishOutputs(TextWriter log, IReadOnlyList<KeyValuePair<string, string>> outputs);

    /// <summary>Tells the runner the run failed, where it has a command for that.</summary>
    void RunFailed(TextWriter log, string message);
}
