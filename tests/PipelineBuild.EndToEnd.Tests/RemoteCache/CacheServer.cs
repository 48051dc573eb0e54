namespace PipelineBuild.EndToEnd.Tests.RemoteCache;

/// <summary>
/// A real remote cache for a test: nginx with WebDAV, s3rver, Azurite, or a shared folder, each on a
/// free loopback port with a folder of its own. <see cref="Url"/> and <see cref="Environment"/> are
/// what a user would set; <see cref="ObjectPath"/> finds an object on disk so tests can damage it.
/// </summary>
internal sealed class CacheServer : IDisposable
{
    /// <summary>Azurite's well-known development account key (public, documented by Microsoft).</summary>
    private const string AzuriteKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly LocalServer? _server;
    private readonly string? _folder;

    private CacheServer(string kind, LocalServer? server, string? folder, string url, IReadOnlyDictionary<string, string> environment)
    {
        Kind = kind;
        _server = server;
        _folder = folder;
        Url = url;
        Environment = environment;
    }

    public string Kind { get; }

    public string Url { get; }

    /// <summary>The environment a client needs (credentials, endpoint).</summary>
    public IReadOnlyDictionary<string, string> Environment { get; }

    /// <summary>The binary each kind needs, for <see cref="RemoteCacheFactAttribute"/>.</summary>
    public static string BinaryOf(string kind) => kind switch
    {
        "http" => "nginx",
        "s3" => "s3rver",
        "azblob" => "azurite-blob",
        _ => "sh",
    };

    public static CacheServer Start(string kind) => kind switch
    {
        "http" => Nginx(),
        "s3" => S3rver(),
        "azblob" => Azurite(),
        "file" => SharedFolder(),
        "http-down" => new CacheServer(kind, null, null, $"http://127.0.0.1:{LocalServer.FreePort()}/cache", new Dictionary<string, string>()),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>Where the server keeps an object (<c>ac/…</c>, <c>cas/…</c>) on disk, for nginx and the shared folder.</summary>
    public string ObjectPath(string relative) => Kind switch
    {
        "http" => Path.Combine(_server!.Folder, "root", "cache", relative),
        "file" => Path.Combine(_folder!, relative),
        _ => throw new NotSupportedException($"{Kind} keeps objects in its own format"),
    };

    public void Dispose()
    {
        _server?.Dispose();
        if (_folder is not null && Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private static CacheServer Nginx()
    {
        var server = LocalServer.Start(
            "nginx",
            (folder, port) =>
            {
                var root = Path.Combine(folder, "root");
                Directory.CreateDirectory(Path.Combine(root, "cache"));
                File.WriteAllText(Path.Combine(root, "ready"), "ok");
                foreach (var path in new[] { folder, root, Path.Combine(root, "cache") })
                {
                    File.SetUnixFileMode(path, (UnixFileMode)0b111_111_111);
                }

                var config = Path.Combine(folder, "nginx.conf");
                File.WriteAllText(config, $$"""
                    worker_processes 1;
                    daemon off;
                    pid {{folder}}/nginx.pid;
                    error_log stderr;
                    events { worker_connections 64; }
                    http {
                      access_log off;
                      client_body_temp_path {{folder}}/body;
                      proxy_temp_path {{folder}}/proxy;
                      fastcgi_temp_path {{folder}}/fastcgi;
                      uwsgi_temp_path {{folder}}/uwsgi;
                      scgi_temp_path {{folder}}/scgi;
                      server {
                        listen 127.0.0.1:{{port}};
                        root {{root}};
                        client_max_body_size 0;
                        location / { dav_methods PUT; create_full_put_path on; }
                      }
                    }
                    """);
                return ["-c", config, "-e", "stderr"];
            },
            "/ready",
            "build/remote-cache-up.sh");
        return new CacheServer("http", server, null, server.Url + "/cache", new Dictionary<string, string>());
    }

    private static CacheServer S3rver()
    {
        var server = LocalServer.Start(
            "s3rver",
            (folder, port) => ["--silent", "--address", "127.0.0.1", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--directory", Path.Combine(folder, "data"), "--configure-bucket", "cache"],
            "/",
            "build/remote-cache-up.sh",
            anyAnswer: true);
        return new CacheServer("s3", server, null, "s3://cache/team", new Dictionary<string, string>
        {
            ["PIPELINEBUILD_CACHE_S3_ENDPOINT"] = server.Url,
            ["AWS_ACCESS_KEY_ID"] = "S3RVER",
            ["AWS_SECRET_ACCESS_KEY"] = "S3RVER",
        });
    }

    private static CacheServer Azurite()
    {
        var server = LocalServer.Start(
            "azurite-blob",
            (folder, port) => ["--silent", "--skipApiVersionCheck", "--loose", "--blobHost", "127.0.0.1", "--blobPort", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--location", Path.Combine(folder, "data")],
            "/devstoreaccount1?comp=list",
            "build/remote-cache-up.sh",
            anyAnswer: true);
        var connection = $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AzuriteKey};BlobEndpoint={server.Url}/devstoreaccount1;";
        new Azure.Storage.Blobs.BlobContainerClient(connection, "cache").CreateIfNotExists();
        return new CacheServer("azblob", server, null, "azblob://devstoreaccount1/cache/team", new Dictionary<string, string>
        {
            ["AZURE_STORAGE_CONNECTION_STRING"] = connection,
        });
    }

    private static CacheServer SharedFolder()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"pb-share-{Guid.NewGuid().ToString("N")[..8]}");
        Directory.CreateDirectory(folder);
        return new CacheServer("file", null, folder, new Uri(folder).AbsoluteUri, new Dictionary<string, string>());
    }
}
