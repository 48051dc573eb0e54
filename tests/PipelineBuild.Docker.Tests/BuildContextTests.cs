using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Hashing;
using PipelineBuild.Core.Model;
using PipelineBuild.Core.Workspace;
using PipelineBuild.Docker.Images;
using PipelineBuild.Testing;

namespace PipelineBuild.Docker.Tests;

public sealed class BuildContextTests
{
    private static readonly ImageDefinition Image = new("sklearn", "docker/sklearn", null, null, PullPolicy.Missing, new SourceLocation("pipeline.yaml", 3, 3));

    [Fact]
    public void Should_give_the_same_hash_and_tag_for_the_same_context_in_another_folder()
    {
        using var first = ContextWorkspace();
        using var second = ContextWorkspace();

        Assert.Equal(Read(first).Hash, Read(second).Hash);
        string[] bases = ["sha256:" + new string('a', 64)];
        Assert.Equal(ImageResolver.TagOf(Image, ImageBuildKey.Of(Read(first), bases)), ImageResolver.TagOf(Image, ImageBuildKey.Of(Read(second), bases)));
        Assert.Matches("^pipeline/sklearn:[0-9a-f]{16}$", ImageResolver.TagOf(Image, ImageBuildKey.Of(Read(first), bases)));
    }

    [Fact]
    public void Should_change_the_hash_when_a_file_content_or_mode_changes_but_not_for_ignored_files()
    {
        using var ws = ContextWorkspace();
        var original = Read(ws).Hash;

        ws.Write("docker/sklearn/notes.md", "ignored");
        Assert.Equal(original, Read(ws).Hash);

        File.SetUnixFileMode(ws.PathOf("docker/sklearn/entry.sh"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var executable = Read(ws).Hash;
        Assert.NotEqual(original, executable);

        ws.Write("docker/sklearn/requirements.txt", "scikit-learn==1.5.2\n");
        Assert.NotEqual(executable, Read(ws).Hash);
    }

    [Fact]
    public void Should_leave_ignored_files_out_of_the_archive_the_engine_gets()
    {
        using var ws = ContextWorkspace();
        ws.Write("docker/sklearn/notes.md", "ignored");
        var context = Read(ws);

        using var archive = ContextArchive.Create(context, new WorkspaceLayout(ws.Root));
        using var reader = new System.Formats.Tar.TarReader(archive);
        var names = new List<string>();
        while (reader.GetNextEntry() is { } entry)
        {
            names.Add(entry.Name);
        }

        Assert.Equal([".dockerignore", "Dockerfile", "entry.sh", "requirements.txt"], names.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Should_say_where_the_Dockerfile_is_missing()
    {
        using var ws = TestWorkspace.Create();
        Directory.CreateDirectory(ws.PathOf("docker/sklearn"));

        var error = Assert.Throws<PipelineException>(() => Read(ws));

        Assert.Contains("pipeline.yaml(3,3): error PB5002: image 'sklearn' has no Dockerfile at 'docker/sklearn/Dockerfile'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_give_another_key_and_tag_when_a_base_image_has_another_digest()
    {
        using var ws = ContextWorkspace();
        var context = Read(ws);

        var first = ImageBuildKey.Of(context, ["sha256:" + new string('a', 64)]);
        var second = ImageBuildKey.Of(context, ["sha256:" + new string('b', 64)]);

        Assert.NotEqual(first, second);
        Assert.NotEqual(ImageResolver.TagOf(Image, first), ImageResolver.TagOf(Image, second));
        Assert.Matches("^build:sha256:[0-9a-f]{64}$", first.Text);
        Assert.Equal(["local/busybox:1"], ImageResolver.BasesOf(context));
    }

    private static TestWorkspace ContextWorkspace()
    {
        var ws = TestWorkspace.Create();
        ws.Write("docker/sklearn/Dockerfile", "FROM local/busybox:1\nCOPY . /opt\n");
        ws.Write("docker/sklearn/requirements.txt", "scikit-learn==1.5.1\n");
        ws.Write("docker/sklearn/entry.sh", "#!/bin/sh\n");
        ws.Write("docker/sklearn/.dockerignore", "*.md\n");
        File.SetUnixFileMode(ws.PathOf("docker/sklearn/entry.sh"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return ws;
    }

    private static BuildContext Read(TestWorkspace ws)
    {
        var layout = new WorkspaceLayout(ws.Root);
        return BuildContext.Read(Image, layout, new FileDigests(layout, new StatCache(), 1));
    }
}
