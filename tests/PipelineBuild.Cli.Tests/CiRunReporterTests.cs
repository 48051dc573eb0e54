using PipelineBuild.Cli.Ci;
using PipelineBuild.Core.Execution;
using PipelineBuild.Core.Planning;
using PipelineBuild.Testing;

namespace PipelineBuild.Cli.Tests;

/// <summary>Golden logs of a run as each CI system sees it.</summary>
public sealed class CiRunReporterTests
{
    private static readonly StepDecision New = new StepDecision.Run(new StepReason(ReasonKind.New));

    [Fact]
    public async Task Should_write_a_github_log_with_groups_stop_commands_annotations_summary_and_outputs()
    {
        // Given
        using var ws = TestWorkspace.Create();
        var outputs = ws.PathOf("outputs.txt");
        var summary = ws.PathOf("summary.md");
        var a = Fixtures.Step(ws.Root, "prep.split", 5);
        var b = Fixtures.Step(ws.Root, "train.fit", 12);
        var github = new GitHubActions(Fixtures.Environment(ws.Root, ("GITHUB_WORKSPACE", ws.Root), ("GITHUB_OUTPUT", outputs), ("GITHUB_STEP_SUMMARY", summary)));
        using var log = new StringWriter();
        var reporter = new CiRunReporter(github, log, Fixtures.Pipeline(ws.Root, a, b), verbose: false, token: "TOKEN");
        var report = Fixtures.Report(RunStatus.Failed, Fixtures.Ran("prep.split"), Fixtures.Failed("train.fit")) with
        {
            Artifacts = [Fixtures.Artifact("iris-model", "1.0.2", isNew: false)],
        };

        // When
        reporter.StepStarted(a, New);
        reporter.StepOutput(a, "::set-output name=x::injected", isError: false);
        reporter.StepFinished(report.Steps[0]);
        reporter.StepStarted(b, New);
        reporter.StepOutput(b, "boom", isError: true);
        reporter.StepFinished(report.Steps[1]);
        await reporter.CompleteAsync(report);

        // Then
        Assert.Equal(
            """
            ::group::▶ prep.split: running (new)
            ::stop-commands::TOKEN
            ::set-output name=x::injected
            ::TOKEN::
            ::endgroup::
            ✔ prep.split: done in 1.2s
            ::group::▶ train.fit: running (new)
            ::stop-commands::TOKEN
            boom
            ::TOKEN::
            ::endgroup::
            ✖ train.fit: failed (exit code 3)
            ::error file=pipelines/train.yaml,line=12,col=7,title=step train.fit failed::step train.fit failed: exit code 3%0Aboom%0A50%25 done :: really

            ✖ train.fit failed: exit code 3
                boom
                50% done :: really
            Failed in 2.5s: 1 ran, 1 failed (run 0123456789abcdef)

            """.ReplaceLineEndings(),
            log.ToString());
        Assert.Equal(
            "run-id=0123456789abcdef\nstatus=failed\niris-model-version=1.0.2\nartifact-versions={\"iris-model\":\"1.0.2\"}\n",
            File.ReadAllText(outputs));
        Assert.Contains("| `train.fit` | ❌ failed | new; exit code 3 | 40ms |", File.ReadAllText(summary), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_keep_parallel_steps_in_separate_groups_in_the_order_they_started()
    {
        // Given
        using var ws = TestWorkspace.Create();
        var a = Fixtures.Step(ws.Root, "s.a", 5);
        var b = Fixtures.Step(ws.Root, "s.b", 8);
        var c = Fixtures.Step(ws.Root, "s.c", 11);
        using var log = new StringWriter();
        var reporter = new CiRunReporter(new AzurePipelines(Fixtures.Environment(ws.Root)), log, Fixtures.Pipeline(ws.Root, a, b, c), verbose: false);

        // When: b and c start while a owns the log; c finishes first; a warning arrives mid-group
        reporter.StepStarted(a, New);
        reporter.StepStarted(b, New);
        reporter.StepStarted(c, New);
        reporter.StepOutput(a, "a1", false);
        reporter.StepOutput(b, "b1", false);
        reporter.StepOutput(c, "c1 ##vso[task.complete result=Succeeded]", false);
        reporter.StepFinished(Fixtures.Ran("s.c", 0.1));
        reporter.Warning("w: warning PB4001: damaged");
        reporter.StepOutput(a, "a2", false);
        reporter.StepFinished(Fixtures.Ran("s.a", 0.2));
        reporter.StepOutput(b, "b2", false);
        reporter.StepFinished(Fixtures.Ran("s.b", 0.3));

        // Then
        Assert.Equal(
            """
            ##[group]▶ s.a: running (new)
            a1
            a2
            ##[endgroup]
            ##vso[task.logissue type=warning]w: warning PB4001: damaged
            ✔ s.a: done in 200ms
            ##[group]▶ s.c: running (new)
            c1 ##vso [task.complete result=Succeeded]
            ##[endgroup]
            ✔ s.c: done in 100ms
            ##[group]▶ s.b: running (new)
            b1
            b2
            ##[endgroup]
            ✔ s.b: done in 300ms

            """.ReplaceLineEndings(),
            log.ToString());
        await reporter.DisposeAsync();
    }

    [Fact]
    public async Task Should_close_groups_of_steps_that_never_finished_when_the_run_is_cancelled()
    {
        using var ws = TestWorkspace.Create();
        var a = Fixtures.Step(ws.Root, "s.a", 5);
        using var log = new StringWriter();
        var reporter = new CiRunReporter(new GitHubActions(Fixtures.Environment(ws.Root)), log, Fixtures.Pipeline(ws.Root, a), verbose: false, token: "T");
        reporter.StepStarted(a, New);
        await reporter.CompleteAsync(Fixtures.Report(RunStatus.Cancelled, new StepResult("s.a", StepState.Cancelled, new StepReason(ReasonKind.New), TimeSpan.Zero, null)));
        var text = log.ToString();
        Assert.Contains("::T::" + Environment.NewLine + "::endgroup::", text, StringComparison.Ordinal);
        Assert.Contains("Cancelled in", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_render_a_summary_with_steps_metrics_and_artifacts_escaped_for_markdown()
    {
        // Given
        var report = Fixtures.Report(
            RunStatus.Succeeded,
            Fixtures.Ran("train.fit[lr=0.1|x]"),
            new StepResult("prep.split", StepState.UpToDate, StepReason.UpToDate, TimeSpan.Zero, "fp")) with
        {
            Metrics = [Fixtures.Metric("train.fit[lr=0.1|x]", "eval.acc", 0.931234567)],
            Artifacts = [Fixtures.Artifact("iris-model", "1.0.3", isNew: true)],
        };

        // When
        var markdown = JobSummary.Render(report);

        // Then
        Assert.StartsWith("## Pipeline `iris` ✅ succeeded\n\nRun `0123456789abcdef` in 2.5s: 1 ran, 1 up to date.\n", markdown, StringComparison.Ordinal);
        Assert.Contains("| `train.fit[lr=0.1\\|x]` | ✅ ran | input changed: data/raw.csv | 1.2s |", markdown, StringComparison.Ordinal);
        Assert.Contains("| `train.fit[lr=0.1\\|x]` | eval.acc | 0.931235 | metrics/eval.json |", markdown, StringComparison.Ordinal);
        Assert.Contains("| `iris-model` | 1.0.3 | `aaaaaaaaaaaa` | new |", markdown, StringComparison.Ordinal);
        Assert.Equal("a&lt;b&gt; \\| c<br>d", JobSummary.Cell("a<b> | c\nd"));
    }

    [Fact]
    public void Should_show_remote_cache_hits_and_bytes_in_the_job_summary()
    {
        // Given a run that restored steps from a remote cache
        var report = Fixtures.Report(RunStatus.Succeeded, Fixtures.Ran("s.a")) with
        {
            RemoteCache = new Core.Caching.Remote.RemoteCacheSummary("http://cache.example/ci", Core.Model.RemoteCacheMode.ReadWrite, 3, 1, 2048, 1, 0, null),
        };

        // When
        var markdown = JobSummary.Render(report);

        // Then the remote's hits, misses and bytes are there
        Assert.Contains("remote cache http://cache.example/ci: 3 hits, 1 miss, ", markdown, StringComparison.Ordinal);
        Assert.Contains(" down, 1 entry and ", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_link_the_html_report_from_the_github_summary_to_the_runs_artifacts()
    {
        // Given a GitHub job whose run wrote its HTML report
        using var ws = TestWorkspace.Create();
        var summary = ws.PathOf("summary.md");
        var a = Fixtures.Step(ws.Root, "s.a", 5);
        var github = new GitHubActions(Fixtures.Environment(
            ws.Root,
            ("GITHUB_STEP_SUMMARY", summary),
            ("GITHUB_SERVER_URL", "https://github.com"),
            ("GITHUB_REPOSITORY", "acme/models"),
            ("GITHUB_RUN_ID", "4242")));
        using var log = new StringWriter();
        var reporter = new CiRunReporter(github, log, Fixtures.Pipeline(ws.Root, a), verbose: false);

        // When
        reporter.HtmlReportWritten(ws.PathOf("pipeline-report.html"));
        await reporter.CompleteAsync(Fixtures.Report(RunStatus.Succeeded, Fixtures.Ran("s.a")));

        // Then
        Assert.Contains("`pipeline-report.html`, in [this run's artifacts](https://github.com/acme/models/actions/runs/4242#artifacts)", File.ReadAllText(summary), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_upload_the_html_report_as_an_azure_build_artifact_and_name_it_in_the_summary()
    {
        // Given an Azure job whose run wrote its HTML report
        using var ws = TestWorkspace.Create();
        var a = Fixtures.Step(ws.Root, "s.a", 5);
        using var log = new StringWriter();
        var reporter = new CiRunReporter(new AzurePipelines(Fixtures.Environment(ws.Root)), log, Fixtures.Pipeline(ws.Root, a), verbose: false);
        var html = ws.PathOf("out/pipeline-report.html");

        // When
        reporter.HtmlReportWritten(html);
        await reporter.CompleteAsync(Fixtures.Report(RunStatus.Succeeded, Fixtures.Ran("s.a")));

        // Then the agent is told to upload the file, and the summary says where it is
        var text = log.ToString();
        Assert.Contains($"##vso[artifact.upload containerfolder=pipeline-iris-report;artifactname=pipeline-iris-report]{html}", text, StringComparison.Ordinal);
        var summary = Directory.GetFiles(ws.PathOf(".pipeline/logs"), "summary.md", SearchOption.AllDirectories);
        Assert.Contains("build artifact `pipeline-iris-report`", File.ReadAllText(Assert.Single(summary)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_not_mention_a_report_in_the_summary_when_none_was_written()
    {
        using var ws = TestWorkspace.Create();
        var summary = ws.PathOf("summary.md");
        var a = Fixtures.Step(ws.Root, "s.a", 5);
        using var log = new StringWriter();
        var reporter = new CiRunReporter(new GitHubActions(Fixtures.Environment(ws.Root, ("GITHUB_STEP_SUMMARY", summary))), log, Fixtures.Pipeline(ws.Root, a), verbose: false);

        await reporter.CompleteAsync(Fixtures.Report(RunStatus.Succeeded, Fixtures.Ran("s.a")));

        Assert.DoesNotContain("HTML report", File.ReadAllText(summary), StringComparison.Ordinal);
    }
}
