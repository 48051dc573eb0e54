using System.Diagnostics;
using PipelineBuild.Core.Hashing;
using PipelineBuild.Core.Workspace;
using PipelineBuild.Testing;

namespace PipelineBuild.Core.Tests.Workspace;

/// <summary>Small input files read through a plain descriptor: whole, with their own stat, and nothing else is read or waited on.</summary>
public sealed class LinuxSmallFileTests
{
    [Fact]
    public void Should_read_a_small_file_whole_with_the_stat_it_has()
    {
        using var workspace = TestWorkspace.Create();
        var path = workspace.Write("data/a.txt", "hello\n");
        var buffer = new byte[64];

        var length = LinuxSmallFile.Read(path, buffer, out var stat);

        Assert.Equal(6, length);
        Assert.Equal("hello\n"u8.ToArray(), buffer[..length]);
        Assert.Equal(FileStat.Read(path), stat);
    }

    [Fact]
    public void Should_refuse_a_file_that_does_not_fit_or_does_not_exist()
    {
        using var workspace = TestWorkspace.Create();
        var path = workspace.Write("data/a.txt", new string('x', 100));

        Assert.Equal(-1, LinuxSmallFile.Read(path, new byte[100], out _));
        Assert.Equal(-1, LinuxSmallFile.Read(workspace.PathOf("data/missing.txt"), new byte[100], out _));
        Assert.Equal(-1, LinuxSmallFile.Read(workspace.PathOf("data"), new byte[100], out _));
    }

    [Fact]
    public async Task Should_refuse_a_fifo_in_a_file_s_place_without_waiting_for_a_writer()
    {
        // Given a FIFO that nothing writes to, where a data file was listed
        using var workspace = TestWorkspace.Create();
        var path = workspace.PathOf("data.txt");
        using (var mkfifo = Process.Start("mkfifo", [path]))
        {
            await mkfifo.WaitForExitAsync();
            Assert.Equal(0, mkfifo.ExitCode);
        }

        // When it is read as a small file, then it is refused at once (a blocking open would never return)
        var length = await Task.Run(() => LinuxSmallFile.Read(path, new byte[64], out _)).WaitAsync(TimeSpan.FromMinutes(1));
        Assert.Equal(-1, length);
    }

    [Fact]
    public void Should_hash_a_small_file_as_the_streaming_hasher_does_and_tell_whether_it_is_unchanged()
    {
        using var workspace = TestWorkspace.Create();
        var path = workspace.Write("data/a.txt", "some content\n");
        var before = FileStat.Read(path)!.Value;

        var fresh = FileHasher.TryHashSmall(path, before);
        var stale = FileHasher.TryHashSmall(path, before with { ModifiedNanoseconds = before.ModifiedNanoseconds - 1 });

        Assert.Equal((FileHasher.Hash(path), true), fresh);
        Assert.Equal((FileHasher.Hash(path), false), stale);
    }
}
