using PipelineBuild.Testing;

namespace PipelineBuild.EndToEnd.Tests.Security;

/// <summary>A file outside the workspace reached through a symlink never enters the content store, the artifact store or a fingerprint.</summary>
public sealed class SymlinkTests : IDisposable
{
    private readonly TestWorkspace _outside = TestWorkspace.Create();
    private readonly string _secret;

    public SymlinkTests()
    {
        _secret = _outside.Write("passwd", $"root:x:0:0:{Guid.NewGuid():N}\n");
    }

    [Fact]
    public void Should_fail_a_step_whose_output_is_a_symlink_out_of_the_workspace_and_store_nothing()
    {
        // Given a step that makes its output a link to a file outside, and an artifact of it
        using var scenario = new Scenario($"""
            pipeline: links
            stages:
              build:
                steps:
                  link:
                    run: ln -s {_secret} out.txt
                    outputs: [out.txt]
            artifacts:
              leaked:
                path: out.txt
            """);

        // When
        var result = scenario.Tool("run");

        // Then
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("pipeline.yaml(7,19): error PB4010: output 'out.txt' of step 'build.link' leads outside the workspace: 'out.txt' is a symlink to a place outside the workspace", result.ToString(), StringComparison.Ordinal);
        Assert.False(new CacheStore(scenario.Root).HoldsContent(File.ReadAllBytes(_secret)));
        Assert.False(Directory.Exists(scenario.Workspace.PathOf(".pipeline/artifacts/leaked")));
    }

    [Fact]
    public void Should_fail_a_step_whose_folder_output_holds_a_symlink_to_a_file_outside()
    {
        using var scenario = new Scenario($"""
            pipeline: links
            stages:
              build:
                steps:
                  link:
                    run: mkdir -p out && echo mine > out/a.txt && ln -s {_secret} out/passwd
                    outputs: [out/]
            """);

        var result = scenario.Tool("run");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("error PB4010", result.ToString(), StringComparison.Ordinal);
        Assert.Contains("'out/passwd' is a symlink to a place outside the workspace", result.ToString(), StringComparison.Ordinal);
        Assert.False(new CacheStore(scenario.Root).HoldsContent(File.ReadAllBytes(_secret)));
    }

    [Fact]
    public void Should_refuse_an_input_folder_holding_a_symlink_out_of_the_workspace()
    {
        using var scenario = new Scenario("""
            pipeline: links
            stages:
              train:
                steps:
                  fit:
                    run: cat data/* > model.txt
                    inputs: [data/]
                    outputs: [model.txt]
            """);
        scenario.Workspace.Write("data/a.csv", "1,2\n");
        File.CreateSymbolicLink(scenario.Workspace.PathOf("data/passwd"), _secret);

        var result = scenario.Tool("run");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("pipeline.yaml(7,18): error PB3010: input 'data' of step 'train.fit' leads outside the workspace: 'data/passwd' is a symlink to a place outside the workspace", result.ToString(), StringComparison.Ordinal);
        Assert.False(scenario.Workspace.Exists("model.txt"));
    }

    [Fact]
    public void Should_keep_following_symlinks_that_stay_inside_the_workspace()
    {
        using var scenario = new Scenario("""
            pipeline: links
            stages:
              train:
                steps:
                  fit:
                    run: mkdir -p out && cat data/* > out/model.txt && ln -s model.txt out/latest.txt
                    inputs: [data/]
                    outputs: [out/]
            """);
        scenario.Workspace.Write("common/a.csv", "1,2\n");
        Directory.CreateDirectory(scenario.Workspace.PathOf("data"));
        File.CreateSymbolicLink(scenario.Workspace.PathOf("data/a.csv"), "../common/a.csv");

        scenario.Tool("run").Succeeds();
        var again = scenario.Tool("run");

        again.Succeeds();
        Assert.Equal("1,2\n", scenario.Workspace.Read("out/latest.txt"));
    }

    public void Dispose() => _outside.Dispose();
}
