using PipelineBuild.Core.Caching.Collection;
using PipelineBuild.Testing;

namespace PipelineBuild.Core.Tests.Caching;

public sealed class StagingSweepTests
{
    [Fact]
    public void Should_remove_what_killed_runs_left_in_staging_and_never_follow_a_link_out_of_it()
    {
        // Given a killed restore's staging folder, a build context, a probe result, and a link leading outside
        using var ws = TestWorkspace.Create();
        var tmp = ws.PathOf(".pipeline/cache/tmp");
        Directory.CreateDirectory(Path.Combine(tmp, "restore-0123", "data"));
        File.WriteAllText(Path.Combine(tmp, "restore-0123", "data", "part.bin"), "12345");
        File.WriteAllText(Path.Combine(tmp, "context-9.tar"), "tar");
        File.WriteAllText(Path.Combine(tmp, "kernel-1-python3.json"), "{}");
        var outside = ws.PathOf("precious");
        Directory.CreateDirectory(outside);
        File.WriteAllText(Path.Combine(outside, "keep.txt"), "mine");
        Directory.CreateSymbolicLink(Path.Combine(tmp, "restore-evil"), outside);
        Directory.CreateSymbolicLink(Path.Combine(tmp, "restore-0123", "escape"), outside);

        // When a dry run, then a real sweep
        var planned = StagingSweep.Sweep(tmp, dryRun: true);
        var stillThere = Directory.Exists(Path.Combine(tmp, "restore-0123"));
        var swept = StagingSweep.Sweep(tmp, dryRun: false);

        // Then the dry run removed nothing; the sweep removed the leftovers and the links, not what they point to
        Assert.Equal(planned, swept);
        Assert.True(stillThere);
        Assert.Equal(3, swept.Leftovers);
        Assert.Equal(8, swept.Bytes);
        Assert.Equal(["kernel-1-python3.json"], Directory.EnumerateFileSystemEntries(tmp).Select(Path.GetFileName));
        Assert.Equal("mine", File.ReadAllText(Path.Combine(outside, "keep.txt")));
    }

    [Fact]
    public void Should_find_nothing_when_the_cache_has_no_staging_folder()
    {
        // Given a workspace that never restored anything
        using var ws = TestWorkspace.Create();

        // When
        var swept = StagingSweep.Sweep(ws.PathOf(".pipeline/cache/tmp"), dryRun: false);

        // Then
        Assert.Equal(new StagingSwept(0, 0), swept);
    }
}
