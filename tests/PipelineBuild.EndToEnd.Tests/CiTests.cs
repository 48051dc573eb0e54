using System.Xml.Linq;

namespace PipelineBuild.EndToEnd.Tests;

/// <summary>
/// The built tool under GitHub Actions and Azure Pipelines environments: the exact log protocol their
/// runners parse, and the files they read. (No real runner here; the text protocol is the contract.)
/// </summary>
public sealed class CiTests
{
    private const string TwoSteps = """
        pipeline: ci-demo
        stages:
          s:
            steps:
              good:
                run: echo "50% ::warning::from the step" && echo ok > good.txt
                outputs: [good.txt]
              bad:
                run: echo "bad news" >&2; exit 3
        """;

    [Fact]
    public void Should_group_annotate_summarise_and_set_outputs_under_github_actions()
    {
        // Given
        using var scenario = new Scenario(TwoSteps);
        var summary = scenario.Workspace.PathOf("summary.md");
        var outputs = scenario.Workspace.PathOf("outputs.txt");
        var env = new Dictionary<string, string>
        {
            ["GITHUB_ACTIONS"] = "true",
            ["GITHUB_WORKSPACE"] = scenario.Root,
            ["GITHUB_STEP_SUMMARY"] = summary,
            ["GITHUB_OUTPUT"] = outputs,
        };

        // When
        var result = PipelineTool.Run(scenario.Root, env, "run", "--jobs", "1", "--keep-going", "--junit", "junit.xml");

        // Then
        Assert.Equal(1, result.ExitCode);
        var lines = result.Stdout.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var open = lines.FindIndex(l => l == "::group::▶ s.good: running (new)");
        Assert.True(open >= 0, result.ToString());
        Assert.StartsWith("::stop-commands::", lines[open + 1], StringComparison.Ordinal);
        Assert.Equal("50% ::warning::from the step", lines[open + 2]);
        Assert.Equal($"::{lines[open + 1]["::stop-commands::".Length..]}::", lines[open + 3]);
        Assert.Equal("::endgroup::", lines[open + 4]);
        Assert.Contains("::error file=pipeline.yaml,line=8,col=7,title=step s.bad failed::step s.bad failed: exit code 3%0Abad news", lines);
        Assert.Contains("| `s.bad` | ❌ failed | new; exit code 3 |", File.ReadAllText(summary), StringComparison.Ordinal);
        var written = File.ReadAllLines(outputs);
        Assert.Matches("^run-id=[0-9a-f]{16}$", written[0]);
        Assert.Equal("status=failed", written[1]);
        var junit = XDocument.Load(scenario.Workspace.PathOf("junit.xml"));
        Assert.Equal(["s.good", "s.bad"], junit.Descendants("testcase").Select(c => (string)c.Attribute("name")!));
        Assert.Single(junit.Descendants("failure"));
    }

    [Fact]
    public void Should_report_an_invalid_pipeline_as_an_azure_issue_on_its_line()
    {
        // Given
        using var scenario = new Scenario("pipeline: bad\nstages:\n  s:\n    steps:\n      a:\n        run: echo\n        inptus: [x]\n");

        // When
        var result = PipelineTool.Run(scenario.Root, new Dictionary<string, string> { ["TF_BUILD"] = "True", ["BUILD_SOURCESDIRECTORY"] = scenario.Root }, "run");

        // Then
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("pipeline.yaml(7,9): error PB2001: unknown key 'inptus'", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("##vso[task.logissue type=error;sourcepath=pipeline.yaml;linenumber=7;columnnumber=9;code=PB2001]unknown key 'inptus'", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_mask_declared_secrets_and_set_azure_variables()
    {
        // Given
        using var scenario = new Scenario("pipeline: masked\nstages:\n  s:\n    steps:\n      a:\n        run: echo hi > a.txt\n        outputs: [a.txt]\n");
        var env = new Dictionary<string, string> { ["TF_BUILD"] = "True", ["HF_TOKEN"] = "s3cr%t" };

        // When
        var result = PipelineTool.Run(scenario.Root, env, "run", "--secret", "HF_TOKEN", "--html", "report.html");

        // Then
        Assert.Equal(0, result.ExitCode);
        var lines = result.Stdout.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var html = scenario.Workspace.PathOf("report.html");
        Assert.True(File.Exists(html), result.ToString());
        Assert.Contains($"##vso[artifact.upload containerfolder=pipeline-masked-report;artifactname=pipeline-masked-report]{html}", lines);
        Assert.Equal("##vso[task.setsecret]s3cr%AZP25t", lines[0]);
        Assert.Contains("##[group]▶ s.a: running (new)", lines);
        Assert.Contains(lines, l => l.StartsWith("##vso[task.setvariable variable=run_id;isOutput=true]", StringComparison.Ordinal));
        Assert.Contains("##vso[task.setvariable variable=status;isOutput=true]succeeded", lines);
        Assert.Contains(lines, l => l.StartsWith("##vso[task.uploadsummary]", StringComparison.Ordinal) && l.EndsWith("summary.md", StringComparison.Ordinal));
    }

    [Fact]
    public void Should_generate_ci_files_once_and_then_find_them_up_to_date()
    {
        // Given
        using var scenario = new Scenario("pipeline: gen\nschedules:\n  - cron: \"0 4 * * 1\"\nstages:\n  s:\n    steps:\n      a:\n        run: echo\n");
        Directory.CreateDirectory(scenario.Workspace.PathOf(".git"));

        // When
        var github = scenario.Tool("ci", "generate", "--provider", "github");
        var azure = scenario.Tool("ci", "generate", "--provider", "azure", "--schedule", "0 3 * * *");
        var workflow = scenario.Workspace.Read(".github/workflows/gen.yml");
        var check = scenario.Tool("ci", "generate", "--provider", "github", "--check");
        scenario.Workspace.Write(".github/workflows/gen.yml", "edited by hand\n");
        var stale = scenario.Tool("ci", "generate", "--provider", "github", "--check");
        var badCron = scenario.Tool("ci", "generate", "--provider", "github", "--schedule", "daily");

        // Then
        Assert.Equal(0, github.ExitCode);
        Assert.Equal(0, azure.ExitCode);
        Assert.Contains("    - cron: '0 4 * * 1'", workflow, StringComparison.Ordinal);
        Assert.StartsWith("# Generated by PipelineBuild: dotnet pipeline ci generate --provider github", workflow, StringComparison.Ordinal);
        Assert.Equal(0, check.ExitCode);
        Assert.Equal(1, stale.ExitCode);
        Assert.Contains("PB9003", stale.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, badCron.ExitCode);
        Assert.Contains("PB9001", badCron.Stderr, StringComparison.Ordinal);
        var azureFile = scenario.Workspace.Read("azure-pipelines.yml");
        Assert.Contains("  - cron: '0 3 * * *'", azureFile, StringComparison.Ordinal);
        Assert.Contains("  - cron: '0 4 * * 1'", azureFile, StringComparison.Ordinal);
    }
}
