namespace PipelineBuild.Cli.Rendering;

/// <summary>A reporter that can point at the run's HTML report (a CI job summary links or uploads it).</summary>
internal interface IHtmlReportSink
{
    /// <summary>Called once the report file is written, before the reporter completes.</summary>
    void HtmlReportWritten(string htmlFile);
}
