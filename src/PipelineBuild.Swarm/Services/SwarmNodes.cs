using Docker.DotNet;
using Docker.DotNet.Models;

namespace PipelineBuild.Swarm.Services;

/// <summary>
/// The swarm's nodes as the manager last listed them, shared by every job of a run and listed at most once a
/// <see cref="Freshness"/>, so that many jobs watching their node cost one request.
/// </summary>
internal sealed class SwarmNodes
{
    private static readonly TimeSpan Freshness = TimeSpan.FromSeconds(1);
    private readonly DockerClient _client;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private IReadOnlyDictionary<string, NodeListResponse> _nodes = new Dictionary<string, NodeListResponse>(StringComparer.Ordinal);
    private DateTime _listedAt = DateTime.MinValue;

    public SwarmNodes(DockerClient client)
    {
        _client = client;
    }

    /// <summary>The node's host name and state (<c>ready</c>, <c>down</c>, <c>unknown</c>…); its id and null for a node the manager does not know.</summary>
    public async Task<(string Name, string? State)> DescribeAsync(string nodeId, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (DateTime.UtcNow - _listedAt >= Freshness || !_nodes.ContainsKey(nodeId))
            {
                var listed = await _client.Swarm.ListNodesAsync(cancellationToken).ConfigureAwait(false);
                _nodes = listed.ToDictionary(n => n.ID, StringComparer.Ordinal);
                _listedAt = DateTime.UtcNow;
            }
        }
        finally
        {
            _gate.Release();
        }

        return _nodes.TryGetValue(nodeId, out var node)
            ? (node.Description?.Hostname is { Length: > 0 } host ? host : nodeId, node.Status?.State)
            : (nodeId, null);
    }
}
