using System.Xml.Linq;
using PipelineBuild.Cli.Ci;
using PipelineBuild.Cli.Rendering;
using PipelineBuild.Core.Execution;
using PipelineBuild.Core.Planning;
using PipelineBuild.Testing;

namespace PipelineBuild.Cli.Tests;

/// <summary>The <c>--junit</c> file in the shape JUnit consumers expect (testsuites / testsuite / testcase / failure).</summary>
public sealed class JUnitReportTests
{
    [Fact]
    public void Should_write_one_test_case_per_step_with_failures_skips_and_the_log_tail()
    {
        // Given
        using var ws = TestWorkspace.Create();
        var log = ws.PathOf("fit.log");
        File.WriteAllLines(log, Enumerable.Range(1, 80).Select(i => i == 80 ? "last \u001b[31mred\u001b[0m line" : $"line {i}"));
        var pipeline = Fixtures.Pipeline(ws.Root, Fixtures.Step(ws.Root, "prep.split", 5), Fixtures.Step(ws.Root, "train.fit", 12), Fixtures.Step(ws.Root, "train.eval", 20));
        var report = Fixtures.Report(
            RunStatus.Failed,
            Fixtures.Ran("prep.split"),
            Fixtures.Failed("train.fit") with { LogPath = log },
            new StepResult("train.eval", StepState.Skipped, new StepReason(ReasonKind.UpstreamFailed, "train.fit"), TimeSpan.Zero, null));
        using var stream = new MemoryStream();

        // When
        JUnitReport.Write(stream, report, pipeline, ws.Root);

        // Then
        stream.Position = 0;
        var document = XDocument.Load(stream);
        var suites = document.Root!;
        Assert.Equal("testsuites", suites.Name.LocalName);
        var suite = Assert.Single(suites.Elements("testsuite"));
        Assert.Equal(("iris", "3", "1", "0", "1", "2.5"), ((string)suite.Attribute("name")!, (string)suite.Attribute("tests")!, (string)suite.Attribute("failures")!, (string)suite.Attribute("errors")!, (string)suite.Attribute("skipped")!, (string)suite.Attribute("time")!));
        var cases = suite.Elements("testcase").ToList();
        Assert.Equal(["prep.split", "train.fit", "train.eval"], cases.Select(c => (string)c.Attribute("name")!));
        Assert.Equal(["iris.prep", "iris.train", "iris.train"], cases.Select(c => (string)c.Attribute("classname")!));
        Assert.Equal("pipelines/train.yaml", (string)cases[1].Attribute("file")!);
        Assert.Equal("12", (string)cases[1].Attribute("line")!);
        Assert.Empty(cases[0].Elements("failure"));
        var failure = Assert.Single(cases[1].Elements("failure"));
        Assert.Equal("exit code 3", (string)failure.Attribute("message")!);
        var tail = failure.Value.Split('\n');
        Assert.Equal(JUnitReport.LogTailLines, tail.Length);
        Assert.Equal("line 31", tail[0]);
        Assert.Equal("last \uFFFD[31mred\uFFFD[0m line", tail[^1]);
        Assert.Equal("upstream failed: train.fit", (string)Assert.Single(cases[2].Elements("skipped")).Attribute("message")!);
    }
}
