using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Execution;
using PipelineBuild.Core.Runs;
using PipelineBuild.Testing;

namespace PipelineBuild.Core.Tests.Runs;

public sealed class RunStoreOpeningTests
{
    [Fact]
    public void Should_hand_over_the_store_opened_ahead_and_save_into_it()
    {
        // Given a store with one run, opened ahead
        using var ws = TestWorkspace.Create();
        var path = ws.PathOf(".pipeline/runs.db");
        Save(RunStore.Open(path), "0000000000000001");
        using var opening = RunStoreOpening.Start(path);

        // When the store is taken and a second run saved into it
        using (var store = opening.Take(path))
        {
            store.Save(Run("0000000000000002"));
        }

        // Then both runs are there for the next tool
        using var reopened = RunStore.Open(path);
        Assert.Equal(["0000000000000002", "0000000000000001"], reopened.Ids());
    }

    [Fact]
    public void Should_create_no_store_ahead_and_create_it_when_taken()
    {
        // Given a workspace that never recorded a run
        using var ws = TestWorkspace.Create();
        var path = ws.PathOf(".pipeline/runs.db");

        // When the opening starts, and then the store is taken
        using var opening = RunStoreOpening.Start(path);
        var createdAhead = File.Exists(path);
        using (var store = opening.Take(path))
        {
            store.Save(Run("0000000000000001"));
        }

        // Then nothing was created ahead; the store was created when taken
        Assert.False(createdAhead);
        using var reopened = RunStore.Open(path);
        Assert.Equal(["0000000000000001"], reopened.Ids());
    }

    [Fact]
    public void Should_open_the_store_asked_for_when_another_was_opened_ahead()
    {
        // Given the workspace's store opened ahead, and an experiment's store elsewhere
        using var ws = TestWorkspace.Create();
        var workspaceStore = ws.PathOf(".pipeline/runs.db");
        var other = ws.PathOf("elsewhere/runs.db");
        Save(RunStore.Open(workspaceStore), "0000000000000001");
        using var opening = RunStoreOpening.Start(workspaceStore);

        // When the other store is taken
        using (var store = opening.Take(other))
        {
            store.Save(Run("0000000000000002"));
        }

        // Then the run went where it was asked to, and the workspace's store is unchanged
        using var workspace = RunStore.Open(workspaceStore);
        Assert.Equal(["0000000000000001"], workspace.Ids());
        using var elsewhere = RunStore.Open(other);
        Assert.Equal(["0000000000000002"], elsewhere.Ids());
    }

    [Fact]
    public void Should_report_a_damaged_store_when_taken_as_opening_it_would()
    {
        // Given a file that is not a database where the store is, opened ahead
        using var ws = TestWorkspace.Create();
        var path = ws.PathOf(".pipeline/runs.db");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, [.. Enumerable.Repeat((byte)0x5a, 8192)]);
        var expected = Assert.Throws<PipelineException>(() => RunStore.Open(path));
        using var opening = RunStoreOpening.Start(path);

        // When it is taken
        var error = Assert.Throws<PipelineException>(() => opening.Take(path));

        // Then the error is the one opening it on the spot gives
        Assert.Equal(expected.Message, error.Message);
        Assert.Equal(expected.ExitCode, error.ExitCode);
    }

    [Fact]
    public void Should_never_hand_over_a_store_it_closed()
    {
        // Given a store opened ahead for a run that ended before recording
        using var ws = TestWorkspace.Create();
        var path = ws.PathOf(".pipeline/runs.db");
        Save(RunStore.Open(path), "0000000000000001");
        var opening = RunStoreOpening.Start(path);

        // When the opening is disposed without being taken, and then taken after all
        opening.Dispose();
        using (var store = opening.Take(path))
        {
            store.Save(Run("0000000000000002"));
        }

        // Then the store taken was opened anew and works
        using var reopened = RunStore.Open(path);
        Assert.Equal(["0000000000000002", "0000000000000001"], reopened.Ids());
    }

    private static void Save(RunStore store, string id)
    {
        using (store)
        {
            store.Save(Run(id));
        }
    }

    private static RunRecord Run(string id) => new()
    {
        Id = id,
        Pipeline = "demo",
        PipelineFile = "pipeline.yaml",
        StartedAt = DateTimeOffset.UnixEpoch.AddDays(20000).AddMinutes(Convert.ToInt32(id, 16)),
        EndedAt = DateTimeOffset.UnixEpoch.AddDays(20000).AddMinutes(Convert.ToInt32(id, 16)).AddSeconds(3),
        Status = RunStatus.Succeeded,
        ToolVersion = "0.1.0",
    };
}
