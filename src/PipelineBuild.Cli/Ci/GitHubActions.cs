using System.Globalization;
using System.Text;
using PipelineBuild.Core.Diagnostics;

namespace PipelineBuild.Cli.Ci;

/// <summary>
/// GitHub Actions workflow commands (<c>::name key=value::data</c>) and environment files
/// (<c>$GITHUB_STEP_SUMMARY</c>, <c>$GITHUB_OUTPUT</c>). Escaping is that of <c>@actions/core</c>:
/// data escapes <c>%</c>, CR and LF; property values also <c>:</c> and <c>,</c>.
/// </summary>
internal sealed class GitHubActions : ICiProvider
{
    private readonly CiEnvironment _environment;

    public GitHubActions(CiEnvironment environment)
    {
        _environment = environment;
    }

    public CiKind Kind => CiKind.GitHub;

    public string BeginGroup(string title) => $"::group::{EscapeData(title)}";

    public string EndGroup() => "::endgroup::";

    public string? SuspendCommands(string token) => $"::stop-commands::{token}";

    public string? ResumeCommands(string token) => $"::{token}::";

    // Commands in step output are switched off with ::stop-commands:: around it, so lines pass unchanged.
    public string StepLine(string line) => line;

    public string Error(string message, SourceLocation? location, string? code)
    {
        var properties = new List<string>();
        if (location is { } at)
        {
            properties.Add("file=" + EscapeProperty(_environment.SourcePath(at.File, "GITHUB_WORKSPACE")));
            if (at.IsKnown)
            {
                properties.Add("line=" + at.Line.ToString(CultureInfo.InvariantCulture));
                properties.Add("col=" + at.Column.ToString(CultureInfo.InvariantCulture));
            }
        }

        if (code is not null)
        {
            properties.Add("title=" + EscapeProperty(code));
        }

        return properties.Count == 0 ? $"::error::{EscapeData(message)}" : $"::error {string.Join(',', properties)}::{EscapeData(message)}";
    }

    public string Warning(string message) => $"::warning::{EscapeData(message)}";

    public IEnumerable<string> Mask(string secret) =>
        // A multi-line value is masked line by line: the runner matches masks within one line.
        secret.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries).Select(part => $"::add-mask::{EscapeData(part)}");

    public void PublishSummary(TextWriter log, string markdown, string stateFolder, string runId)
    {
        if (_environment["GITHUB_STEP_SUMMARY"] is { } path)
        {
            CiFiles.Append(log, this, path, markdown);
        }
    }

    /// <summary>
    /// A step cannot upload an artifact itself (the upload API's token is given to actions only), so the
    /// workflow uploads the file (<c>ci generate</c> writes that step); the summary links the run's artifacts.
    /// </summary>
    public string PublishReport(TextWriter log, string htmlFile, string pipelineName)
    {
        var name = Path.GetFileName(htmlFile);
        return _environment["GITHUB_SERVER_URL"] is { } server && _environment["GITHUB_REPOSITORY"] is { } repository && _environment["GITHUB_RUN_ID"] is { } run
            ? $"📊 HTML report: `{name}`, in [this run's artifacts]({server}/{repository}/actions/runs/{run}#artifacts) when the workflow uploads it (workflows from `dotnet pipeline ci generate` do)."
            : $"📊 HTML report: `{name}`.";
    }

    public void PublishOutputs(TextWriter log, IReadOnlyList<KeyValuePair<string, string>> outputs)
    {
        if (_environment["GITHUB_OUTPUT"] is not { } path)
        {
            return;
        }

        var text = new StringBuilder();
        foreach (var (name, value) in outputs)
        {
            if (value.Contains('\n', StringComparison.Ordinal) || value.Contains('\r', StringComparison.Ordinal))
            {
                var delimiter = "ghadelimiter_" + Guid.NewGuid().ToString("N");
                text.Append(name).Append("<<").Append(delimiter).Append('\n').Append(value).Append('\n').Append(delimiter).Append('\n');
            }
            else
            {
                text.Append(name).Append('=').Append(value).Append('\n');
            }
        }

        CiFiles.Append(log, this, path, text.ToString());
    }

    // The failed exit code fails the job step; GitHub has no separate "complete" command.
    public void RunFailed(TextWriter log, string message)
    {
    }

    public static string EscapeData(string value) =>
        value.Replace("%", "%25", StringComparison.Ordinal).Replace("\r", "%0D", StringComparison.Ordinal).Replace("\n", "%0A", StringComparison.Ordinal);

    public static string EscapeProperty(string value) =>
        EscapeData(value).Replace(":", "%3A", StringComparison.Ordinal).Replace(",", "%2C", StringComparison.Ordinal);
}
