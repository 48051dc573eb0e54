using Docker.DotNet.Models;
using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Model;
using PipelineBuild.Docker.Containers;
using PipelineBuild.Swarm;
using PipelineBuild.Swarm.Services;

namespace PipelineBuild.Swarm.Tests;

public sealed class JobServiceTests
{
    private static readonly StepDefinition Step = new()
    {
        Id = "train.fit[lr=0.1]",
        Stage = "train",
        Name = "fit",
        Kind = StepKind.Container,
        Command = "python3 train.py",
        Image = "sklearn",
        Executor = Executor.Swarm,
        Placement = ["node.labels.gpu==true"],
        Resources = new ResourceLimits(1.5, 512L * 1024 * 1024, "2"),
        Location = new SourceLocation("pipeline.yaml", 9, 7),
    };

    private static readonly JobRequest Request = new(
        Step,
        "pb-train-fit-lr-0-1-0a1b2c3d4e",
        "10.0.0.2:5000/pipelinebuild/step@sha256:abc",
        ["sh", "-e", "-c", "python3 train.py"],
        new Dictionary<string, string> { ["SEED"] = "42", ["A"] = "1" },
        new Dictionary<string, string> { ["HF_TOKEN"] = "s3cr3t-9f2c" },
        new Dictionary<string, string> { [ContainerLabels.Step] = "train.fit[lr=0.1]", [ContainerLabels.Run] = "run1" });

    [Fact]
    public void Should_make_one_replicated_job_that_swarm_never_restarts_on_the_nodes_network()
    {
        // When
        var spec = JobService.Create(Request, new AuthConfig()).Service!;

        // Then
        Assert.Equal("pb-train-fit-lr-0-1-0a1b2c3d4e", spec.Name);
        Assert.Equal(1UL, spec.Mode!.ReplicatedJob!.TotalCompletions);
        Assert.Equal(1UL, spec.Mode.ReplicatedJob.MaxConcurrent);
        Assert.Null(spec.Mode.Replicated);
        Assert.Equal("none", spec.TaskTemplate!.RestartPolicy!.Condition);
        Assert.Equal("host", Assert.Single(spec.TaskTemplate.Networks!).Target);
    }

    [Fact]
    public void Should_run_the_image_by_digest_in_the_workspace_with_sorted_env_and_the_labels_on_service_and_container()
    {
        // When
        var spec = JobService.Create(Request, new AuthConfig()).Service!;

        // Then
        var container = spec.TaskTemplate!.ContainerSpec!;
        Assert.Equal("10.0.0.2:5000/pipelinebuild/step@sha256:abc", container.Image);
        Assert.Equal(["sh", "-e", "-c", "python3 train.py"], container.Command);
        Assert.Equal("/workspace", container.Dir);
        Assert.Equal(["A=1", "SEED=42"], container.Env);
        Assert.Equal("train.fit[lr=0.1]", spec.Labels![ContainerLabels.Step]);
        Assert.Equal("run1", container.Labels![ContainerLabels.Run]);
    }

    [Fact]
    public void Should_mount_the_attempts_swarm_secret_as_the_agents_secrets_file_and_keep_secret_values_out_of_the_spec()
    {
        // When
        var container = JobService.Create(Request, new AuthConfig(), secretId: "sec123").Service!.TaskTemplate!.ContainerSpec!;

        // Then
        var secret = Assert.Single(container.Secrets!);
        Assert.Equal(("sec123", "pb-train-fit-lr-0-1-0a1b2c3d4e"), (secret.SecretID, secret.SecretName));
        Assert.Equal(JobSecrets.FilePath, "/run/secrets/" + secret.File!.Name);
        Assert.Equal(["A=1", $"PIPELINEBUILD_SECRETS_FILE={JobSecrets.FilePath}", "SEED=42"], container.Env);
        Assert.DoesNotContain("s3cr3t", System.Text.Json.JsonSerializer.Serialize(container.Env), StringComparison.Ordinal);
    }

    [Fact]
    public void Should_reserve_and_limit_the_resources_and_place_the_job_by_the_steps_constraints()
    {
        // When
        var task = JobService.Create(Request, new AuthConfig()).Service!.TaskTemplate!;
        var resources = task.Resources!;

        // Then
        Assert.Equal(1_500_000_000L, resources.Limits!.NanoCPUs);
        Assert.Equal(512L * 1024 * 1024, resources.Limits.MemoryBytes);
        Assert.Equal(1_500_000_000L, resources.Reservations!.NanoCPUs);
        var gpus = Assert.Single(resources.Reservations.GenericResources!);
        Assert.Equal((JobService.GpuResourceKind, 2L), (gpus.DiscreteResourceSpec!.Kind, gpus.DiscreteResourceSpec.Value!.Value));
        Assert.Equal(["node.labels.gpu==true"], task.Placement!.Constraints);
        Assert.Equal(1UL, task.Placement.MaxReplicas);
    }

    [Fact]
    public void Should_reserve_named_gpus_and_refuse_all_which_a_swarm_cannot_reserve()
    {
        // When
        var named = JobService.GpuReservation("device=0,1", Step);
        var all = Assert.Throws<PipelineException>(() => JobService.GpuReservation("all", Step));

        // Then
        Assert.Equal(["0", "1"], named.Select(g => g.NamedResourceSpec!.Value));
        Assert.Equal(SwarmCodes.BadGpus, all.Code);
    }

    [Fact]
    public void Should_name_a_service_after_its_step_within_the_63_characters_of_a_service_name()
    {
        // When
        var name = ServiceNames.For(Step with { Id = "stage." + new string('x', 100) });
        var other = ServiceNames.For(Step);

        // Then
        Assert.True(name.Length <= 63, name);
        Assert.Matches("^pb-[a-z0-9-]+-[0-9a-f]{10}$", name);
        Assert.StartsWith("pb-train-fit-lr-0-1-", other, StringComparison.Ordinal);
        Assert.NotEqual(other, ServiceNames.For(Step));
    }
}
