using System.Net;
using System.Text;

namespace PipelineBuild.Cli.Serving;

/// <summary>
/// An <see cref="HttpListener"/> (in the BCL, Native AOT safe, no Kestrel) on some prefixes, each request
/// handed to one handler on the thread pool; a client that goes away is ignored. <c>serve</c> and <c>ui</c> use it.
/// </summary>
internal sealed class LocalHttpServer : IDisposable
{
    private const int StartAttempts = 5;

    private readonly HttpListener _listener = new();
    private readonly Action<HttpListenerContext> _handle;
    private readonly Task _loop;

    private LocalHttpServer(IReadOnlyList<string> prefixes, Action<HttpListenerContext> handle)
    {
        _handle = handle;
        foreach (var prefix in prefixes)
        {
            _listener.Prefixes.Add(prefix);
        }

        _listener.Start();
        _loop = Task.Run(AcceptAsync);
    }

    /// <summary>Listens, or throws what <paramref name="unavailable"/> makes of the reason (a port taken, an address not local).</summary>
    public static LocalHttpServer Start(IReadOnlyList<string> prefixes, Action<HttpListenerContext> handle, Func<string, Exception> unavailable)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return new LocalHttpServer(prefixes, handle);
            }
            catch (ArgumentNullException) when (attempt < StartAttempts)
            {
                // .NET's managed listener fails this way when a client connects while it starts (dotnet/corefx#35191:
                // its first accept completes before its connection list exists), leaving the bound socket to the
                // finalizer. Free it and start again: a scraper or a health check polling the port is normal.
                GC.Collect();
                GC.WaitForPendingFinalizers();
            }
            catch (Exception e) when (e is HttpListenerException or ArgumentException or System.Net.Sockets.SocketException)
            {
                throw unavailable(e.Message.TrimEnd('.'));
            }
        }
    }

    public static void Respond(HttpListenerResponse response, int status, string contentType, string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        response.StatusCode = status;
        response.ContentType = contentType;
        response.ContentLength64 = bytes.Length;
        response.OutputStream.Write(bytes);
        response.Close();
    }

    public void Dispose()
    {
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }
    }

    private async Task AcceptAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(() =>
            {
                try
                {
                    _handle(context);
                }
                catch (Exception e) when (e is HttpListenerException or IOException or ObjectDisposedException)
                {
                    // The client went away.
                }
            });
        }
    }
}
