using System.Diagnostics;
using PipelineBuild.Core.Hashing;
using PipelineBuild.Testing;

namespace PipelineBuild.Core.Tests.Hashing;

/// <summary>Small input files read through a plain descriptor: whole, with their own stat, and nothing else is read or waited on.</summary>
public sealed class LinuxSmallFileTests
{
    [Fact]
    public void Should_read_a_small_file_whole_with_the_stat_it_has()
    {
        using var workspace = TestWorkspace.Create();
        var path = workspace.Write("data/a.txt", "hello\n");
        var buffer = new byte[64];

        var outcome = LinuxSmallFile.Read(path, buffer, out var length, out var stat);

        Assert.Equal(LinuxSmallFile.Outcome.Read, outcome);
        Assert.Equal("hello\n"u8.ToArray(), buffer[..length]);
        Assert.Equal(FileStat.Read(path), stat);
    }

    [Fact]
    public void Should_leave_a_file_that_does_not_fit_or_does_not_exist_to_the_ordinary_open()
    {
        using var workspace = TestWorkspace.Create();
        var path = workspace.Write("data/a.txt", new string('x', 100));

        Assert.Equal(LinuxSmallFile.Outcome.NotRead, LinuxSmallFile.Read(path, new byte[100], out _, out _));
        Assert.Equal(LinuxSmallFile.Outcome.NotRead, LinuxSmallFile.Read(workspace.PathOf("data/missing.txt"), new byte[100], out _, out _));
    }

    [Fact]
    public void Should_refuse_a_folder_in_a_file_s_place()
    {
        using var workspace = TestWorkspace.Create();
        workspace.Write("data/a.txt", "a");

        Assert.Equal(LinuxSmallFile.Outcome.NotRegular, LinuxSmallFile.Read(workspace.PathOf("data"), new byte[100], out _, out _));
    }

    [Fact]
    public async Task Should_refuse_a_fifo_in_a_file_s_place_without_waiting_for_a_writer()
    {
        // Given a FIFO that nothing writes to, where a data file was stat'ed as a small regular file
        using var workspace = TestWorkspace.Create();
        var path = workspace.Write("data.txt", "small");
        var before = FileStat.Read(path)!.Value;
        File.Delete(path);
        await MakeFifoAsync(path);

        // When it is read as a small file, then it is refused at once, and not handed to a blocking open either
        var outcome = await Task.Run(() => LinuxSmallFile.Read(path, new byte[64], out _, out _)).WaitAsync(TimeSpan.FromMinutes(1));
        Assert.Equal(LinuxSmallFile.Outcome.NotRegular, outcome);
        var hashing = Task.Run(() => FileHasher.TryHashSmall(path, before));
        await Assert.ThrowsAsync<FileNotFoundException>(() => hashing.WaitAsync(TimeSpan.FromMinutes(1)));
    }

    [Fact]
    public void Should_read_an_input_through_a_link_as_its_target()
    {
        // Inputs follow in-workspace links on purpose (the link guard checked them); state files never do.
        using var workspace = TestWorkspace.Create();
        var target = workspace.Write("data/a.txt", "through the link");
        var link = workspace.PathOf("data/link.txt");
        File.CreateSymbolicLink(link, target);

        var outcome = LinuxSmallFile.Read(link, new byte[64], out var length, out var stat);

        Assert.Equal(LinuxSmallFile.Outcome.Read, outcome);
        Assert.Equal(16, length);
        Assert.Equal(FileStat.Read(target), stat);
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

    [Theory]
    [InlineData("grown to a longer content\n")]
    [InlineData("s\n")]
    public void Should_hash_a_file_that_changed_length_since_it_was_stat_ed_as_it_is_now_and_call_it_changed(string now)
    {
        // Given a file stat'ed, then rewritten longer or shorter before it is read
        using var workspace = TestWorkspace.Create();
        var path = workspace.Write("data/a.txt", "some content\n");
        var before = FileStat.Read(path)!.Value;
        File.WriteAllText(path, now);

        // When it is hashed against the stat taken before
        var result = FileHasher.TryHashSmall(path, before);

        // Then the digest is of what it holds now, and the old stat is not said to describe it (so it is not cached)
        Assert.Equal((ContentDigest.Of(System.Text.Encoding.UTF8.GetBytes(now)), false), result);
    }

    private static async Task MakeFifoAsync(string path)
    {
        using var mkfifo = Process.Start("mkfifo", [path]);
        await mkfifo.WaitForExitAsync();
        Assert.Equal(0, mkfifo.ExitCode);
    }
}
