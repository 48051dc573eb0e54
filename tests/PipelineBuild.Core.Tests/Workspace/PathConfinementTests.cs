using PipelineBuild.Core.Workspace;
using PipelineBuild.Testing;

namespace PipelineBuild.Core.Tests.Workspace;

public sealed class PathConfinementTests
{
    [Theory]
    [InlineData("../POISON.txt", "'..' segment")]
    [InlineData("sub/../../y.txt", "'..' segment")]
    [InlineData("out/./a.txt", "'.' segment")]
    [InlineData("/etc/passwd", "absolute")]
    [InlineData("C:/Windows/win.ini", "absolute")]
    [InlineData("out//a.txt", "empty segment")]
    [InlineData("out/", "empty segment")]
    [InlineData("", "empty")]
    [InlineData("..\\POISON.txt", "backslash")]
    [InlineData("out\\..\\..\\x", "backslash")]
    [InlineData("a\0/../../x", "control character")]
    [InlineData("a\nb", "control character")]
    public void Should_refuse_a_path_that_is_not_a_plain_relative_path(string path, string why)
    {
        // Given
        using var ws = TestWorkspace.Create();
        var confinement = new PathConfinement(ws.Root);

        // When
        var accepted = confinement.TryResolve(path, out var resolved, out var problem);

        // Then
        Assert.False(accepted);
        Assert.Null(resolved);
        Assert.Contains(why, problem, StringComparison.Ordinal);
        Assert.Throws<UnsafePathException>(() => confinement.Resolve(path));
    }

    [Fact]
    public void Should_resolve_a_plain_relative_path_under_the_root()
    {
        using var ws = TestWorkspace.Create();
        var confinement = new PathConfinement(ws.Root);

        var resolved = confinement.Resolve("models/v1/model.bin");

        Assert.Equal(Path.Combine(ws.Root, "models", "v1", "model.bin"), resolved.FullPath);
        Assert.Equal("models/v1/model.bin", resolved.Relative);
    }

    [Fact]
    public void Should_refuse_a_path_through_a_symlinked_folder_even_one_that_points_inside()
    {
        // Given 'out' links outside and 'alias' links to a folder inside
        using var ws = TestWorkspace.Create();
        using var outside = TestWorkspace.Create();
        Directory.CreateSymbolicLink(ws.PathOf("out"), outside.Root);
        ws.Write("real/keep.txt", "x");
        Directory.CreateSymbolicLink(ws.PathOf("alias"), ws.PathOf("real"));
        var confinement = new PathConfinement(ws.Root);

        // When / Then
        Assert.False(confinement.TryResolve("out/pwned.txt", out _, out var problem));
        Assert.Contains("symlink 'out'", problem, StringComparison.Ordinal);
        Assert.False(confinement.TryResolve("alias/x.txt", out _, out _));
        Assert.True(confinement.TryResolve("out", out _, out _));
    }

    [Theory]
    [InlineData("/work/ws", "/work/ws/a", true)]
    [InlineData("/work/ws", "/work/ws", true)]
    [InlineData("/work/ws", "/work/wsx/a", false)]
    [InlineData("/work/ws/", "/work/wsx", false)]
    [InlineData("/work/ws/", "/work/ws/a", true)]
    [InlineData("/", "/etc", true)]
    public void Should_compare_roots_as_whole_segments_never_as_string_prefixes(string root, string path, bool inside)
    {
        Assert.Equal(inside, PathConfinement.IsSameOrInside(path, root));
    }

    [Fact]
    public void Should_tell_a_link_that_resolves_outside_from_one_that_stays_inside()
    {
        using var ws = TestWorkspace.Create();
        using var outside = TestWorkspace.Create();
        outside.Write("secret.txt", "s");
        ws.Write("data/a.txt", "a");
        File.CreateSymbolicLink(ws.PathOf("out.txt"), outside.PathOf("secret.txt"));
        File.CreateSymbolicLink(ws.PathOf("in.txt"), "data/a.txt");
        var confinement = new PathConfinement(ws.Root);

        Assert.False(confinement.ResolvesInside(ws.PathOf("out.txt")));
        Assert.True(confinement.ResolvesInside(ws.PathOf("in.txt")));
    }
}
