using PipelineBuild.Cluster.Agent;
using PipelineBuild.Core.Caching;
using PipelineBuild.Core.Caching.Remote;
using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Execution;
using PipelineBuild.Core.Hashing;
using PipelineBuild.Core.Model;
using PipelineBuild.Core.Planning;
using PipelineBuild.Core.Workspace;
using PipelineBuild.RemoteCache;
using PipelineBuild.Testing;

namespace PipelineBuild.Cluster.Tests;

/// <summary>
/// A tool's workspace with one container step, a real <c>file://</c> remote cache, and a second folder that stands for
/// a job container's <c>/workspace</c>: the packager writes to the remote from the first, the agent runs in the second.
/// </summary>
internal sealed class ClusterScenario : IDisposable
{
    private static readonly SourceLocation Location = SourceLocation.None("pipeline.yaml");

    public ClusterScenario()
    {
        Tool = TestWorkspace.Create();
        Remote = TestWorkspace.Create();
        Container = TestWorkspace.Create();
        Url = new Uri(Remote.Root + "/").AbsoluteUri;
    }

    /// <summary>The tool's workspace.</summary>
    public TestWorkspace Tool { get; }

    /// <summary>The remote cache's folder.</summary>
    public TestWorkspace Remote { get; }

    /// <summary>The job container's workspace (its <c>/workspace</c>).</summary>
    public TestWorkspace Container { get; }

    public string Url { get; }

    public List<string> Warnings { get; } = [];

    public RemoteCacheSession Session(IReadOnlyDictionary<string, string>? environment = null)
    {
        var env = environment ?? new Dictionary<string, string>();
        var options = new RemoteCacheOptions(RemoteStoreFactory.Create(Url, env), RemoteCacheMode.ReadWrite, Required: true, EntrySigner.FromEnvironment(env)) { RetryDelay = TimeSpan.Zero };
        return new RemoteCacheSession(options, Warnings.Add);
    }

    /// <summary>A container step with the given inputs (files of the tool's workspace) and outputs, decided to run under a made-up fingerprint.</summary>
    public StepExecution Execution(string command, string[] inputs, string[] outputs, IReadOnlyDictionary<string, string>? env = null, SecretSet? secrets = null)
    {
        var step = new StepDefinition
        {
            Id = "train",
            Stage = "main",
            Name = "train",
            Kind = StepKind.Container,
            Image = "local/busybox:1",
            Command = command,
            Env = env ?? new Dictionary<string, string>(StringComparer.Ordinal),
            Secrets = secrets ?? SecretSet.Empty,
            Location = Location,
            Inputs = [.. inputs.Select(i => new InputSpec(i.TrimEnd('/'), InputKind.Path, i.EndsWith('/'), Location))],
            Outputs = [.. outputs.Select(o => new OutputSpec(o.TrimEnd('/'), o.EndsWith('/'), Location))],
        };
        var layout = new WorkspaceLayout(Tool.Root);
        var resolved = step.Inputs.Select(i => Resolve(layout, i)).ToList();
        var fingerprint = new ActionKey(ContentDigest.Of(System.Text.Encoding.UTF8.GetBytes(command + string.Join(",", resolved.Select(r => r.Digest.Hex)))));
        var evaluation = new StepEvaluation(step, new StepDecision.Run(new StepReason(ReasonKind.InputChanged)), fingerprint, ContentDigest.Of([1]), "sha256:image", new Dictionary<string, string>(), resolved);
        return new StepExecution(step, "run-1", layout, new StepLog(Path.Combine(layout.LogsFolder, "train.log"), (_, _) => { }), null, evaluation);
    }

    /// <summary>Runs the agent on the container's workspace with the job's environment.</summary>
    public async Task<(int ExitCode, string Errors)> RunAgentAsync(PackedJob job, IReadOnlyDictionary<string, string>? extra = null)
    {
        var environment = new Dictionary<string, string>(job.Environment, StringComparer.Ordinal);
        foreach (var (name, value) in job.Secrets.Concat(extra ?? new Dictionary<string, string>()))
        {
            environment[name] = value;
        }

        environment[ClusterEnvironment.CacheUrl] = Url;
        using var errors = new StringWriter();
        var code = await new JobAgent(environment, Container.Root, new AgentLog(errors)).RunAsync(CancellationToken.None);
        return (code, errors.ToString());
    }

    /// <summary>What the tool's remote tier finds under the step's key, restored into the tool's workspace by the tool's restorer.</summary>
    public async Task<bool> RestoreAsync(StepExecution execution)
    {
        var layout = execution.Layout;
        var store = new ContentStore(layout.ContentFolder);
        var actions = new ActionCache(layout.ActionFolder, Warnings.Add);
        var tier = new RemoteCacheTier(Session(), store, actions);
        var hit = await tier.TryFetchAsync(execution.Step, execution.Evaluation!.Fingerprint, CancellationToken.None);
        if (hit is null)
        {
            return false;
        }

        var restorer = new CacheRestorer(layout, new FileDigests(layout, new StatCache(), 1), store, Warnings.Add);
        return await restorer.TryRestoreAsync(hit.Entry, hit, CancellationToken.None);
    }

    /// <summary>Stores a hand-made (hostile) spec in the remote as a packer would, and returns the job's environment.</summary>
    public PackedJob Put(ClusterJob job)
    {
        var bytes = ClusterJobJson.Serialize(job);
        var digest = ClusterJobJson.DigestOf(bytes);
        Directory.CreateDirectory(Remote.PathOf("cas"));
        File.WriteAllBytes(Remote.PathOf("cas/" + digest.Hex), bytes);
        return new PackedJob(job, digest, new Dictionary<string, string> { [ClusterEnvironment.Job] = digest.Hex }, new Dictionary<string, string>(), 0, 0);
    }

    /// <summary>Stores a blob in the remote under the digest of its content.</summary>
    public string PutBlob(string content)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(content);
        var digest = ContentDigest.Of(bytes).Hex;
        Directory.CreateDirectory(Remote.PathOf("cas"));
        File.WriteAllBytes(Remote.PathOf("cas/" + digest), bytes);
        return digest;
    }

    public bool RemoteHas(string relative) => File.Exists(Remote.PathOf(relative));

    public void Dispose()
    {
        Tool.Dispose();
        Remote.Dispose();
        Container.Dispose();
    }

    private static ResolvedInput Resolve(WorkspaceLayout layout, InputSpec input)
    {
        if (!input.IsFolder)
        {
            var digest = FileHasher.Hash(layout.FullPath(input.Path));
            return new ResolvedInput(input, input.Path, [new FileDigest(input.Path, digest)], digest, null);
        }

        var files = WorkspaceFiles.UnderFolder(layout, input.Path).Select(p => new FileDigest(p, FileHasher.Hash(layout.FullPath(p)))).ToArray();
        var listing = new TreeListing(files);
        return new ResolvedInput(input, input.Path + "/", listing.Files, listing.Digest, listing);
    }
}
