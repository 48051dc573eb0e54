using PipelineBuild.Core.Caching;
using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Hashing;
using PipelineBuild.Core.Model;
using PipelineBuild.Core.Planning;
using PipelineBuild.Core.Workspace;
using PipelineBuild.Testing;

namespace PipelineBuild.Core.Tests.Caching;

/// <summary>A file outside the workspace, reached through a symlink, never enters the content store nor a fingerprint.</summary>
public sealed class SymlinkOutputTests : IDisposable
{
    private readonly TestWorkspace _ws = TestWorkspace.Create();
    private readonly TestWorkspace _outside = TestWorkspace.Create();
    private readonly WorkspaceLayout _layout;
    private readonly ContentStore _store;

    public SymlinkOutputTests()
    {
        _layout = new WorkspaceLayout(_ws.Root);
        _store = new ContentStore(_layout.ContentFolder);
        _outside.Write("secret.txt", "root:x:0:0");
    }

    [Fact]
    public void Should_fail_the_step_when_a_file_output_is_a_symlink_out_of_the_workspace_and_store_nothing_of_it()
    {
        File.CreateSymbolicLink(_ws.PathOf("out.txt"), _outside.PathOf("secret.txt"));

        var error = Assert.Throws<PipelineException>(() => Recorder().Record(Step(new OutputSpec("out.txt", false, default)), store: true));

        Assert.Equal("PB4010", error.Code);
        Assert.Contains("'out.txt' is a symlink to a place outside the workspace", error.Message, StringComparison.Ordinal);
        Assert.False(_store.Contains(ContentDigest.Of("root:x:0:0"u8)));
    }

    [Fact]
    public void Should_fail_the_step_when_a_folder_output_holds_a_symlink_out_of_the_workspace()
    {
        _ws.Write("out/real.txt", "mine");
        File.CreateSymbolicLink(_ws.PathOf("out/passwd"), _outside.PathOf("secret.txt"));

        var error = Assert.Throws<PipelineException>(() => Recorder().Record(Step(new OutputSpec("out", true, default)), store: true));

        Assert.Equal("PB4010", error.Code);
        Assert.Contains("out/passwd", error.Message, StringComparison.Ordinal);
        Assert.False(_store.Contains(ContentDigest.Of("root:x:0:0"u8)));
    }

    [Fact]
    public void Should_fail_the_step_when_a_folder_output_is_itself_a_link_to_a_folder_outside()
    {
        Directory.CreateSymbolicLink(_ws.PathOf("out"), _outside.Root);

        var error = Assert.Throws<PipelineException>(() => Recorder().Record(Step(new OutputSpec("out", true, default)), store: true));

        Assert.Equal("PB4010", error.Code);
        Assert.False(_store.Contains(ContentDigest.Of("root:x:0:0"u8)));
    }

    [Fact]
    public void Should_record_a_symlink_that_stays_inside_the_workspace_as_the_content_it_points_to()
    {
        _ws.Write("data/a.txt", "a");
        _ws.Write("out/real.txt", "mine");
        File.CreateSymbolicLink(_ws.PathOf("out/alias.txt"), "../data/a.txt");

        var records = Recorder().Record(Step(new OutputSpec("out", true, default)), store: true);

        Assert.Single(records);
        Assert.True(_store.Contains(ContentDigest.Of("a"u8)));
    }

    [Fact]
    public void Should_refuse_an_input_folder_holding_a_symlink_out_of_the_workspace()
    {
        _ws.Write("data/a.csv", "1,2");
        File.CreateSymbolicLink(_ws.PathOf("data/passwd"), _outside.PathOf("secret.txt"));
        var resolver = new InputResolver(_layout, new FileDigests(_layout, new StatCache(), 1));
        var step = Step(new OutputSpec("out.txt", false, default)) with { Inputs = [new InputSpec("data", InputKind.Path, true, default)] };

        var error = Assert.Throws<PipelineException>(() => resolver.Resolve(step));

        Assert.Equal("PB3010", error.Code);
        Assert.Contains("data/passwd", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_refuse_a_glob_input_that_matches_a_symlink_out_of_the_workspace()
    {
        _ws.Write("data/a.csv", "1,2");
        File.CreateSymbolicLink(_ws.PathOf("data/b.csv"), _outside.PathOf("secret.txt"));
        var resolver = new InputResolver(_layout, new FileDigests(_layout, new StatCache(), 1));
        var step = Step(new OutputSpec("out.txt", false, default)) with { Inputs = [new InputSpec("data/*.csv", InputKind.Glob, false, default)] };

        var error = Assert.Throws<PipelineException>(() => resolver.Resolve(step));

        Assert.Equal("PB3010", error.Code);
    }

    public void Dispose()
    {
        _ws.Dispose();
        _outside.Dispose();
    }

    private OutputRecorder Recorder() => new(_layout, new FileDigests(_layout, new StatCache(), 1), _store);

    private static StepDefinition Step(OutputSpec output) => new()
    {
        Id = "s.link",
        Stage = "s",
        Name = "link",
        Kind = StepKind.Host,
        Command = "ln -s /etc/passwd out.txt",
        Outputs = [output],
        Location = default,
    };
}
