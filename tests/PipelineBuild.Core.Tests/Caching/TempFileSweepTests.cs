using PipelineBuild.Core.Caching.Collection;
using PipelineBuild.Core.Workspace;
using PipelineBuild.Testing;

namespace PipelineBuild.Core.Tests.Caching;

public sealed class TempFileSweepTests
{
    // No process has this id (Linux ids stay below 2^22).
    private const int GoneWriter = 2_000_000_000;

    [Fact]
    public void Should_remove_temp_files_of_writers_that_are_gone_or_long_done_and_keep_a_live_writers_file_and_the_entries()
    {
        // Given an entry, a killed writer's temp file, a live writer's fresh one, a live id's stale one, and look-alikes
        using var ws = TestWorkspace.Create();
        var folder = ws.PathOf(".pipeline/definitions");
        Directory.CreateDirectory(folder);
        var now = DateTime.UtcNow;
        var entry = Write(folder, "0123456789abcdef0123456789abcdef", "entry");
        var killed = Write(folder, TempName(GoneWriter), "half");
        var live = Write(folder, TempName(Environment.ProcessId), "being written");
        var stale = Write(folder, TempName(Environment.ProcessId), "old");
        File.SetLastWriteTimeUtc(stale, now - TempFileSweep.MaxAge - TimeSpan.FromMinutes(1));
        var notOurs = Write(folder, ".notes.tmp", "a user's");
        var outside = ws.PathOf("precious.txt");
        File.WriteAllText(outside, "mine");
        var link = Path.Combine(folder, TempName(GoneWriter));
        File.CreateSymbolicLink(link, outside);

        // When a dry run, then a real sweep
        var planned = TempFileSweep.Sweep(folder, now, dryRun: true);
        var afterDryRun = Directory.GetFileSystemEntries(folder).Length;
        var swept = TempFileSweep.Sweep(folder, now, dryRun: false);

        // Then the killed and stale files and the link went (not what it points to); the rest stayed
        Assert.Equal(planned, swept);
        Assert.Equal(6, afterDryRun);
        Assert.Equal(3, swept.Leftovers);
        Assert.Equal(7, swept.Bytes);
        Assert.Equal(
            new[] { entry, live, notOurs }.Select(Path.GetFileName).Order(StringComparer.Ordinal),
            Directory.GetFileSystemEntries(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.False(File.Exists(killed));
        Assert.Equal("mine", File.ReadAllText(outside));
    }

    [Fact]
    public void Should_find_nothing_when_the_folder_is_missing_or_a_link()
    {
        using var ws = TestWorkspace.Create();
        var real = ws.PathOf("real");
        Directory.CreateDirectory(real);
        Write(real, TempName(GoneWriter), "x");
        var link = ws.PathOf("definitions");
        Directory.CreateSymbolicLink(link, real);

        Assert.Equal(new StagingSwept(0, 0), TempFileSweep.Sweep(ws.PathOf("missing"), DateTime.UtcNow, dryRun: false));
        Assert.Equal(new StagingSwept(0, 0), TempFileSweep.Sweep(link, DateTime.UtcNow, dryRun: false));
        Assert.Single(Directory.GetFiles(real));
    }

    private static string TempName(int pid) =>
        Path.GetFileName(AtomicFile.TempPathBeside("/x/0123456789abcdef0123456789abcdef")).Replace($".{Environment.ProcessId}.", $".{pid}.", StringComparison.Ordinal);

    private static string Write(string folder, string name, string content)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, content);
        return path;
    }
}
