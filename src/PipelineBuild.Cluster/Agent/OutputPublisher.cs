using PipelineBuild.Core.Caching;
using PipelineBuild.Core.Caching.Remote;
using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Hashing;
using PipelineBuild.Core.Model;
using PipelineBuild.Core.Workspace;

namespace PipelineBuild.Cluster.Agent;

/// <summary>
/// After the command succeeded: records the declared outputs exactly as the tool does after a local run (the tool's
/// <see cref="OutputRecorder"/>, into a content store in the agent's state folder) and uploads them with the tool's
/// <see cref="RemoteEntryUploader"/>: blobs the remote lacks first, the (signed, when a key is set) entry <c>ac/&lt;key&gt;</c> last.
/// </summary>
public sealed class OutputPublisher
{
    private readonly RemoteCacheSession _remote;
    private readonly WorkspaceLayout _layout;

    public OutputPublisher(RemoteCacheSession remote, WorkspaceLayout layout)
    {
        _remote = remote;
        _layout = layout;
    }

    public async Task<ActionEntry> PublishAsync(ClusterJob job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        var store = new ContentStore(_layout.ContentFolder);
        var recorder = new OutputRecorder(_layout, new FileDigests(_layout, new StatCache(), parallelism: 1), store);
        IReadOnlyList<OutputRecord> outputs;
        try
        {
            outputs = recorder.Record(StepOf(job), store: true);
        }
        catch (PipelineException e)
        {
            throw new AgentException(ClusterCodes.OutputsNotRecorded, e.Message, AgentExitCodes.OutputsFailed);
        }

        var entry = new ActionEntry(new ActionKey(ContentDigest.Parse(job.Key)), outputs);
        if (!await new RemoteEntryUploader(_remote, store).UploadAsync(entry, cancellationToken).ConfigureAwait(false))
        {
            throw new AgentException(ClusterCodes.OutputsNotUploaded, $"the outputs of '{job.Step}' could not be uploaded to the remote cache {_remote.Store.DisplayUrl}", AgentExitCodes.OutputsFailed);
        }

        return entry;
    }

    /// <summary>The step as the recorder needs it: its id and declared outputs.</summary>
    private static StepDefinition StepOf(ClusterJob job)
    {
        var location = SourceLocation.None("job " + job.Step);
        return new StepDefinition
        {
            Id = job.Step,
            Stage = "",
            Name = job.Step,
            Kind = StepKind.Container,
            Location = location,
            Outputs = [.. job.Outputs.Select(o => o.EndsWith('/') ? new OutputSpec(o[..^1], true, location) : new OutputSpec(o, false, location))],
        };
    }
}
