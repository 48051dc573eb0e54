using PipelineBuild.Core.Execution;
using PipelineBuild.Core.Hashing;
using PipelineBuild.Core.Locking;

namespace PipelineBuild.Core.Tests.Execution;

public sealed class LockRecorderTests
{
    [Fact]
    public void Should_keep_the_previous_entries_of_steps_still_in_the_pipeline_and_drop_the_others()
    {
        // Given a lock file of three steps, one of which left the pipeline
        var previous = new LockFile("p", new Dictionary<string, LockEntry>(StringComparer.Ordinal)
        {
            ["s.a"] = Entry("a"),
            ["s.gone"] = Entry("gone"),
            ["s.c"] = Entry("c"),
        });

        // When nothing is recorded
        var recorder = new LockRecorder(previous, ["s.a", "s.c", "s.new"]);
        var lockFile = recorder.ToLockFile();

        // Then
        Assert.Equal(["s.a", "s.c"], lockFile.Steps.Keys.Order(StringComparer.Ordinal));
        Assert.Same(previous.Steps["s.a"], lockFile.Steps["s.a"]);
        Assert.Same(previous.Steps["s.c"], lockFile.Steps["s.c"]);
        Assert.False(recorder.Changed);
    }

    private static LockEntry Entry(string name)
    {
        var digest = ContentDigest.Of(System.Text.Encoding.UTF8.GetBytes(name));
        var none = new Dictionary<string, ContentDigest>(StringComparer.Ordinal);
        return new LockEntry(new ActionKey(digest), digest, null, new Dictionary<string, string>(StringComparer.Ordinal), none, none);
    }
}
