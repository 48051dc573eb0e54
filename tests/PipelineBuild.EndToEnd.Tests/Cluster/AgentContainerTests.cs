using PipelineBuild.Cluster;
using PipelineBuild.Cluster.Agent;
using PipelineBuild.Core.Caching.Remote;
using PipelineBuild.Core.Execution;
using PipelineBuild.Core.Hashing;
using PipelineBuild.Core.Loading;
using PipelineBuild.Core.Locking;
using PipelineBuild.Core.Model;
using PipelineBuild.Core.Planning;
using PipelineBuild.Core.Workspace;
using PipelineBuild.EndToEnd.Tests.Docker;
using PipelineBuild.EndToEnd.Tests.RemoteCache;
using PipelineBuild.RemoteCache;
using PipelineBuild.Testing;

namespace PipelineBuild.EndToEnd.Tests.Cluster;

/// <summary>
/// The agent in the step's own image (busybox: no libc) on the real engine, against a real nginx WebDAV cache: a step
/// packed from clone A runs in a job container, and clone B's ordinary run restores what the job uploaded.
/// </summary>
public sealed class AgentContainerTests
{
    private const string Pipeline = """
        pipeline: clustered
        stages:
          train:
            image: local/busybox:1
            steps:
              fit:
                run: echo fit >> executions.log && mkdir -p out/parts && ./tools/fit.sh data/in.txt > out/model.txt && for line in $(cat data/in.txt); do echo $line > out/parts/p-$line; done
                inputs: [data/in.txt, tools/]
                outputs: [out/model.txt, out/parts/]
                env: { MODE: fast }
        """;

    [DockerRemoteCacheFact("nginx")]
    public async Task Should_run_a_packed_step_in_the_busybox_job_image_and_leave_what_the_tools_remote_restore_brings_back_byte_for_byte()
    {
        // Given clone A ran the step locally (no remote) and the step is packed into the nginx cache from A
        TestEngine.EnsureAvailable();
        using var server = CacheServer.Start("http");
        using var a = Clone();
        using var b = Clone();
        var local = PipelineTool.Run(a.Root, ["run"]);
        Assert.True(local.ExitCode == 0, local.ToString());
        var execution = ExecutionOf(a, "train.fit");
        var packed = await Packager(server).PackAsync(execution, CancellationToken.None);
        using var client = TestEngine.Client();
        var image = await AgentContainer.ImageAsync(client, a.PathOf(".pipeline/cache/tmp"));

        // When the job runs in the derived image on the engine
        var (exitCode, output, changed) = await AgentContainer.RunAsync(client, image.Id, JobEnvironment(server, packed));

        // Then its entry is in the remote under the tool's key, and clone B restores the step instead of running it
        Assert.True(exitCode == 0, output);
        Assert.Contains($"{AgentLog.Prefix}step 'train.fit'", output, StringComparison.Ordinal);
        Assert.True(File.Exists(server.ObjectPath("ac/" + packed.Job.Key)), output);
        Assert.All(changed, path => Assert.True(path == AgentPaths.Workspace || path.StartsWith(AgentPaths.Workspace + "/", StringComparison.Ordinal) || path == "/tmp" || path.StartsWith("/tmp/", StringComparison.Ordinal), path));
        var remote = new Dictionary<string, string>(server.Environment) { [RemoteCacheEnvironment.Url] = server.Url };
        var restored = PipelineTool.Run(b.Root, remote, ["run"]);
        Assert.True(restored.ExitCode == 0, restored.ToString());
        Assert.False(b.Exists("executions.log"), restored.ToString());
        foreach (var file in new[] { "out/model.txt", "out/parts/p-a", "out/parts/p-b", "out/parts/p-c" })
        {
            Assert.Equal(File.ReadAllBytes(a.PathOf(file)), File.ReadAllBytes(b.PathOf(file)));
        }
    }

    [DockerRemoteCacheFact("nginx")]
    public async Task Should_build_the_job_image_once_for_a_base_image_and_an_agent()
    {
        // Given
        TestEngine.EnsureAvailable();
        using var temp = TestWorkspace.Create();
        using var client = TestEngine.Client();

        // When
        var first = await AgentContainer.ImageAsync(client, temp.Root);
        var second = await AgentContainer.ImageAsync(client, temp.Root);

        // Then
        Assert.False(second.Built);
        Assert.Equal(first.Id, second.Id);
        Assert.Equal(first.Tag, second.Tag);
        Assert.StartsWith(AgentImage.Repository + ":", first.Tag, StringComparison.Ordinal);
    }

    [DockerRemoteCacheFact("nginx")]
    public async Task Should_exit_with_the_commands_code_and_leave_no_entry_when_the_step_fails_in_the_job()
    {
        // Given
        TestEngine.EnsureAvailable();
        using var server = CacheServer.Start("http");
        using var a = Clone(Pipeline.Replace("./tools/fit.sh data/in.txt > out/model.txt", "exit 3", StringComparison.Ordinal));
        var execution = ExecutionOf(a, "train.fit", Fingerprint(a));
        var packed = await Packager(server).PackAsync(execution, CancellationToken.None);
        using var client = TestEngine.Client();
        var image = await AgentContainer.ImageAsync(client, a.PathOf(".pipeline/cache/tmp"));

        // When
        var (exitCode, output, _) = await AgentContainer.RunAsync(client, image.Id, JobEnvironment(server, packed));

        // Then
        Assert.True(exitCode == 3, output);
        Assert.False(File.Exists(server.ObjectPath("ac/" + packed.Job.Key)));
    }

    [DockerRemoteCacheFact("nginx")]
    public async Task Should_refuse_a_hostile_spec_in_the_job_and_change_nothing_outside_the_workspace()
    {
        // Given specs naming ../, an absolute path, and a blob that is not what its digest says
        TestEngine.EnsureAvailable();
        using var server = CacheServer.Start("http");
        using var temp = TestWorkspace.Create();
        var payload = PutBlob(server, "payload");
        var damaged = PutBlob(server, "genuine");
        File.WriteAllText(server.ObjectPath("cas/" + damaged), "tampered");
        using var client = TestEngine.Client();
        var image = await AgentContainer.ImageAsync(client, temp.Root);
        var cases = new (ClusterJobInput Input, string Code)[]
        {
            (new ClusterJobInput("../etc/passwd", payload, 7, false), ClusterCodes.UnsafePath),
            (new ClusterJobInput("/bin/sh", payload, 7, true), ClusterCodes.UnsafePath),
            (new ClusterJobInput("data/in.txt", damaged, 7, false), ClusterCodes.InputUnavailable),
        };

        foreach (var (input, code) in cases)
        {
            var spec = PutSpec(server, new ClusterJob(ClusterJob.CurrentSchema, "hostile", new string('d', 64), ["sh", "-c", "touch /ran"], ".", new Dictionary<string, string>(), [input], ["x"]));

            // When
            var (exitCode, output, changed) = await AgentContainer.RunAsync(client, image.Id, new Dictionary<string, string>
            {
                [ClusterEnvironment.Job] = spec,
                [ClusterEnvironment.CacheUrl] = server.Url,
            });

            // Then
            Assert.True(exitCode == AgentExitCodes.Refused, output);
            Assert.Contains($"{AgentLog.Prefix}{code} ", output, StringComparison.Ordinal);
            Assert.All(changed, path => Assert.True(path == AgentPaths.Workspace || path.StartsWith(AgentPaths.Workspace + "/", StringComparison.Ordinal), $"{input.Path}: {path} changed\n{output}"));
        }
    }

    private static TestWorkspace Clone(string pipeline = Pipeline)
    {
        var clone = TestWorkspace.Create();
        clone.Write("pipeline.yaml", pipeline);
        clone.Write("data/in.txt", "a\nb\nc\n");
        clone.Write("tools/fit.sh", "#!/bin/sh\necho \"model($MODE): $(wc -l < \"$1\") lines\"\n");
        File.SetUnixFileMode(clone.PathOf("tools/fit.sh"), (UnixFileMode)0b111_101_101);
        return clone;
    }

    private static ClusterJobPackager Packager(CacheServer server)
    {
        var options = new RemoteCacheOptions(RemoteStoreFactory.Create(server.Url, server.Environment), RemoteCacheMode.ReadWrite, Required: true, null);
        return new ClusterJobPackager(new RemoteCacheSession(options, _ => { }), server.Url, server.Environment);
    }

    private static Dictionary<string, string> JobEnvironment(CacheServer server, PackedJob packed)
    {
        var environment = new Dictionary<string, string>(packed.Environment);
        foreach (var (name, value) in packed.Secrets)
        {
            environment[name] = value;
        }

        return environment;
    }

    /// <summary>The step as the tool decided it in the clone's last run: its definition, and its fingerprint and input digests from the lock file.</summary>
    private static StepExecution ExecutionOf(TestWorkspace clone, string stepId, ActionKey? fingerprint = null)
    {
        var pipeline = new PipelineLoader(LoadOptions.Default).Load(clone.PathOf("pipeline.yaml")).Pipeline!;
        var step = pipeline.Steps.Single(s => s.Id == stepId);
        var layout = new WorkspaceLayout(clone.Root);
        var inputs = step.Inputs.Select(input =>
        {
            var files = input.IsFolder
                ? WorkspaceFiles.UnderFolder(layout, input.Path).Select(p => new FileDigest(p, FileHasher.Hash(layout.FullPath(p)))).ToArray()
                : [new FileDigest(input.Path, FileHasher.Hash(layout.FullPath(input.Path)))];
            return new ResolvedInput(input, input.Path, files, files[0].Digest, null);
        }).ToList();
        var key = fingerprint ?? LockFileSerializer.Read(clone.PathOf("pipeline.lock"), pipeline.Name, _ => { }).Find(stepId)!.Fingerprint;
        var evaluation = new StepEvaluation(step, new StepDecision.Run(new StepReason(ReasonKind.InputChanged)), key, ContentDigest.Of([0]), null, new Dictionary<string, string>(), inputs);
        return new StepExecution(step, "cluster", layout, new StepLog(Path.Combine(layout.LogsFolder, "cluster", "fit.log"), (_, _) => { }), null, evaluation);
    }

    private static ActionKey Fingerprint(TestWorkspace clone) => new(ContentDigest.Of(System.Text.Encoding.UTF8.GetBytes(clone.Root)));

    private static string PutBlob(CacheServer server, string content)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(content);
        var digest = ContentDigest.Of(bytes).Hex;
        Directory.CreateDirectory(Path.GetDirectoryName(server.ObjectPath("cas/" + digest))!);
        File.WriteAllBytes(server.ObjectPath("cas/" + digest), bytes);
        return digest;
    }

    private static string PutSpec(CacheServer server, ClusterJob job)
    {
        var bytes = ClusterJobJson.Serialize(job);
        var digest = ClusterJobJson.DigestOf(bytes).Hex;
        Directory.CreateDirectory(Path.GetDirectoryName(server.ObjectPath("cas/" + digest))!);
        File.WriteAllBytes(server.ObjectPath("cas/" + digest), bytes);
        return digest;
    }
}
