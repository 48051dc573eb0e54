using PipelineBuild.Core.Caching.RemoteOnly;
using PipelineBuild.Core.Hashing;

namespace PipelineBuild.Core.Tests.Caching.RemoteOnly;

/// <summary>A remote-only record read from the workspace's state is believed only when it is a file its step declares now.</summary>
public sealed class RemoteOnlyFileCheckTests
{
    private static readonly ActionKey Key = new(ContentDigest.Of("fp"u8));
    private static readonly string[] Declared = ["model.bin", "reports/"];

    [Theory]
    [InlineData("model.bin")]
    [InlineData("reports/a.txt")]
    [InlineData("reports/deep/b.txt")]
    public void Should_accept_a_file_under_a_declared_output(string path)
    {
        // Given a record of a declared output of the lock's run
        var file = new RemoteOnlyFile(path, "train", Key, ContentDigest.Of("x"u8), 1);

        // When / Then
        Assert.Null(RemoteOnlyFileCheck.ProblemOf(file, Declared, Key));
    }

    [Theory]
    [InlineData("../outside.txt")]
    [InlineData("/etc/passwd")]
    [InlineData("reports/../model.bin")]
    [InlineData("reports//a.txt")]
    [InlineData("reports\\a.txt")]
    [InlineData(".pipeline/lock")]
    [InlineData("reports")]
    [InlineData("reportsX/a.txt")]
    [InlineData("model.bin/x")]
    [InlineData("other.txt")]
    public void Should_refuse_a_path_that_is_not_plain_or_not_declared(string path)
    {
        // Given a hostile or stale record
        var file = new RemoteOnlyFile(path, "train", Key, ContentDigest.Of("x"u8), 1);

        // When / Then
        Assert.NotNull(RemoteOnlyFileCheck.ProblemOf(file, Declared, Key));
    }

    [Fact]
    public void Should_refuse_a_record_of_another_run_than_the_lock_records()
    {
        // Given a record left by a run the lock file no longer records
        var file = new RemoteOnlyFile("model.bin", "train", new ActionKey(ContentDigest.Of("old"u8)), ContentDigest.Of("x"u8), 1);

        // When / Then
        Assert.NotNull(RemoteOnlyFileCheck.ProblemOf(file, Declared, Key));
        Assert.NotNull(RemoteOnlyFileCheck.ProblemOf(file with { Fingerprint = Key }, Declared, lockFingerprint: null));
    }

    [Fact]
    public void Should_refuse_a_negative_size()
    {
        var file = new RemoteOnlyFile("model.bin", "train", Key, ContentDigest.Of("x"u8), -1);

        Assert.NotNull(RemoteOnlyFileCheck.ProblemOf(file, Declared, Key));
    }
}
