using System.Globalization;
using System.Text;
using System.Xml;
using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Execution;
using PipelineBuild.Core.Model;
using PipelineBuild.Core.Planning;
using PipelineBuild.Core.Recording;
using PipelineBuild.Core.Workspace;

namespace PipelineBuild.Cli.Ci;

/// <summary>
/// The <c>--junit</c> file: one test case per step, in the JUnit XML shape that Azure's
/// PublishTestResults, GitHub test-report actions, Jenkins and GitLab read. A failed step is a
/// <c>&lt;failure&gt;</c> holding the tail of its log; a cancelled one an <c>&lt;error&gt;</c>; a step
/// not run because of another's failure is <c>&lt;skipped&gt;</c>; ran, restored and up to date pass.
/// </summary>
internal static class JUnitReport
{
    public const int LogTailLines = 50;

    public static void Write(string path, RunReport report, PipelineDefinition pipeline)
    {
        try
        {
            AtomicFile.Write(path, stream => Write(stream, report, pipeline, Directory.GetCurrentDirectory()));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new PipelineException(CiCodes.JUnitNotWritten, $"{path}: error {CiCodes.JUnitNotWritten}: cannot write the JUnit report: {IoErrorText.Describe(e)}; check that the folder exists and is writable and the disk has space", ExitCodes.StepFailed, e);
        }
    }

    public static void Write(Stream stream, RunReport report, PipelineDefinition pipeline, string currentDirectory)
    {
        var settings = new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(false) };
        using var xml = XmlWriter.Create(stream, settings);
        var failures = report.Count(StepState.Failed);
        var errors = report.Count(StepState.Cancelled);
        var skipped = report.Count(StepState.Skipped);
        var time = Seconds(report.Duration);
        var file = Path.GetRelativePath(currentDirectory, pipeline.FilePath).Replace(Path.DirectorySeparatorChar, '/');

        xml.WriteStartDocument();
        xml.WriteStartElement("testsuites");
        xml.WriteAttributeString("name", Clean(report.Pipeline));
        WriteCounts(xml, report.Steps.Count, failures, errors, skipped, time);
        xml.WriteStartElement("testsuite");
        xml.WriteAttributeString("name", Clean(report.Pipeline));
        WriteCounts(xml, report.Steps.Count, failures, errors, skipped, time);
        xml.WriteAttributeString("timestamp", report.StartedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture));
        xml.WriteAttributeString("file", Clean(file));

        xml.WriteStartElement("properties");
        WriteProperty(xml, "run-id", report.RunId);
        WriteProperty(xml, "status", report.Status.ToString().ToLowerInvariant());
        xml.WriteEndElement();

        foreach (var step in report.Steps)
        {
            var definition = pipeline.Steps.FirstOrDefault(s => s.Id == step.Id);
            xml.WriteStartElement("testcase");
            xml.WriteAttributeString("name", Clean(step.Id));
            xml.WriteAttributeString("classname", Clean($"{report.Pipeline}.{definition?.Stage ?? step.Id.Split('.')[0]}"));
            xml.WriteAttributeString("time", Seconds(step.Duration));
            xml.WriteAttributeString("file", Clean(file));
            if (definition is not null && definition.Location.IsKnown)
            {
                xml.WriteAttributeString("line", definition.Location.Line.ToString(CultureInfo.InvariantCulture));
            }

            switch (step.State)
            {
                case StepState.Failed:
                    xml.WriteStartElement("failure");
                    xml.WriteAttributeString("message", Clean(step.Error ?? "failed"));
                    xml.WriteAttributeString("type", step.ExitCode is { } code ? $"exit code {code.ToString(CultureInfo.InvariantCulture)}" : "failed");
                    xml.WriteString(Clean(string.Join('\n', Tail(step))));
                    xml.WriteEndElement();
                    break;
                case StepState.Cancelled:
                    xml.WriteStartElement("error");
                    xml.WriteAttributeString("message", Clean(step.Error ?? "cancelled"));
                    xml.WriteAttributeString("type", "cancelled");
                    xml.WriteEndElement();
                    break;
                case StepState.Skipped:
                    xml.WriteStartElement("skipped");
                    xml.WriteAttributeString("message", Clean(ReasonText.Format(step.Reason)));
                    xml.WriteEndElement();
                    break;
            }

            xml.WriteElementString("system-out", Clean($"{StepStateNames.Of(step.State)}: {ReasonText.Format(step.Reason)}"));
            xml.WriteEndElement();
        }

        xml.WriteEndElement();
        xml.WriteEndElement();
        xml.WriteEndDocument();
    }

    /// <summary>The last lines of the step's full log; the stderr tail when the log is gone.</summary>
    private static IReadOnlyList<string> Tail(StepResult step)
    {
        if (step.LogPath is not null && File.Exists(step.LogPath))
        {
            try
            {
                var tail = new Queue<string>(LogTailLines);
                foreach (var line in File.ReadLines(step.LogPath))
                {
                    if (tail.Count == LogTailLines)
                    {
                        tail.Dequeue();
                    }

                    tail.Enqueue(line);
                }

                return [.. tail];
            }
            catch (IOException)
            {
                // Fall back to the tail the run kept.
            }
        }

        return step.ErrorTail ?? [];
    }

    private static void WriteCounts(XmlWriter xml, int tests, int failures, int errors, int skipped, string time)
    {
        xml.WriteAttributeString("tests", tests.ToString(CultureInfo.InvariantCulture));
        xml.WriteAttributeString("failures", failures.ToString(CultureInfo.InvariantCulture));
        xml.WriteAttributeString("errors", errors.ToString(CultureInfo.InvariantCulture));
        xml.WriteAttributeString("skipped", skipped.ToString(CultureInfo.InvariantCulture));
        xml.WriteAttributeString("time", time);
    }

    private static void WriteProperty(XmlWriter xml, string name, string value)
    {
        xml.WriteStartElement("property");
        xml.WriteAttributeString("name", name);
        xml.WriteAttributeString("value", Clean(value));
        xml.WriteEndElement();
    }

    private static string Seconds(TimeSpan duration) => duration.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary>Step output may hold bytes XML 1.0 cannot carry (ANSI escapes, NUL): they become U+FFFD.</summary>
    private static string Clean(string text)
    {
        StringBuilder? cleaned = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var valid = XmlConvert.IsXmlChar(c) || (i + 1 < text.Length && XmlConvert.IsXmlSurrogatePair(text[i + 1], c));
            if (valid && char.IsHighSurrogate(c))
            {
                cleaned?.Append(c).Append(text[i + 1]);
                i++;
                continue;
            }

            if (!valid)
            {
                cleaned ??= new StringBuilder(text, 0, i, text.Length);
                cleaned.Append('\uFFFD');
            }
            else
            {
                cleaned?.Append(c);
            }
        }

        return cleaned?.ToString() ?? text;
    }
}
