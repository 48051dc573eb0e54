using System.Globalization;
using PipelineBuild.Core.Diagnostics;

namespace PipelineBuild.Cli.Ci;

/// <summary>
/// Azure Pipelines logging commands (<c>##vso[area.action key=value;…]data</c>) and formatting
/// lines (<c>##[group]</c>). Escaping is that of <c>azure-pipelines-task-lib</c>: data escapes
/// <c>%</c> as <c>%AZP25</c>, CR and LF; property values also <c>;</c> and <c>]</c>.
/// </summary>
internal sealed class AzurePipelines : ICiProvider
{
    private const string CommandPrefix = "##vso[";
    private readonly CiEnvironment _environment;

    public AzurePipelines(CiEnvironment environment)
    {
        _environment = environment;
    }

    public CiKind Kind => CiKind.Azure;

    public string BeginGroup(string title) => $"##[group]{OneLine(title)}";

    public string EndGroup() => "##[endgroup]";

    public string? SuspendCommands(string token) => null;

    public string? ResumeCommands(string token) => null;

    /// <summary>
    /// The agent finds <c>##vso[</c> anywhere in a line and has no way to switch commands off, so a
    /// step's own output gets a space in it (<c>##vso [</c>); a leading <c>##[</c> (a formatting
    /// line, e.g. a nested group) becomes <c>## [</c>. The step's log file keeps the original.
    /// </summary>
    public string StepLine(string line)
    {
        var safe = line.Contains(CommandPrefix, StringComparison.OrdinalIgnoreCase)
            ? line.Replace(CommandPrefix, "##vso [", StringComparison.OrdinalIgnoreCase)
            : line;
        return safe.TrimStart().StartsWith("##[", StringComparison.Ordinal) ? safe.Replace("##[", "## [", StringComparison.Ordinal) : safe;
    }

    public string Error(string message, SourceLocation? location, string? code)
    {
        var properties = new List<string> { "type=error" };
        if (location is { } at)
        {
            properties.Add("sourcepath=" + EscapeProperty(_environment.SourcePath(at.File, "BUILD_SOURCESDIRECTORY")));
            if (at.IsKnown)
            {
                properties.Add("linenumber=" + at.Line.ToString(CultureInfo.InvariantCulture));
                properties.Add("columnnumber=" + at.Column.ToString(CultureInfo.InvariantCulture));
            }
        }

        // GitHub's annotations have a title; Azure's only an error code, so other titles are left out.
        if (code is not null && code.StartsWith("PB", StringComparison.Ordinal))
        {
            properties.Add("code=" + EscapeProperty(code));
        }

        return $"{CommandPrefix}task.logissue {string.Join(';', properties)}]{EscapeData(message)}";
    }

    public string Warning(string message) => $"{CommandPrefix}task.logissue type=warning]{EscapeData(message)}";

    public IEnumerable<string> Mask(string secret) => [$"{CommandPrefix}task.setsecret]{EscapeData(secret)}"];

    /// <summary>The summary goes to a file under <c>.pipeline/logs/&lt;run&gt;/</c>, which the agent uploads as a build summary tab.</summary>
    public void PublishSummary(TextWriter log, string markdown, string stateFolder, string runId)
    {
        var path = Path.Combine(stateFolder, "logs", runId, "summary.md");
        if (CiFiles.Write(log, this, path, markdown))
        {
            log.WriteLine($"{CommandPrefix}task.uploadsummary]{EscapeData(path)}");
        }
    }

    /// <summary>The agent uploads the file as a build artifact of its own (<c>artifact.upload</c>), shown under the run's published artifacts.</summary>
    public string PublishReport(TextWriter log, string htmlFile, string pipelineName)
    {
        var artifact = ReportArtifactName(pipelineName);
        log.WriteLine($"{CommandPrefix}artifact.upload containerfolder={EscapeProperty(artifact)};artifactname={EscapeProperty(artifact)}]{EscapeData(Path.GetFullPath(htmlFile))}");
        return $"📊 HTML report: `{Path.GetFileName(htmlFile)}` in the build artifact `{artifact}` (the run's page, Related → Published).";
    }

    public static string ReportArtifactName(string pipelineName) => $"pipeline-{pipelineName}-report";

    /// <summary>
    /// Each output twice: as a job variable (<c>$(run_id)</c> in later steps) and as an output variable
    /// (<c>isOutput=true</c>: <c>$(stepName.run_id)</c>, and from other jobs). Azure variable names take
    /// letters, digits, <c>.</c> and <c>_</c>, so <c>-</c> becomes <c>_</c>.
    /// </summary>
    public void PublishOutputs(TextWriter log, IReadOnlyList<KeyValuePair<string, string>> outputs)
    {
        foreach (var (name, value) in outputs)
        {
            var variable = EscapeProperty(VariableName(name));
            log.WriteLine($"{CommandPrefix}task.setvariable variable={variable}]{EscapeData(value)}");
            log.WriteLine($"{CommandPrefix}task.setvariable variable={variable};isOutput=true]{EscapeData(value)}");
        }
    }

    public void RunFailed(TextWriter log, string message) => log.WriteLine($"{CommandPrefix}task.complete result=Failed;]{EscapeData(message)}");

    public static string VariableName(string output) => output.Replace('-', '_');

    public static string EscapeData(string value) =>
        value.Replace("%", "%AZP25", StringComparison.Ordinal).Replace("\r", "%0D", StringComparison.Ordinal).Replace("\n", "%0A", StringComparison.Ordinal);

    public static string EscapeProperty(string value) =>
        EscapeData(value).Replace("]", "%5D", StringComparison.Ordinal).Replace(";", "%3B", StringComparison.Ordinal);

    private static string OneLine(string text) => text.Replace('\r', ' ').Replace('\n', ' ');
}
