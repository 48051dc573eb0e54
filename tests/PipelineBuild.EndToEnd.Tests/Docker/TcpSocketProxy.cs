using System.Net;
using System.Net.Sockets;

namespace PipelineBuild.EndToEnd.Tests.Docker;

/// <summary>
/// A TCP listener on 127.0.0.1 that forwards every connection to the engine's Unix socket: a second
/// endpoint, so that a test can point DOCKER_HOST at tcp://127.0.0.1:PORT and see the tool use it.
/// </summary>
internal sealed class TcpSocketProxy : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly string _socketPath;
    private int _connections;

    public TcpSocketProxy(string socketPath)
    {
        _socketPath = socketPath;
        _listener.Start();
        _ = AcceptAsync();
    }

    public string Address => $"tcp://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    public int Connections => Volatile.Read(ref _connections);

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            Interlocked.Increment(ref _connections);
            _ = ForwardAsync(client);
        }
    }

    private async Task ForwardAsync(TcpClient client)
    {
        using (client)
        using (var engine = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
        {
            try
            {
                await engine.ConnectAsync(new UnixDomainSocketEndPoint(_socketPath), _stop.Token);
                using var engineStream = new NetworkStream(engine, ownsSocket: false);
                var clientStream = client.GetStream();
                var up = PumpAsync(clientStream, engineStream, engine);
                var down = PumpAsync(engineStream, clientStream, client.Client);
                await Task.WhenAll(up, down);
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // The tool closed the connection, or the test ended.
            }
        }
    }

    private async Task PumpAsync(Stream from, Stream to, Socket toSocket)
    {
        await from.CopyToAsync(to, _stop.Token);
        toSocket.Shutdown(SocketShutdown.Send);
    }
}
