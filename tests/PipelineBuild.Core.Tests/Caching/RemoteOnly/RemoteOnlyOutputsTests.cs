using PipelineBuild.Core.Caching;
using PipelineBuild.Core.Caching.RemoteOnly;
using PipelineBuild.Core.Hashing;

namespace PipelineBuild.Core.Tests.Caching.RemoteOnly;

/// <summary>The remote-only outputs of a workspace: lookup by path and folder, and whether they stand for a lock entry's outputs.</summary>
public sealed class RemoteOnlyOutputsTests
{
    private static readonly ActionKey Key = new(ContentDigest.Of("fp"u8));
    private static readonly ContentDigest A = ContentDigest.Of("a"u8);
    private static readonly ContentDigest B = ContentDigest.Of("b"u8);
    private static readonly ContentDigest M = ContentDigest.Of("m"u8);

    private static RemoteOnlyOutputs TrainLeft() => new(
    [
        new RemoteOnlyFile("model.bin", "train", Key, M, 1),
        new RemoteOnlyFile("reports/a.txt", "train", Key, A, 1),
        new RemoteOnlyFile("reports/sub/b.txt", "train", Key, B, 1),
    ]);

    private static OutputRecord ReportsFolder(params FileDigest[] files) => new("reports", true, new TreeListing(files).Digest);

    [Fact]
    public void Should_find_files_by_path_and_by_folder_segment()
    {
        // Given a step's remote-only outputs
        var outputs = TrainLeft();

        // When / Then
        Assert.Equal(M, outputs.Find("model.bin")?.Digest);
        Assert.Null(outputs.Find("reports"));
        Assert.Equal(["reports/a.txt", "reports/sub/b.txt"], outputs.Under("reports").Select(f => f.Path));
        Assert.Empty(outputs.Under("report"));
        Assert.Equal(["reports/sub/b.txt"], outputs.Under("reports/sub").Select(f => f.Path));
    }

    [Fact]
    public void Should_cover_the_lock_entry_outputs_they_were_left_for()
    {
        // Given the lock entry's outputs: a file and a folder whose listing the records reproduce
        var outputs = TrainLeft();
        OutputRecord[] recorded = [new("model.bin", false, M), ReportsFolder(new FileDigest("reports/a.txt", A), new FileDigest("reports/sub/b.txt", B))];

        // When / Then
        Assert.True(outputs.Cover("train", Key, recorded));
    }

    [Fact]
    public void Should_not_cover_outputs_whose_digests_differ()
    {
        var outputs = TrainLeft();
        OutputRecord[] otherFile = [new("model.bin", false, A), ReportsFolder(new FileDigest("reports/a.txt", A), new FileDigest("reports/sub/b.txt", B))];
        OutputRecord[] otherFolder = [new("model.bin", false, M), ReportsFolder(new FileDigest("reports/a.txt", A))];

        Assert.False(outputs.Cover("train", Key, otherFile));
        Assert.False(outputs.Cover("train", Key, otherFolder));
    }

    [Fact]
    public void Should_not_cover_another_fingerprint_or_a_record_outside_the_outputs()
    {
        // Given records of the same step, but one run earlier, or with a file no output accounts for
        var outputs = TrainLeft();
        OutputRecord[] onlyModel = [new("model.bin", false, M)];
        OutputRecord[] all = [new("model.bin", false, M), ReportsFolder(new FileDigest("reports/a.txt", A), new FileDigest("reports/sub/b.txt", B))];

        // When / Then
        Assert.False(outputs.Cover("train", new ActionKey(ContentDigest.Of("old"u8)), all));
        Assert.False(outputs.Cover("train", Key, onlyModel));
        Assert.False(outputs.Cover("other", Key, all));
    }

    [Fact]
    public void Should_replace_a_steps_records_when_it_leaves_outputs_again_and_drop_them_when_forgotten()
    {
        // Given a step's records and another step's
        var outputs = TrainLeft();
        outputs.Leave("eval", [new RemoteOnlyFile("scores.json", "eval", Key, A, 1)]);

        // When the step leaves other outputs
        outputs.Leave("train", [new RemoteOnlyFile("model.bin", "train", Key, B, 1)]);

        // Then only its new records remain, the other step's untouched
        Assert.Equal(["model.bin", "scores.json"], outputs.All.Select(f => f.Path));
        Assert.Equal(B, outputs.Find("model.bin")?.Digest);

        // When its outputs are back in the workspace
        outputs.Forget("train");

        // Then
        Assert.Equal(["scores.json"], outputs.All.Select(f => f.Path));
    }
}
