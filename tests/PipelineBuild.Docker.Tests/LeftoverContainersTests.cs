using Docker.DotNet.Models;
using PipelineBuild.Docker.Containers;

namespace PipelineBuild.Docker.Tests;

public sealed class LeftoverContainersTests
{
    [Fact]
    public void Should_take_the_containers_of_earlier_runs_as_leftovers_and_spare_the_current_runs()
    {
        // Given the workspace's containers: one of the current run, one of an earlier run, one without a run label
        var listed = new[]
        {
            Container("live", "run-now"),
            Container("old", "run-before"),
            Container("unlabelled", null),
        };

        // When the leftovers are chosen while the run 'run-now' is going (a second runner of it may ask)
        var leftovers = LeftoverContainers.NotOfRun(listed, "run-now");

        // Then the live container of this run is not among them
        Assert.Equal(["old", "unlabelled"], leftovers.Select(c => c.ID));
    }

    private static ContainerListResponse Container(string id, string? run) => new()
    {
        ID = id,
        Labels = run is null
            ? new Dictionary<string, string> { [ContainerLabels.Workspace] = "w" }
            : new Dictionary<string, string> { [ContainerLabels.Workspace] = "w", [ContainerLabels.Run] = run },
    };
}
