using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Model;
using PipelineBuild.Docker.Containers;

namespace PipelineBuild.Docker.Tests;

public sealed class StepContainerTests
{
    private static readonly StepDefinition Step = new()
    {
        Id = "train.fit",
        Stage = "train",
        Name = "fit",
        Kind = StepKind.Container,
        Command = "python3 train.py",
        Image = "sklearn",
        Env = new Dictionary<string, string> { ["SEED"] = "42" },
        Network = "none",
        Resources = new ResourceLimits(1.5, 512L * 1024 * 1024, "all"),
        Location = new SourceLocation("pipeline.yaml", 9, 7),
    };

    [Fact]
    public void Should_run_the_command_as_the_user_in_the_mounted_workspace()
    {
        var spec = StepContainer.Create(Step, "sha256:abc", "/home/me/repo", "run1", "iris", "1000:1000");

        Assert.Equal("sha256:abc", spec.Image);
        Assert.Equal(["sh", "-e", "-c"], spec.Entrypoint);
        Assert.Equal(["python3 train.py"], spec.Cmd);
        Assert.Equal("/workspace", spec.WorkingDir);
        Assert.Equal("1000:1000", spec.User);
        Assert.Equal(["/home/me/repo:/workspace"], spec.HostConfig!.Binds);
        Assert.Equal(["HOME=/tmp", "SEED=42"], spec.Env);
        Assert.Equal("train.fit", spec.Labels[ContainerLabels.Step]);
        Assert.Equal("run1", spec.Labels[ContainerLabels.Run]);
        Assert.Equal(ContainerLabels.WorkspaceId("/home/me/repo"), spec.Labels[ContainerLabels.Workspace]);
    }

    [Fact]
    public void Should_apply_network_and_resource_limits()
    {
        var host = StepContainer.Create(Step, "sha256:abc", "/repo", "run1", "iris", "1000:1000").HostConfig!;

        Assert.Equal("none", host.NetworkMode);
        Assert.Equal(1_500_000_000, host.NanoCPUs);
        Assert.Equal(512L * 1024 * 1024, host.Memory);
        var gpu = Assert.Single(host.DeviceRequests);
        Assert.Equal(-1, gpu.Count);
        Assert.Equal(["gpu"], Assert.Single(gpu.Capabilities));
    }

    [Fact]
    public void Should_default_to_the_bridge_network_and_keep_root_HOME_alone()
    {
        var spec = StepContainer.Create(Step with { Network = null, Resources = null }, "sha256:abc", "/repo", "run1", "iris", "0:0");

        Assert.Equal("bridge", spec.HostConfig!.NetworkMode);
        Assert.Equal(["SEED=42"], spec.Env);
        Assert.Null(spec.HostConfig!.DeviceRequests);
    }

    [Theory]
    [InlineData("2", 2L, null)]
    [InlineData("device=0,1", 0L, "0,1")]
    public void Should_read_gpus_as_docker_run_does(string gpus, long count, string? devices)
    {
        var request = StepContainer.GpuRequest(gpus, Step);

        Assert.Equal(count, request.Count);
        Assert.Equal(devices, request.DeviceIDs is null ? null : string.Join(',', request.DeviceIDs));
    }

    [Fact]
    public void Should_reject_a_gpus_value_it_cannot_read()
    {
        var error = Assert.Throws<PipelineException>(() => StepContainer.GpuRequest("many", Step));

        Assert.Contains("pipeline.yaml(9,7): error PB5006", error.Message, StringComparison.Ordinal);
    }
}
