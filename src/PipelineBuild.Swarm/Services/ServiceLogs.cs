using System.Net.Http;
using Docker.DotNet;
using Docker.DotNet.Models;
using PipelineBuild.Core.Execution;
using PipelineBuild.Docker.Containers;

namespace PipelineBuild.Swarm.Services;

/// <summary>
/// A job's output into the step log: followed live while the task runs; once it has ended, the whole log is read once
/// more and what the live stream had not delivered yet is written (a followed service log never ends by itself).
/// </summary>
internal sealed class ServiceLogs
{
    private readonly DockerClient _client;
    private readonly string _serviceId;
    private readonly StepLog _log;
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stop;
    private readonly Task _following;
    private int _stdoutLines;
    private int _stderrLines;
    private bool _stopped;

    private ServiceLogs(DockerClient client, string serviceId, StepLog log, CancellationToken cancellationToken)
    {
        _client = client;
        _serviceId = serviceId;
        _log = log;
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _following = Task.Run(() => FollowAsync(_stop.Token), CancellationToken.None);
    }

    public static ServiceLogs Follow(DockerClient client, string serviceId, StepLog log, CancellationToken cancellationToken) =>
        new(client, serviceId, log, cancellationToken);

    /// <summary>Stops following and writes the rest of the log; the job's task has ended.</summary>
    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        await StopAsync().ConfigureAwait(false);
        int skipOut, skipErr;
        lock (_gate)
        {
            (skipOut, skipErr) = (_stdoutLines, _stderrLines);
        }

        try
        {
            using var stream = await _client.Swarm.GetServiceLogsAsync(_serviceId, false, Parameters(follow: false), cancellationToken).ConfigureAwait(false);
            await ContainerOutput.PumpAsync(stream, (line, isError) =>
            {
                if (isError ? skipErr-- > 0 : skipOut-- > 0)
                {
                    return;
                }

                _log.Write(line, isError);
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is DockerApiException or HttpRequestException or IOException)
        {
            _log.Write($"[pipeline] the end of the job's log could not be read ({e.Message})", isError: true);
        }
    }

    /// <summary>Stops following (the step was cancelled or the job is being replaced).</summary>
    public async Task StopAsync()
    {
        lock (_gate)
        {
            if (_stopped)
            {
                return;
            }

            _stopped = true;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _following.ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or DockerApiException or HttpRequestException or IOException)
        {
            // Following ends by being cancelled; what it missed is read again by CompleteAsync.
        }
        finally
        {
            _stop.Dispose();
        }
    }

    private async Task FollowAsync(CancellationToken cancellationToken)
    {
        using var stream = await _client.Swarm.GetServiceLogsAsync(_serviceId, false, Parameters(follow: true), cancellationToken).ConfigureAwait(false);
        await ContainerOutput.PumpAsync(stream, (line, isError) =>
        {
            lock (_gate)
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    return;
                }

                _ = isError ? _stderrLines++ : _stdoutLines++;
                _log.Write(line, isError);
            }
        }, cancellationToken).ConfigureAwait(false);
    }

    private static ServiceLogsParameters Parameters(bool follow) => new() { Follow = follow, ShowStdout = true, ShowStderr = true };
}
