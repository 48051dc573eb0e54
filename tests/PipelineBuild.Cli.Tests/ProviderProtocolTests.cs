using PipelineBuild.Cli.Ci;
using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Testing;

namespace PipelineBuild.Cli.Tests;

/// <summary>The exact text the GitHub runner and the Azure agent parse (no runner here: the protocol is the contract).</summary>
public sealed class ProviderProtocolTests
{
    [Theory]
    [InlineData(null, "true", null, "GitHub")]
    [InlineData(null, null, "True", "Azure")]
    [InlineData(null, null, null, "None")]
    [InlineData(null, "false", null, "None")]
    [InlineData("azure", "true", null, "Azure")]
    [InlineData("none", "true", null, "None")]
    [InlineData("auto", null, "True", "Azure")]
    public void Should_detect_the_ci_system_from_the_environment_unless_forced(string? forced, string? githubActions, string? tfBuild, string expected)
    {
        // Given
        var variables = new List<(string, string)>();
        if (githubActions is not null)
        {
            variables.Add(("GITHUB_ACTIONS", githubActions));
        }

        if (tfBuild is not null)
        {
            variables.Add(("TF_BUILD", tfBuild));
        }

        // When
        var kind = CiProviders.Detect(forced, Fixtures.Environment("/repo", [.. variables]));

        // Then
        Assert.Equal(expected, kind.ToString());
    }

    [Fact]
    public void Should_escape_github_data_and_properties_as_actions_core_does()
    {
        // Given
        var github = new GitHubActions(Fixtures.Environment("/repo", ("GITHUB_WORKSPACE", "/repo")));
        var at = new SourceLocation("/repo/pipelines/a,b:c.yaml", 7, 9);

        // When
        var line = github.Error("50% of ::set-output:: done\r\nnext line", at, "PB2001");

        // Then
        Assert.Equal("::error file=pipelines/a%2Cb%3Ac.yaml,line=7,col=9,title=PB2001::50%25 of ::set-output:: done%0D%0Anext line", line);
    }

    [Fact]
    public void Should_write_github_groups_masks_and_stop_commands()
    {
        var github = new GitHubActions(Fixtures.Environment("/repo"));
        Assert.Equal("::group::▶ s.a[x=1%25]: running", github.BeginGroup("▶ s.a[x=1%]: running"));
        Assert.Equal("::endgroup::", github.EndGroup());
        Assert.Equal("::stop-commands::tok", github.SuspendCommands("tok"));
        Assert.Equal("::tok::", github.ResumeCommands("tok"));
        Assert.Equal(["::add-mask::line1", "::add-mask::50%25"], github.Mask("line1\n50%"));
        Assert.Equal("::warning::a%0Ab", github.Warning("a\nb"));
    }

    [Fact]
    public void Should_point_annotations_at_absolute_paths_outside_the_checkout()
    {
        var github = new GitHubActions(Fixtures.Environment("/repo", ("GITHUB_WORKSPACE", "/repo")));
        Assert.Equal("::error file=/elsewhere/p.yaml::x", github.Error("x", new SourceLocation("/elsewhere/p.yaml", 0, 0), null));
        Assert.Equal("::error::no location", github.Error("no location", null, null));
    }

    [Fact]
    public void Should_write_github_outputs_and_summary_files()
    {
        // Given
        using var ws = TestWorkspace.Create();
        var outputs = Path.Combine(ws.Root, "out.txt");
        var summary = Path.Combine(ws.Root, "summary.md");
        File.WriteAllText(outputs, "earlier=1\n");
        var github = new GitHubActions(Fixtures.Environment(ws.Root, ("GITHUB_OUTPUT", outputs), ("GITHUB_STEP_SUMMARY", summary)));
        using var log = new StringWriter();

        // When
        github.PublishOutputs(log, [new("run-id", "abc"), new("multi", "a\nb")]);
        github.PublishSummary(log, "## hi\n", ws.Root, "abc");
        github.PublishSummary(log, "## again\n", ws.Root, "abc");

        // Then
        var lines = File.ReadAllLines(outputs);
        Assert.Equal("earlier=1", lines[0]);
        Assert.Equal("run-id=abc", lines[1]);
        Assert.StartsWith("multi<<ghadelimiter_", lines[2], StringComparison.Ordinal);
        Assert.Equal(["a", "b", lines[2]["multi<<".Length..]], lines[3..6]);
        Assert.Equal("## hi\n## again\n", File.ReadAllText(summary));
        Assert.Equal("", log.ToString());
    }

    [Fact]
    public void Should_escape_azure_data_and_properties_as_the_task_lib_does()
    {
        // Given
        var azure = new AzurePipelines(Fixtures.Environment("/repo", ("BUILD_SOURCESDIRECTORY", "/repo")));

        // When
        var line = azure.Error("50% done; [x]\nnext", new SourceLocation("/repo/p;1].yaml", 3, 5), "PB3001");

        // Then
        Assert.Equal("##vso[task.logissue type=error;sourcepath=p%3B1%5D.yaml;linenumber=3;columnnumber=5;code=PB3001]50%AZP25 done; [x]%0Anext", line);
    }

    [Fact]
    public void Should_neutralise_azure_commands_in_step_output()
    {
        var azure = new AzurePipelines(Fixtures.Environment("/repo"));
        Assert.Equal("x ##vso [task.setvariable variable=a]b", azure.StepLine("x ##vso[task.setvariable variable=a]b"));
        Assert.Equal("  ## [group]nested", azure.StepLine("  ##[group]nested"));
        Assert.Equal("plain # line", azure.StepLine("plain # line"));
        Assert.Equal("##[group]a b", azure.BeginGroup("a\nb"));
        Assert.Equal(["##vso[task.setsecret]s%AZP25"], azure.Mask("s%"));
    }

    [Fact]
    public void Should_set_azure_variables_upload_the_summary_and_complete_as_failed()
    {
        // Given
        using var ws = TestWorkspace.Create();
        var azure = new AzurePipelines(Fixtures.Environment(ws.Root));
        using var log = new StringWriter();
        var state = Path.Combine(ws.Root, ".pipeline");

        // When
        azure.PublishOutputs(log, [new("iris-model-version", "1.0.3")]);
        azure.PublishSummary(log, "## summary\n", state, "run1");
        azure.RunFailed(log, "pipeline iris failed");

        // Then
        var summary = Path.Combine(state, "logs", "run1", "summary.md");
        Assert.Equal(
            [
                "##vso[task.setvariable variable=iris_model_version]1.0.3",
                "##vso[task.setvariable variable=iris_model_version;isOutput=true]1.0.3",
                $"##vso[task.uploadsummary]{summary}",
                "##vso[task.complete result=Failed;]pipeline iris failed",
            ],
            log.ToString().TrimEnd().Split(Environment.NewLine));
        Assert.Equal("## summary\n", File.ReadAllText(summary));
    }

    [Fact]
    public void Should_warn_but_not_fail_when_a_ci_file_cannot_be_written()
    {
        using var ws = TestWorkspace.Create();
        var github = new GitHubActions(Fixtures.Environment(ws.Root, ("GITHUB_STEP_SUMMARY", Path.Combine(ws.Root, "missing", "folder", "s.md"))));
        using var log = new StringWriter();
        github.PublishSummary(log, "x", ws.Root, "r");
        Assert.Contains("::warning::", log.ToString(), StringComparison.Ordinal);
        Assert.Contains("PB9002", log.ToString(), StringComparison.Ordinal);
    }
}
